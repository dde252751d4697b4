import { describe, expect, it } from 'vitest';
import { ruleFromRecord } from '../../../src/engine/rules/fields.ts';
import { validateRule } from '../../../src/engine/rules/validate.ts';

const BASE = { rule_id: 'r', name: 'n', description: 'd', severity: 'low', risk_score: 21, type: 'query', query: 'a:b' };

function problemsOf(fields: Record<string, unknown>, without: string[] = []) {
  const record: Record<string, unknown> = { ...BASE, ...fields };
  for (const key of without) delete record[key];
  return validateRule(ruleFromRecord(record).rule);
}

describe('validateRule', () => {
  it('accepts a complete rule of each runnable type', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ type: 'eql', language: 'eql', query: 'any where true' })).toEqual([]);
    expect(problemsOf({ type: 'new_terms', new_terms_fields: ['host.id'], history_window_start: 'now-7d', from: 'now-9m' })).toEqual([]);
    expect(problemsOf({ type: 'threshold', threshold: { field: ['host.id'], value: 5, cardinality: [{ field: 'user.name', value: 2 }] } })).toEqual([]);
  });

  it.each([
    ['name', 'missing required field name'],
    ['rule_id', 'missing required field rule_id'],
    ['type', 'missing required field type'],
    ['description', 'missing required field description'],
  ])('requires %s', (field, message) => {
    expect(problemsOf({}, [field])).toContainEqual({ field, message });
  });

  it('treats null as missing', () => {
    expect(problemsOf({ name: null })).toContainEqual({ field: 'name', message: 'missing required field name' });
  });

  it.each([
    [{ type: 'eql', language: 'eql' }, ['query', 'eql rules need a query']],
    [{ type: 'new_terms', new_terms_fields: ['a'], history_window_start: 'now-7d' }, ['query', 'new_terms rules need a query']],
    [{ type: 'threshold', threshold: { field: [], value: 1 } }, ['query', 'threshold rules need a query']],
  ])('requires a query on %o', (fields, [field, message]) => {
    expect(problemsOf(fields, ['query'])).toContainEqual({ field, message });
  });

  it('lets a query rule omit its query (Kibana runs the empty query)', () => {
    expect(problemsOf({}, ['query'])).toEqual([]);
  });

  it.each<[Record<string, unknown>, string, RegExp]>([
    [{ type: 'kql' }, 'type', /unknown rule type "kql"/],
    [{ language: 'eql' }, 'language', /language "eql" is not valid for query rules/],
    [{ type: 'eql', language: 'kuery' }, 'language', /expected eql/],
    [{ severity: 'urgent' }, 'severity', /severity must be one of/],
    [{ risk_score: 101 }, 'risk_score', /0 to 100/],
    [{ max_signals: 0 }, 'max_signals', /at least 1/],
    [{ interval: '5 minutes' }, 'interval', /not a duration/],
    [{ from: 'yesterday' }, 'from', /not date math/],
    [{ building_block_type: 'yes' }, 'building_block_type', /"default"/],
    [{ threat: [{ framework: 'MITRE ATT&CK', tactic: { id: 'TA0006' } }] }, 'threat', /tactic needs id, name and reference/],
    [{ exceptions_list: [{ list_id: 'l' }] }, 'exceptions_list', /need id, list_id, type and namespace_type/],
  ])('reports %o', (fields, field, message) => {
    const problems = problemsOf(fields);
    expect(problems.map((problem) => problem.field)).toContain(field);
    expect(problems.map((problem) => problem.message).join('\n')).toMatch(message);
  });

  const NEW_TERMS = { type: 'new_terms', history_window_start: 'now-7d', new_terms_fields: ['a'] };
  it.each<[Record<string, unknown>, RegExp]>([
    [{ new_terms_fields: [] }, /1 to 3 fields \(has 0\)/],
    [{ new_terms_fields: ['a', 'b', 'c', 'd'] }, /1 to 3 fields \(has 4\)/],
    [{ new_terms_fields: [' '] }, /empty field names/],
    [{ new_terms_fields: undefined }, /need new_terms_fields/],
    [{ history_window_start: undefined }, /need history_window_start/],
    [{ history_window_start: 'now-5m', from: 'now-9m' }, /must be earlier than from/],
    [{ history_window_start: 'now-6m' }, /must be earlier than from \(now-6m\)/],
  ])('checks new terms parameters %o', (fields, message) => {
    const record = { ...NEW_TERMS, ...fields };
    const problems = problemsOf(Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)));
    expect(problems.map((problem) => problem.message).join('\n')).toMatch(message);
  });

  it.each<[unknown, RegExp]>([
    [undefined, /need a threshold/],
    [{ field: 'host.id', value: 0 }, /value must be a whole number of at least 1/],
    [{ field: ['a', 'b', 'c', 'd', 'e', 'f'], value: 1 }, /at most 5 fields/],
    [{ field: [1], value: 1 }, /field name or an array of field names/],
    [{ field: ['a'], value: 1, cardinality: [{ field: 'b' }] }, /cardinality must be a list/],
    [{ field: ['a'], value: 1, cardinality: [{ field: 'a', value: 2 }] }, /cannot count a field the rule groups by/],
  ])('checks the threshold %o', (threshold, message) => {
    const problems = problemsOf(threshold === undefined ? { type: 'threshold' } : { type: 'threshold', threshold });
    expect(problems.map((problem) => problem.message).join('\n')).toMatch(message);
  });

  it('accepts the pre-7.12 threshold with a single field name', () => {
    expect(problemsOf({ type: 'threshold', threshold: { field: 'host.id', value: 3 } })).toEqual([]);
  });
});
