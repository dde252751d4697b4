import { describe, expect, it } from 'vitest';
import { compileRuleQuery } from '../../../src/engine/query/compile-rule-query.ts';
import type { Rule } from '../../../src/engine/rules/model.ts';

const rule = (fields: Omit<Rule, 'passthrough'>): Rule => ({ passthrough: {}, ...fields });
const KCC = { event: { category: 'process' }, process: { name: 'kcc', args: ['kcc', 'copy_cred_cache'] } };
const OTHER = { event: { category: 'process' }, process: { name: 'ls', args: ['ls'] } };

describe('compileRuleQuery', () => {
  it.each<[string, Omit<Rule, 'passthrough'>]>([
    ['kuery', { type: 'query', language: 'kuery', query: 'process.name:kcc and process.args:copy_cred_cache' }],
    ['kuery', { type: 'new_terms', query: 'process.name:kcc' }],
    ['kuery', { type: 'threshold', language: 'kuery', query: 'process.name:kc*' }],
    ['lucene', { type: 'query', language: 'lucene', query: 'process.name:kcc AND process.args:copy_cred_cache' }],
  ])('compiles a %s query into a filter that matches events', (language, fields) => {
    const result = compileRuleQuery(rule(fields));
    expect(result).toMatchObject({ status: 'ok', language });
    if (result.status !== 'ok' || !('filter' in result)) throw new Error('expected a filter');
    expect([result.filter.matches(KCC), result.filter.matches(OTHER)]).toEqual([true, false]);
  });

  it('compiles an EQL rule with the EQL compiler', () => {
    const result = compileRuleQuery(rule({ type: 'eql', language: 'eql', query: 'process where process.name == "kcc"' }));
    expect(result).toMatchObject({ status: 'ok', language: 'eql', eql: { kind: 'event' } });
  });

  it('runs a query rule without a query as the empty query (matches everything)', () => {
    const result = compileRuleQuery(rule({ type: 'query' }));
    if (result.status !== 'ok' || !('filter' in result)) throw new Error('expected a filter');
    expect(result.filter.matches(OTHER)).toBe(true);
  });

  it.each<[string, Omit<Rule, 'passthrough'>]>([
    ['kuery', { type: 'query', language: 'kuery', query: 'process.name:(kcc or' }],
    ['lucene', { type: 'query', language: 'lucene', query: 'process.name:(kcc OR' }],
    ['eql', { type: 'eql', language: 'eql', query: 'process where\n  process.name ==' }],
  ])('returns %s syntax errors with their position in the query', (_language, fields) => {
    const result = compileRuleQuery(rule(fields));
    expect(result.status).toBe('error');
    if (result.status !== 'error') return;
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error!.field).toBe('query');
    expect(error!.offset).toBeGreaterThan(0);
    expect(error!.message).not.toMatch(/ at \d+:\d+$/); // the reason only; positions are fields
    const before = fields.query!.slice(0, error!.offset).split('\n');
    expect([error!.line, error!.column]).toEqual([before.length, before.at(-1)!.length + 1]);
  });

  it.each<[Omit<Rule, 'passthrough'>, RegExp]>([
    [{ type: 'machine_learning' }, /machine learning/],
    [{ type: 'esql', language: 'esql', query: 'from logs-*' }, /ES\|QL/],
    [{ type: 'saved_query', saved_id: 'abc' }, /saved query/],
    [{ type: 'threat_match', query: 'a:b', threat_query: 'c:d' }, /indicator match/],
    [{ type: 'sigma', query: 'a:b' }, /unknown rule type "sigma"/],
  ])('reports %o as unsupported', (fields, reason) => {
    const result = compileRuleQuery(rule(fields));
    expect(result.status).toBe('unsupported');
    if (result.status === 'unsupported') expect(result.reason).toMatch(reason);
  });

  it('still checks both queries of an indicator match rule', () => {
    const result = compileRuleQuery(rule({ type: 'threat_match', query: 'a:(b', threat_query: 'c:(d' }));
    expect(result.status === 'error' && result.errors.map((error) => error.field)).toEqual(['query', 'threat_query']);
  });

  it('compiles a saved_query rule that carries its query', () => {
    expect(compileRuleQuery(rule({ type: 'saved_query', saved_id: 'x', query: 'a:b' })).status).toBe('ok');
  });
});
