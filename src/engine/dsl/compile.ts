/**
 * Compiles Elasticsearch Query DSL (the subset detection rules' `filters` and exception lists
 * produce) into an in-memory `CompiledFilter`, with each field's mapping deciding how values compare,
 * as for KQL (keyword exact and case-sensitive, text analysed, ip with CIDR, numbers coerced, dates
 * with date math). Input is untrusted JSON: own keys only, nesting depth bounded, and every problem is
 * a `DslError` naming the JSON path.
 */
import { ECS_SCHEMA, type FieldSchema } from '../fields/schema.ts';
import type { CompiledFilter } from '../query/compiled.ts';
import { compileBool, compileConstantScore, compileDisMax, compileMatchAll, compileMatchNone } from './compound.ts';
import type { DslCompiled, DslContext, QueryCompiler } from './context.ts';
import { DslError } from './errors.ts';
import { compileExists, compileIds } from './exists.ts';
import { compileMatch, compileMatchPhrase } from './full-text.ts';
import { isRecord, keyPath } from './json.ts';
import { compileNested } from './nested.ts';
import { compilePrefix, compileRegexp, compileWildcard } from './patterns.ts';
import { compileQueryString, compileSimpleQueryString } from './query-string.ts';
import { compileRange } from './range.ts';
import { compileTerm, compileTerms } from './term.ts';

export interface DslCompileOptions {
  /** Field types (default: ECS plus Elastic Defend; unknown fields are keyword). */
  readonly schema?: FieldSchema;
  /** Epoch milliseconds that `now` stands for in date math (default: compile time). */
  readonly now?: number;
  /** JSON path of the query, for error messages (default `query`). */
  readonly path?: string;
}

/** Queries nested deeper than this are rejected (Elasticsearch itself limits bool nesting to a few dozen levels). */
export const MAX_DSL_DEPTH = 100;

const COMPILERS: ReadonlyMap<string, QueryCompiler> = new Map([
  ['bool', compileBool],
  ['constant_score', compileConstantScore],
  ['dis_max', compileDisMax],
  ['match_all', compileMatchAll],
  ['match_none', compileMatchNone],
  ['term', compileTerm],
  ['terms', compileTerms],
  ['match', compileMatch],
  ['match_phrase', compileMatchPhrase],
  ['wildcard', compileWildcard],
  ['prefix', compilePrefix],
  ['regexp', compileRegexp],
  ['range', compileRange],
  ['exists', compileExists],
  ['ids', compileIds],
  ['nested', compileNested],
  ['query_string', compileQueryString],
  ['simple_query_string', compileSimpleQueryString],
]);

/** Elasticsearch query types Loupe knows but cannot evaluate offline (or has not implemented). */
const KNOWN_UNSUPPORTED = new Set([
  'script', 'script_score', 'function_score', 'boosting', 'multi_match', 'combined_fields', 'match_bool_prefix',
  'match_phrase_prefix', 'fuzzy', 'terms_set', 'intervals', 'more_like_this', 'percolate', 'wrapper', 'pinned',
  'distance_feature', 'rank_feature', 'has_child', 'has_parent', 'parent_id', 'geo_bounding_box', 'geo_distance',
  'geo_grid', 'geo_polygon', 'geo_shape', 'shape', 'span_containing', 'span_field_masking', 'span_first',
  'span_multi', 'span_near', 'span_not', 'span_or', 'span_term', 'span_within', 'knn', 'semantic', 'sparse_vector',
  'text_expansion', 'weighted_tokens', 'rule', 'type',
]);

export function compileDsl(query: unknown, options: DslCompileOptions = {}): CompiledFilter {
  const context: DslContext = {
    schema: options.schema ?? ECS_SCHEMA,
    now: options.now ?? Date.now(),
    nestedPath: '',
    fields: [],
    depth: 0,
    compile: compileQuery,
  };
  const compiled = compileQuery(query, options.path ?? 'query', context);
  return { matches: compiled.test, requires: compiled.requires, fields: [...new Set(context.fields)] };
}

/** One query container `{type: body}`. */
function compileQuery(query: unknown, path: string, context: DslContext): DslCompiled {
  if (context.depth >= MAX_DSL_DEPTH) throw new DslError(path, `query nested deeper than ${MAX_DSL_DEPTH} levels`);
  if (!isRecord(query)) throw new DslError(path, 'a query must be an object');
  const types = Object.keys(query);
  if (types.length === 0) throw new DslError(path, 'query malformed, empty clause found');
  if (types.length > 1) throw new DslError(path, `a query must have exactly one type, found '${types[0]}' and '${types[1]}'`);
  const type = types[0]!;
  const compiler = COMPILERS.get(type);
  if (compiler === undefined) {
    if (KNOWN_UNSUPPORTED.has(type)) throw new DslError(path, `unsupported query type '${type}'`, 'unsupported');
    throw new DslError(path, `unknown query type '${type}'`);
  }
  return compiler(query[type], keyPath(path, type), { ...context, depth: context.depth + 1 });
}
