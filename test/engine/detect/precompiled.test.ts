/**
 * A precompiled pack (rules/precompiled.ts: each runnable rule's summary, stored as JSON; the
 * query compiled when an event first reaches the rule) must scan exactly as the compiled pack:
 * the bundled Elastic library over generated fleet events (Windows, Linux, macOS Defend-shaped),
 * alert documents and per-rule counts identical, with the rule program and rule at a time.
 */
import { describe, expect, it } from 'vitest';
import { fleetLines } from '../../../bench/fleet/events.ts';
import { createDetector, type DetectorResult } from '../../../src/engine/detect/detector.ts';
import { formatNdjsonLine } from '../../../src/engine/output/index.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { checkRule, type RuleCheck } from '../../../src/engine/rules/check.ts';
import { loadRuleTexts } from '../../../src/engine/rules/load.ts';
import { lazyCheck, precompiledCheck, summarizeCheck } from '../../../src/engine/rules/precompiled.ts';
import { readPackShards } from '../../support/elastic-pack.ts';

const NOW = Date.parse('2024-05-02T00:00:00Z');

async function run(checks: readonly RuleCheck[], events: readonly EventDoc[], ruleAtATime: boolean): Promise<DetectorResult> {
  const detector = createDetector(
    checks.map((check) => check.entry),
    { scanId: 'precompiled', now: NOW, checks, ruleAtATime },
  );
  events.forEach((event, i) => detector.push(event, { file: 'fleet.ndjson', line: i + 1 }));
  return detector.finish();
}

// Per-rule counts and messages; `millis` is the clock's.
const outcome = (result: DetectorResult) => ({
  alerts: result.alerts.map(formatNdjsonLine).join(''),
  stats: JSON.stringify({ ...result.stats, rules: result.stats.rules.map(({ millis: _millis, ...rule }) => rule) }),
});

/** Scans the events with both check lists: some alerts, and the same alerts and per-rule counts from each. */
async function expectSameScan(expected: readonly RuleCheck[], actual: readonly RuleCheck[], events: readonly EventDoc[], ruleAtATime: boolean): Promise<void> {
  const want = outcome(await run(expected, events, ruleAtATime));
  const got = outcome(await run(actual, events, ruleAtATime));
  expect(got.alerts.length).toBeGreaterThan(0);
  expect(got.alerts).toBe(want.alerts);
  expect(got.stats).toBe(want.stats);
}

describe('a precompiled pack', () => {
  it('scans the bundled library exactly as the compiled library does', async () => {
    const checks = loadRuleTexts(readPackShards()).entries.map(checkRule);
    // Through JSON, as the pack index stores them.
    const summaries = checks.map((check) => {
      const summary = summarizeCheck(check);
      return summary === undefined ? undefined : JSON.parse(JSON.stringify(summary)) as typeof summary;
    });
    const ok = checks.filter((check) => check.status === 'ok').length;
    expect(summaries.filter((summary) => summary !== undefined).length).toBe(ok);
    expect(ok).toBeGreaterThan(1500);
    const precompiled = checks.map((check, r) => (summaries[r] === undefined ? check : precompiledCheck(check.entry, summaries[r])));

    const events = [...fleetLines(1500)].map((line) => JSON.parse(line) as EventDoc);
    for (const ruleAtATime of [false, true]) await expectSameScan(checks, precompiled, events, ruleAtATime);
  }, 120_000);

  it('lazyCheck: a scan keeps summaries instead of compiled queries (other checks as they are) and alerts the same', async () => {
    const checks = loadRuleTexts(readPackShards()).entries.map(checkRule);
    const lazy = checks.map(lazyCheck);
    checks.forEach((check, r) => {
      if (check.status !== 'ok') expect(lazy[r]).toBe(check);
      else expect([lazy[r]!.status, lazy[r]!.compiled, lazy[r]!.summary !== undefined, lazy[r]!.entry]).toEqual(['ok', undefined, true, check.entry]);
    });
    const events = [...fleetLines(600)].map((line) => JSON.parse(line) as EventDoc);
    await expectSameScan(checks, lazy, events, false);
  }, 120_000);

  it('compiles a query only when an event reaches its rule', async () => {
    const rule = (query: string) => ({ rule_id: 'r1', name: 'r1', type: 'query', language: 'kuery', query, index: ['logs-*'], risk_score: 21, severity: 'low', description: 'd', from: 'now-6m', interval: '5m' });
    const [valid] = loadRuleTexts([{ file: 'a.ndjson', text: JSON.stringify(rule('process.name : "never-seen.exe"')) }]).entries.map(checkRule);
    const summary = summarizeCheck(valid!)!;
    // The summary of a valid query, on an entry whose query would not compile: only compiling it can fail.
    const [broken] = loadRuleTexts([{ file: 'b.ndjson', text: JSON.stringify(rule('process.name : (')) }]).entries;
    const checks = [precompiledCheck(broken!, summary)];
    const event = (name: string): EventDoc => ({ '@timestamp': '2024-05-01T00:00:00Z', process: { name }, data_stream: { type: 'logs', dataset: 'x', namespace: 'default' } });
    const untouched = await run(checks, [event('other.exe')], false);
    expect(untouched.stats.rules[0]!.status).toBe('ok');
    await expect(run(checks, [event('never-seen.exe')], false)).rejects.toThrow(/precompiled as runnable, but its query does not compile/);
  });
});
