/**
 * Rules checked in two threads at once (src/workers/shared-check.ts) come out as checking every
 * rule here would: same status, errors and reason, and for `ok` rules the same summary (what the
 * scan needs before a rule's first event). The bundled library has every kind: runnable KQL, EQL
 * (sequences included), and rules Loupe cannot run (ES|QL, machine learning, threat match); a
 * broken rule and a duplicate are added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReaderPool, type ReaderPool } from '../../src/cli/reader-pool.ts';
import { checkRule, type RuleCheck } from '../../src/engine/rules/check.ts';
import { summarizeCheck } from '../../src/engine/rules/precompiled.ts';
import { createIntakeApi } from '../../src/workers/intake-api.ts';
import { localReader } from '../../src/workers/readers.ts';
import { planEntries, type ScanPlan } from '../../src/workers/scan-plan.ts';
import { checkWithHelper, claimCounter } from '../../src/workers/shared-check.ts';
import { readPackShards } from '../support/elastic-pack.ts';

const library = readPackShards();
const firstRule = library[0]!.text.slice(0, library[0]!.text.indexOf('\n'));
/** Beside the library: a rule whose query does not parse, and a second copy of the library's first rule (loaded as a duplicate). */
const extra = [
  JSON.stringify({ rule_id: 'broken', name: 'Broken', type: 'query', language: 'kuery', query: 'process.name:(x', index: ['logs-*'], risk_score: 1, severity: 'low', description: 'd' }),
  firstRule,
].join('\n');
const rules: Pick<ScanPlan, 'rules' | 'disabled'> = {
  rules: [
    ...library,
    { file: 'extra.ndjson', text: `${extra}\n` },
  ],
  disabled: [],
};
const entries = planEntries(rules);
const alone = entries.map(checkRule);

/** What a scan reads of a check: status, problems, and (ok rules) what routes events to it. */
const essence = (check: RuleCheck) => ({ status: check.status, errors: check.errors, reason: check.reason, summary: check.summary ?? summarizeCheck(check) });

describe('checking a pack with a helper', () => {
  let pool: ReaderPool;
  beforeAll(() => {
    pool = startReaderPool(1);
  });
  afterAll(async () => {
    await pool.close();
  });

  it('the rules are of every status, and some were loaded with problems', () => {
    expect(new Set(alone.map((check) => check.status))).toEqual(new Set(['ok', 'unsupported', 'error']));
    expect(entries.some((entry) => entry.duplicateOf !== undefined)).toBe(true);
  });

  it('a helper that claims every rule first: ok rules come from its summaries, the others are checked here again', async () => {
    const next = claimCounter();
    // In this thread the helper runs to the end before this thread claims anything.
    const helped = localReader(createIntakeApi()).checkRules(rules, next);
    const checks = await checkWithHelper(entries, next, helped);
    expect(checks.map(essence)).toEqual(alone.map(essence));
    const fromSummaries = checks.filter((check) => check.compiled === undefined && check.summary !== undefined).length;
    expect(fromSummaries).toBe(alone.filter((check) => summarizeCheck(check) !== undefined).length);
  });

  it('a helper that fails leaves every rule to this thread', async () => {
    const checks = await checkWithHelper(entries, claimCounter(), Promise.reject(new Error('thread gone')));
    expect(checks.map(essence)).toEqual(alone.map(essence));
    expect(checks.every((check) => check.summary === undefined)).toBe(true);
  });

  it('a reader thread checking alongside this one', async () => {
    const next = claimCounter();
    const checks = await checkWithHelper(entries, next, pool.readers[0]!.checkRules(rules, next));
    expect(checks.map(essence)).toEqual(alone.map(essence));
  });
});
