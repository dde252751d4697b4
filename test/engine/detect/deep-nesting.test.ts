/**
 * One matching event nested thousands of levels deep once ended the whole scan with "Maximum call
 * stack size exceeded" (canonical JSON for its identity, NDJSON output, the shell alert of a
 * sequence, nested queries): the scan must finish, with that event's alert and every other one.
 * JSON.parse itself reads such lines (V8 parses iteratively).
 */
import { describe, expect, it } from 'vitest';
import { explainMatch } from '../../../src/engine/explain/match.ts';
import { formatCsvRow, formatNdjsonLine, htmlReport } from '../../../src/engine/output/index.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { exportedRule, exportedRules, scan } from './helpers.ts';

/** `{"a":{"a":…"leaf"…}}` or `[[…"leaf"…]]`, `depth` levels, as text. */
function nestedText(depth: number, kind: 'object' | 'array'): string {
  return kind === 'object' ? `${'{"a":'.repeat(depth)}"leaf"${'}'.repeat(depth)}` : `${'['.repeat(depth)}"leaf"${']'.repeat(depth)}`;
}

function event(second: number, fields: string): EventDoc {
  return JSON.parse(`{"@timestamp":"2024-01-01T00:00:0${second}Z","event":{"action":"x"},"host":{"name":"h"},"n":${second}${fields}}`) as EventDoc;
}

const rules = exportedRules([
  exportedRule({ rule_id: 'query', query: 'event.action:x' }),
  // A KQL nested query walks the objects under `deep`, through arrays at any depth.
  exportedRule({ rule_id: 'nested', query: 'deep:{ b:1 }' }),
  // The shell alert of a sequence intersects its events' documents field by field.
  exportedRule({ rule_id: 'sequence', type: 'eql', language: 'eql', query: 'sequence by host.name [any where event.action == "x"] [any where event.action == "x"]' }),
  // Its reason message joins `process.name` as Kibana's template does (Array.prototype.join recursed).
  exportedRule({ rule_id: 'reason', query: 'event.action:x and process.name:*' }),
  // A bare value is tested on every leaf field of the event, the deepest one included.
  exportedRule({ rule_id: 'bare', query: 'leaf' }),
  exportedRule({ rule_id: 'lucene', language: 'lucene', query: 'leaf' }),
]);

describe.each([5_000, 100_000])('an event nested %i levels deep', (depth) => {
  it.each(['object', 'array'] as const)('in an %s: the scan completes with its alerts and every other one', async (kind) => {
    const deep = nestedText(depth, kind);
    const events = [
      event(1, ''),
      event(2, `,"deep":${deep},"process":{"name":["sh",${nestedText(depth, 'array')}]}`),
      event(3, `,"deep":[[[{"b":1}]]]`),
    ];
    const result = await scan(rules, events);
    const byRule = (ruleId: string) => result.alerts.filter((alert) => alert['kibana.alert.rule.rule_id'] === ruleId);
    expect(byRule('query')).toHaveLength(3);
    expect(byRule('nested')).toHaveLength(1);
    expect(byRule('sequence').length).toBeGreaterThan(0);
    expect(byRule('reason')).toHaveLength(1);
    expect(byRule('reason')[0]!['kibana.alert.reason']).toContain('process sh, leaf,');
    expect(byRule('bare')).toHaveLength(1);
    expect(byRule('lucene')).toHaveLength(1);
    // The alert view's explanation, computed on the page from the alert's source event.
    for (const ruleId of ['query', 'nested', 'bare', 'lucene']) {
      const entry = rules.find((candidate) => candidate.rule.rule_id === ruleId)!;
      const matched = events.find((item) => byRule(ruleId).some((alert) => alert.n === item.n))!;
      expect(explainMatch(entry, matched)?.clauses.length, ruleId).toBeGreaterThan(0);
    }

    const alert = byRule('query')[1]!;
    expect(alert['kibana.alert.uuid']).toMatch(/^[0-9a-f]{64}$/);
    const line = formatNdjsonLine(alert);
    expect(line).toContain(`"deep":${deep}`);
    expect(line.endsWith('}\n')).toBe(true);
    expect(formatCsvRow(alert)).toContain('h');
    for (const other of result.alerts) expect(formatNdjsonLine(other).endsWith('\n')).toBe(true);
  });
});

describe('the HTML report of a deeply nested alert', () => {
  it('indents 64 levels and writes the rest compact, in size linear in the depth', async () => {
    const depth = 100_000;
    const result = await scan(rules, [event(1, `,"deep":${nestedText(depth, 'object')}`)]);
    const report = htmlReport({ title: 't', scanId: 's', startedAt: 0, finishedAt: 0, alerts: result.alerts.filter((alert) => alert['kibana.alert.rule.rule_id'] === 'query'), stats: result.stats, files: [] });
    expect(report).toContain(`&quot;a&quot;: {&quot;a&quot;:{&quot;a&quot;:`);
    expect(report.length).toBeLessThan(depth * 40);
  });
});
