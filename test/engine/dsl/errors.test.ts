/** Malformed, unsupported and hostile Query DSL: clear errors with JSON paths, never a crash. */
import { describe, expect, it } from 'vitest';
import { compileDsl, MAX_DSL_DEPTH } from '../../../src/engine/dsl/compile.ts';
import { DslError } from '../../../src/engine/dsl/errors.ts';
import { compileKibanaFilters } from '../../../src/engine/dsl/kibana-filters.ts';

const errorOf = (query: unknown): DslError => {
  try {
    compileDsl(query);
  } catch (error) {
    if (error instanceof DslError) return error;
    throw error;
  }
  throw new Error('expected a DslError');
};

describe('errors', () => {
  it.each([
    [{ geo_shape: {} }, 'unsupported', "query: unsupported query type 'geo_shape'"],
    [{ bool: { filter: [{ match_all: {} }, { foo: {} }] } }, 'invalid', "query.bool.filter[1]: unknown query type 'foo'"],
    [{}, 'invalid', 'query: query malformed, empty clause found'],
    [{ term: { a: 1 }, match: { a: 1 } }, 'invalid', "query: a query must have exactly one type, found 'term' and 'match'"],
    [{ term: { a: 1, b: 2 } }, 'invalid', "query.term: [term] query doesn't support multiple fields, found [a] and [b]"],
    [{ term: {} }, 'invalid', 'query.term: [term] query requires a field'],
    [{ term: { a: { values: 'x' } } }, 'invalid', 'query.term.a.values: [term] query does not support [values]'],
    [{ term: { 'process.name': { case_insensitive: true } } }, 'invalid', 'query.term["process.name"]: [term] query requires [value]'],
    [{ term: { a: null } }, 'invalid', 'query.term.a: [term] query requires [value]'],
    [{ term: { a: { value: ['x'] } } }, 'invalid', 'query.term.a.value: [term] value must be a string, number or boolean'],
    [{ term: { a: { value: 'x', case_insensitive: 'yes' } } }, 'invalid', 'query.term.a.case_insensitive: case_insensitive must be true or false'],
    [{ terms: { a: { index: 'i', id: '1', path: 'p' } } }, 'unsupported', 'query.terms.a: terms lookup reads another index'],
    [{ match: { a: { query: 'x', fuzziness: 'AUTO' } } }, 'unsupported', 'query.match.a.fuzziness: fuzzy matching is not supported'],
    [{ match: { a: { query: 'x', operator: 'xor' } } }, 'invalid', 'query.match.a.operator: operator must be "or" or "and"'],
    [{ match: { a: { query: 'x y', minimum_should_match: 'lots' } } }, 'invalid', 'query.match.a.minimum_should_match: invalid minimum_should_match [lots]'],
    [{ match_phrase: { a: { query: 'x y', slop: 2 } } }, 'unsupported', 'query.match_phrase.a.slop: phrase slop is not supported'],
    [{ regexp: { a: '[a-' } }, 'invalid', /^query\.regexp\.a\.value: invalid regular expression/],
    [{ regexp: { a: { value: 'a', flags: 'INTERSECTION' } } }, 'unsupported', 'query.regexp.a.flags: regexp flags other than ALL are not supported'],
    [
      { regexp: { a: '(a|b)*a(a|b){2000}' } },
      'invalid',
      'query.regexp.a.value: regex too complex: more than 10000 determinized states (Elasticsearch rejects it too: max_determinized_states)',
    ],
    [
      { regexp: { a: { value: '[ab]*a[ab]{12}', max_determinized_states: 1000 } } },
      'invalid',
      'query.regexp.a.value: regex too complex: more than 1000 determinized states (Elasticsearch rejects it too: max_determinized_states)',
    ],
    [{ regexp: { a: { value: 'a', max_determinized_states: 0 } } }, 'invalid', 'query.regexp.a.max_determinized_states: max_determinized_states must be a positive integer'],
    [{ range: { '@timestamp': { gte: '01/02/2024', format: 'dd/MM/yyyy' } } }, 'unsupported', 'query.range.@timestamp.format: date format [dd/MM/yyyy] is not supported'],
    [{ range: { '@timestamp': { gte: 'now-1d/d', time_zone: '+01:00' } } }, 'unsupported', /time_zone \[\+01:00\] is not supported/],
    [{ range: { a: 5 } }, 'invalid', 'query.range.a: [range] query expects an object of parameters'],
    [{ bool: { must: 'x' } }, 'invalid', 'query.bool.must: [bool] must must be a query or an array of queries'],
    [{ bool: { should: [{ match_all: {} }], minimum_should_match: 1.5 } }, 'invalid', 'query.bool.minimum_should_match: minimum_should_match must be an integer or a string'],
    [{ bool: { must: [], boost: 1, extra: true } }, 'invalid', 'query.bool.extra: [bool] query does not support [extra]'],
    [{ nested: { query: { match_all: {} } } }, 'invalid', 'query.nested.path: [nested] path must be a string'],
    [{ exists: { field: '' } }, 'invalid', 'query.exists.field: [exists] field must not be empty'],
    [{ query_string: { query: 'a:(b' } }, 'invalid', /^query\.query_string\.query: .* in the query string$/],
    [{ query_string: { query: 'a', fields: ['a', 'b'] } }, 'unsupported', 'query.query_string.fields: [query_string] over several fields is not supported'],
    [{ query_string: { query: 'a b', default_operator: 'AND' } }, 'unsupported', 'query.query_string.default_operator: only default_operator OR is supported'],
    [{ simple_query_string: { query: 'a | b' } }, 'unsupported', /simple_query_string is not supported/],
    [{ nested: { path: 'x', query: { query_string: { query: 'x.a:1' } } } }, 'unsupported', 'query.nested.query.query_string: [query_string] inside a nested query is not supported'],
  ])('%j', (query, kind, message) => {
    const error = errorOf(query);
    expect(error.kind).toBe(kind);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it('accepts a custom root path', () => {
    expect(() => compileDsl({ nope: {} }, { path: 'filters[3].query' })).toThrow("filters[3].query: unknown query type 'nope'");
  });
});

describe('hostile input', () => {
  it.each([null, undefined, 5, 'term', [], [{ match_all: {} }], true])('rejects the non-query %j', (query) => {
    expect(() => compileDsl(query)).toThrow(DslError);
  });

  it.each([
    '{"__proto__": {}}',
    '{"constructor": {}}',
    '{"toString": {}}',
    '{"bool": {"__proto__": {"must": []}}}',
    '{"term": {"a": {"__proto__": {"value": "x"}}}}',
    '{"range": {"a": {"__proto__": 1}}}',
    '{"bool": {"hasOwnProperty": []}}',
  ])('rejects %s without touching prototypes', (json) => {
    expect(() => compileDsl(JSON.parse(json))).toThrow(DslError);
    expect(({} as Record<string, unknown>).value).toBeUndefined();
  });

  it.each([
    ['{"term": {"__proto__": "x"}}', '{"__proto__": "x"}', true],
    ['{"term": {"__proto__": "x"}}', '{}', false],
    ['{"term": {"constructor": "x"}}', '{}', false],
    ['{"exists": {"field": "toString"}}', '{}', false],
    ['{"exists": {"field": "__proto__.polluted"}}', '{}', false],
    ['{"bool": {"must_not": {"term": {"constructor.name": "Object"}}}}', '{}', true],
  ])('%s on %s → %s (own keys only)', (query, event, expected) => {
    expect(compileDsl(JSON.parse(query)).matches(JSON.parse(event))).toBe(expected);
  });

  it('rejects nesting deeper than the limit without overflowing the stack', () => {
    let query: unknown = { match_all: {} };
    for (let i = 0; i < 100_000; i++) query = { bool: { must: [query] } };
    expect(() => compileDsl(query)).toThrow(`nested deeper than ${MAX_DSL_DEPTH} levels`);
  });

  it('accepts nesting within the limit', () => {
    let query: unknown = { term: { a: 'x' } };
    for (let i = 0; i < MAX_DSL_DEPTH / 2 - 1; i++) query = { bool: { must_not: [{ bool: { must_not: [query] } }] } };
    expect(compileDsl(query).matches({ a: 'x' })).toBe(true);
  });

  it('handles wide queries and deep documents', () => {
    const query = { bool: { should: Array.from({ length: 5000 }, (_, i) => ({ term: { a: `v${i}` } })) } };
    let event: Record<string, unknown> = { a: 'v4999' };
    for (let i = 0; i < 10_000; i++) event = { wrap: [event] };
    expect(compileDsl(query).matches({ a: 'v4999' })).toBe(true);
    expect(compileDsl({ exists: { field: 'wrap' } }).matches(event)).toBe(true);
  });

  it('rejects deeply nested combined filters', () => {
    let filter: unknown = { meta: {}, query: { match_all: {} } };
    for (let i = 0; i < 1000; i++) filter = { meta: { type: 'combined', relation: 'AND', params: [filter] } };
    expect(() => compileKibanaFilters([filter])).toThrow(DslError);
  });
});
