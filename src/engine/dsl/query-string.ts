/**
 * `query_string`, compiled by the Lucene compiler with the query's own settings (Elasticsearch
 * defaults: default field `*`, operator OR, `analyze_wildcard: false`). Supported at the top level
 * only (not inside `nested`), with one default field. `simple_query_string` has a different grammar
 * (`|`, `+`, `-` operators, no field syntax) that Loupe does not parse: unsupported.
 */
import { QuerySyntaxError } from '../errors.ts';
import { compileLuceneInScope } from '../lucene/compile.ts';
import { parseLucene } from '../lucene/parser.ts';
import type { QueryCompiler } from './context.ts';
import { DslError } from './errors.ts';
import { checkKeys, expectRecord, expectString, keyPath, own, type JsonRecord } from './json.ts';

/** Parameters that do not change which documents match. */
const IGNORED = ['boost', '_name', 'lenient', 'allow_leading_wildcard', 'auto_generate_synonyms_phrase_query', 'max_determinized_states', 'rewrite', 'escape'];
const KEYS = ['query', 'default_field', 'fields', 'default_operator', 'analyze_wildcard', 'time_zone', ...IGNORED];
/** Valid parameters whose effect is not implemented. */
const UNSUPPORTED = ['fuzziness', 'fuzzy_max_expansions', 'fuzzy_prefix_length', 'fuzzy_transpositions', 'fuzzy_rewrite', 'phrase_slop', 'minimum_should_match', 'type', 'tie_breaker', 'quote_field_suffix', 'analyzer', 'quote_analyzer', 'enable_position_increments'];

export const compileQueryString: QueryCompiler = (body, path, context) => {
  const record = expectRecord(body, path, '[query_string] query');
  for (const key of UNSUPPORTED) {
    if (own(record, key) !== undefined) throw new DslError(keyPath(path, key), `[query_string] parameter [${key}] is not supported`, 'unsupported');
  }
  checkKeys(record, path, 'query_string', KEYS);
  if (context.nestedPath !== '') throw new DslError(path, '[query_string] inside a nested query is not supported', 'unsupported');
  const text = expectString(own(record, 'query'), keyPath(path, 'query'), '[query_string] query');
  const defaultField = defaultFieldOf(record, path);
  const operator = own(record, 'default_operator');
  if (operator !== undefined && (typeof operator !== 'string' || operator.toLowerCase() !== 'or')) {
    throw new DslError(keyPath(path, 'default_operator'), 'only default_operator OR is supported', 'unsupported');
  }
  const zone = own(record, 'time_zone');
  if (zone !== undefined && zone !== 'UTC' && zone !== 'Z' && zone !== 'Zulu') {
    throw new DslError(keyPath(path, 'time_zone'), `time_zone [${String(zone)}] is not supported (dates are read in UTC)`, 'unsupported');
  }
  let node;
  try {
    node = parseLucene(text);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw new DslError(keyPath(path, 'query'), `${error.message} in the query string`);
    throw error;
  }
  const analyzeWildcard = own(record, 'analyze_wildcard') === true;
  return compileLuceneInScope(node, { schema: context.schema, prefix: '' }, { now: context.now, analyzeWildcard }, defaultField, context.fields);
};

function defaultFieldOf(record: JsonRecord, path: string): string | null {
  const fields = own(record, 'fields');
  const field = own(record, 'default_field');
  if (fields !== undefined) {
    if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')) throw new DslError(keyPath(path, 'fields'), '[query_string] fields must be an array of strings');
    if (fields.length !== 1) throw new DslError(keyPath(path, 'fields'), '[query_string] over several fields is not supported', 'unsupported');
    return fields[0] === '*' ? null : (fields[0] as string);
  }
  if (field === undefined) return null;
  const name = expectString(field, keyPath(path, 'default_field'), '[query_string] default_field');
  return name === '*' ? null : name;
}

export const compileSimpleQueryString: QueryCompiler = (_body, path) => {
  throw new DslError(path, 'simple_query_string is not supported (its grammar differs from query_string)', 'unsupported');
};
