/**
 * Compound queries: `bool`, `constant_score`, `dis_max`, `match_all`, `match_none`.
 *
 * `bool` follows Lucene's BooleanQuery as Elasticsearch ≥ 7 builds it: every must/filter clause
 * matches, no must_not clause matches, and at least `minimum_should_match` should clauses match. The
 * default is 0 when there is a must or filter clause (should clauses are then optional) and 1
 * otherwise (a query of should clauses is a disjunction, also next to must_not clauses). A bool with
 * no clauses at all matches everything; one with only must_not clauses matches what they exclude.
 */
import { anyEventTest } from '../kql/field/targets.ts';
import { allOf, anyOf, NO_REQUIREMENT } from '../query/requirements.ts';
import { MATCH_ALL, MATCH_NONE, type DslCompiled, type DslContext, type QueryCompiler } from './context.ts';
import { DslError } from './errors.ts';
import { checkKeys, expectRecord, indexPath, isRecord, keyPath, own, type JsonRecord } from './json.ts';
import { minimumShouldMatch } from './minimum-should-match.ts';

const BOOL_KEYS = ['must', 'filter', 'should', 'must_not', 'minimum_should_match', 'boost', '_name', 'adjust_pure_negative'];

/** A clause list: one query object or an array of them. */
function clauses(body: JsonRecord, key: string, path: string, context: DslContext): DslCompiled[] {
  const value = own(body, key);
  const listPath = keyPath(path, key);
  if (value === undefined || value === null) return [];
  if (isRecord(value)) return [context.compile(value, listPath, context)];
  if (!Array.isArray(value)) throw new DslError(listPath, `[bool] ${key} must be a query or an array of queries`);
  return value.map((query, i) => context.compile(query, indexPath(listPath, i), context));
}

function minimumText(value: unknown, path: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string') return value;
  throw new DslError(path, 'minimum_should_match must be an integer or a string');
}

export const compileBool: QueryCompiler = (body, path, context) => {
  const record = expectRecord(body, path, '[bool] query');
  checkKeys(record, path, 'bool', BOOL_KEYS);
  const required = [...clauses(record, 'must', path, context), ...clauses(record, 'filter', path, context)];
  const should = clauses(record, 'should', path, context);
  const mustNot = clauses(record, 'must_not', path, context);
  if (required.length + should.length + mustNot.length === 0) return MATCH_ALL;
  // Only with `adjust_pure_negative: false` does a must_not-only query lack its implicit match-all.
  if (own(record, 'adjust_pure_negative') === false && required.length + should.length === 0) return MATCH_NONE;
  const msmPath = keyPath(path, 'minimum_should_match');
  const spec = minimumText(own(record, 'minimum_should_match'), msmPath);
  let needed = required.length === 0 && should.length > 0 ? 1 : 0;
  if (spec !== null) {
    let computed: number;
    try {
      computed = minimumShouldMatch(should.length, spec);
    } catch (error) {
      throw new DslError(msmPath, (error as Error).message);
    }
    // Lucene keeps a pure disjunction's "at least one" even when the computed minimum is 0.
    needed = Math.max(needed, computed);
  }
  if (needed > should.length) return MATCH_NONE;
  const parts = required.map((c) => c.requires);
  if (needed > 0) parts.push(anyOf(should.map((c) => c.requires)));
  if (needed === 1 && required.length === 0 && mustNot.length === 0) {
    // A plain disjunction (also Kibana's wrapping of one clause): tests on one field merge.
    return { test: anyEventTest(should.map((c) => c.test)), requires: allOf(parts) };
  }
  const test = (event: Parameters<DslCompiled['test']>[0]): boolean => {
    for (const clause of required) if (!clause.test(event)) return false;
    for (const clause of mustNot) if (clause.test(event)) return false;
    if (needed === 0) return true;
    let found = 0;
    for (const clause of should) {
      if (clause.test(event) && ++found >= needed) return true;
    }
    return false;
  };
  return { test, requires: allOf(parts) };
};

export const compileConstantScore: QueryCompiler = (body, path, context) => {
  const record = expectRecord(body, path, '[constant_score] query');
  checkKeys(record, path, 'constant_score', ['filter', 'boost', '_name']);
  if (own(record, 'filter') === undefined) throw new DslError(path, '[constant_score] requires a filter');
  return context.compile(own(record, 'filter'), keyPath(path, 'filter'), context);
};

export const compileDisMax: QueryCompiler = (body, path, context) => {
  const record = expectRecord(body, path, '[dis_max] query');
  checkKeys(record, path, 'dis_max', ['queries', 'tie_breaker', 'boost', '_name']);
  const queries = own(record, 'queries');
  const listPath = keyPath(path, 'queries');
  if (!Array.isArray(queries) || queries.length === 0) throw new DslError(listPath, '[dis_max] requires a non-empty array of queries');
  const compiled = queries.map((query, i) => context.compile(query, indexPath(listPath, i), context));
  return { test: anyEventTest(compiled.map((c) => c.test)), requires: anyOf(compiled.map((c) => c.requires)) };
};

function constant(type: string, result: DslCompiled): QueryCompiler {
  return (body, path) => {
    checkKeys(expectRecord(body, path, `[${type}] query`), path, type, ['boost', '_name']);
    return result;
  };
}

export const compileMatchAll = constant('match_all', MATCH_ALL);
export const compileMatchNone = constant('match_none', { test: () => false, requires: NO_REQUIREMENT });
