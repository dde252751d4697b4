import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoupe, tempFiles } from './run-cli.ts';
import { kccEvent, kibanaRule, ndjson, parseAlerts } from './scan-fixtures.ts';

/**
 * A regex whose automaton explodes ("an a 2,001 characters from the end": 2^2001 DFA states) used to
 * make a scan crawl (110 s and 1.5 GB on 300 KB). Elasticsearch refuses to run it
 * (max_determinized_states); Loupe now refuses it when the rule is loaded, and runs the other rules.
 */
const HOSTILE = '(a|b)*a(a|b){2000}';
const TOO_COMPLEX = 'regex too complex: more than 10000 determinized states (Elasticsearch rejects it too: max_determinized_states)';

const rules = {
  eql: kibanaRule({ rule_id: 'eql-regex', name: 'EQL regex', type: 'eql', language: 'eql', query: `process where process.name regex "${HOSTILE}"` }),
  lucene: kibanaRule({ rule_id: 'lucene-regex', name: 'Lucene regex', language: 'lucene', query: `process.name:/${HOSTILE}/` }),
  filter: kibanaRule({
    rule_id: 'filter-regex',
    name: 'Filter regex',
    filters: [{ meta: { disabled: false, negate: false }, query: { regexp: { 'process.name': { value: HOSTILE } } } }],
  }),
  good: kibanaRule({ rule_id: 'good', name: 'Good' }),
};

interface CheckLine {
  rule_id: string;
  status: string;
  errors: { message: string; line: number; column: number }[];
}

describe('a rule with an exploding regex', () => {
  it('is rejected by loupe check with the reason, at the pattern, while the other rules pass', async () => {
    const root = tempFiles({ 'rules.ndjson': [rules.eql, rules.lucene, rules.good].join('\n') });
    const { code, out } = await runLoupe('check', '--json', root);
    expect(code).toBe(1);
    const lines = out.map((line) => JSON.parse(line) as CheckLine);
    const byId = new Map(lines.map((line) => [line.rule_id, line]));
    expect(byId.get('good')?.status).toBe('ok');
    // EQL points at the string literal, Lucene at the pattern (after the `/`), both inside the query.
    const eqlColumn = JSON.parse(rules.eql).query.indexOf('"') + 1;
    const luceneColumn = JSON.parse(rules.lucene).query.indexOf('/') + 2;
    expect(byId.get('eql-regex')).toMatchObject({ status: 'error', errors: [{ message: `${TOO_COMPLEX} (query 1:${eqlColumn})`, line: 1 }] });
    expect(byId.get('lucene-regex')).toMatchObject({ status: 'error', errors: [{ message: `${TOO_COMPLEX} (query 1:${luceneColumn})`, line: 2 }] });
  });

  it('is reported by loupe scan, which still runs the good rule and writes its alerts', async () => {
    const root = tempFiles({
      'rules/r.ndjson': [rules.eql, rules.filter, rules.good].join('\n'),
      // A long a/b process name: the old lazily built automaton crawled on exactly this.
      'in/e.ndjson': ndjson([
        kccEvent('2024-05-01T10:00:00Z'),
        kccEvent('2024-05-01T10:00:01Z', { process: { name: 'ab'.repeat(10_000) } }),
      ]),
    });
    const { code, stdout, err } = await runLoupe('scan', join(root, 'in'), '--rules', join(root, 'rules'), '--now', '2024-05-02T00:00:00.000Z');
    expect(code).toBe(1);
    expect(parseAlerts(stdout).map((alert) => alert['kibana.alert.rule.rule_id'])).toEqual(['good']);
    expect(err[0]).toBe('✗ EQL regex (eql-regex)');
    expect(err[1]).toContain(TOO_COMPLEX);
    // Kibana filters (a regexp query) are compiled when the scan prepares the rule.
    expect(err).toContain(`    filters: filters[0].query.regexp["process.name"].value: ${TOO_COMPLEX}`);
    expect(err).toContain('rules: 3 (1 ran, 2 with errors, 0 unsupported); 1 alert');
  });
});
