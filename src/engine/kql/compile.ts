/**
 * Compiles a KQL AST once into closures, following the Elasticsearch query Kibana builds for each node
 * (`kuery/functions/is.ts` with field types loaded, as the detection engine's query executor does):
 * - `f:v` on `keyword` fields is a `term` query; on other types `match` / `match_phrase` (quoted),
 *   which each mapping family answers its own way (see field/value-tests.ts).
 * - `f:a*b` on fields whose type is exactly `keyword` is a `wildcard` query (whitespace literal); on any
 *   other type (`wildcard`, `constant_keyword`, text, ...) a `query_string` in which unescaped
 *   whitespace separates terms, so `f:*foo bar*` means `*foo` OR `bar*`. That query_string is built
 *   as Kibana builds it and compiled with the Lucene compiler.
 * - `f:*` is `exists`; `*:*` (and the empty query) match everything.
 * - Bare values (`foo`, Kibana's `multi_match` over every field) are approximated by testing every
 *   field present in the event, skipping fields the value cannot apply to (lenient).
 * - Wildcard field names expand against the event's own fields (and their known multi-fields).
 * - `path:{ q }` holds if one object at `path` satisfies `q` (nested mapping semantics).
 */
import { ECS_SCHEMA, type FieldMapping, type FieldSchema } from '../fields/schema.ts';
import type { GlobSegment } from '../match/glob.ts';
import type { CompiledFilter } from '../query/compiled.ts';
import type { EventDoc } from '../query/event.ts';
import { allOf, anyOf, NO_REQUIREMENT, type Requirement } from '../query/requirements.ts';
import { compileLuceneForField, compileLuceneInScope, type LuceneContext } from '../lucene/compile.ts';
import { parseLucene } from '../lucene/parser.ts';
import { isLoneWildcard, valueText, type KqlIs, type KqlNode, type KqlRange, type KqlValue } from './ast.ts';
import { compileObjectGetter } from './field/objects.ts';
import { globRequirement, termRequirement } from './field/requirements.ts';
import { anyEventTest, compileFieldTest, fieldTestTriggers, type FieldScope, type FieldSpec, type MappingTest } from './field/targets.ts';
import { triggersOfAll, triggersOfAny, type Triggers } from '../query/triggers.ts';
import { existsTest, globTest, rangeTest, termTest, type RangeBound } from './field/value-tests.ts';

export interface KqlCompileOptions {
  /** Field types (default: ECS plus Elastic Defend; unknown fields are keyword). */
  readonly schema?: FieldSchema;
  /** Epoch milliseconds that `now` stands for in date math (default: compile time). */
  readonly now?: number;
  /**
   * The nested path (with its trailing dot) the query's field names are relative to, for compiling
   * the inside of `path:{ q }` on its own (explaining a match node by node). Default: top level.
   */
  readonly scopePrefix?: string;
}

interface Compiled {
  readonly test: (event: EventDoc) => boolean;
  readonly requires: Requirement;
  readonly triggers: Triggers;
}

interface Context extends LuceneContext {
  readonly fields: string[];
}

const MATCH_ALL: Compiled = { test: () => true, requires: NO_REQUIREMENT, triggers: null };

export function compileKql(node: KqlNode, options: KqlCompileOptions = {}): CompiledFilter {
  const context: Context = { now: options.now ?? Date.now(), analyzeWildcard: false, fields: [] };
  const compiled = compileNode(node, { schema: options.schema ?? ECS_SCHEMA, prefix: options.scopePrefix ?? '' }, context);
  return { matches: compiled.test, requires: compiled.requires, triggers: compiled.triggers, fields: [...new Set(context.fields)] };
}

function compileNode(node: KqlNode, scope: FieldScope, context: Context): Compiled {
  switch (node.type) {
    case 'and': {
      const args = node.args.map((arg) => compileNode(arg, scope, context));
      return { test: (event) => args.every((arg) => arg.test(event)), requires: allOf(args.map((arg) => arg.requires)), triggers: triggersOfAll(args.map((arg) => arg.triggers)) };
    }
    case 'or': {
      const args = node.args.map((arg) => compileNode(arg, scope, context));
      return { test: anyEventTest(args.map((arg) => arg.test)), requires: anyOf(args.map((arg) => arg.requires)), triggers: triggersOfAny(args.map((arg) => arg.triggers)) };
    }
    case 'not': {
      const arg = compileNode(node.arg, scope, context);
      // Whatever the negated query needs, a matching event may lack it.
      return { test: (event) => !arg.test(event), requires: NO_REQUIREMENT, triggers: null };
    }
    case 'nested': {
      const path = valueText(node.path);
      const objectsAt = compileObjectGetter(path);
      const inner = compileNode(node.query, { schema: scope.schema, prefix: `${scope.prefix}${path}.` }, context);
      return { test: (event) => objectsAt(event).some(inner.test), requires: inner.requires, triggers: null };
    }
    case 'exists':
      return leaf(node.field, scope, context, () => existsTest, () => NO_REQUIREMENT);
    case 'range':
      return compileRange(node, scope, context);
    case 'is':
      return compileIs(node, scope, context);
  }
}

function compileRange(node: KqlRange, scope: FieldScope, context: Context): Compiled {
  const bound: RangeBound = { text: valueText(node.value), inclusive: node.op === 'gte' || node.op === 'lte' };
  const lower = node.op === 'gt' || node.op === 'gte' ? bound : null;
  const upper = lower === null ? bound : null;
  return leaf(node.field, scope, context, (m) => rangeTest(m, lower, upper, context), () => NO_REQUIREMENT);
}

function compileIs(node: KqlIs, scope: FieldScope, context: Context): Compiled {
  const { field, value } = node;
  if (isLoneWildcard(value)) {
    return fieldSpecOf(field).kind === 'all' ? MATCH_ALL : leaf(field, scope, context, () => existsTest, () => NO_REQUIREMENT);
  }
  if (value.type === 'literal') {
    const text = String(value.value);
    return leaf(
      field,
      scope,
      context,
      (m) => termTest(m, text, value.quoted, context),
      (m) => termRequirement(m, text, value.quoted),
    );
  }
  const queryString = parseLucene(wildcardQueryString(value.segments));
  if (field === null || (field.type === 'literal' && field.value === null)) {
    // A bare wildcard value is a query_string over the default field `*`.
    const compiled = compileLuceneInScope(queryString, scope, context, null, context.fields);
    return { test: compiled.test, requires: compiled.requires, triggers: null };
  }
  const isKeywordType = (m: FieldMapping): boolean => m.esType === 'keyword';
  return leaf(
    field,
    scope,
    context,
    (m) => (isKeywordType(m) ? globTest(m, value.segments) : compileLuceneForField(queryString, m, context).test),
    (m) => (isKeywordType(m) ? globRequirement(m, value.segments) : compileLuceneForField(queryString, m, context).requires),
  );
}

/** One leaf on the field(s) a KQL field value names. */
function leaf(
  field: KqlValue | null,
  scope: FieldScope,
  context: Context,
  build: MappingTest,
  require: (mapping: FieldMapping) => Requirement,
): Compiled {
  const spec = fieldSpecOf(field);
  if (spec.kind !== 'all' && field !== null) context.fields.push(scope.prefix + valueText(field));
  const requires = spec.kind === 'name' ? require(scope.schema.lookup(scope.prefix + spec.name)) : NO_REQUIREMENT;
  const test = compileFieldTest(spec, scope, build);
  return { test, requires, triggers: spec.kind === 'name' ? fieldTestTriggers(test) : null };
}

/** Which fields a KQL field value names: one, those fitting a pattern, or all (bare values, `*`). */
export function fieldSpecOf(field: KqlValue | null): FieldSpec {
  if (field === null || isLoneWildcard(field)) return { kind: 'all' };
  if (field.type === 'wildcard') return { kind: 'pattern', segments: field.segments };
  return field.value === null ? { kind: 'all' } : { kind: 'name', name: String(field.value) };
}

/**
 * The `query_string` text Kibana sends for a wildcard value (`wildcard.toQueryStringQuery`): query
 * syntax characters escaped, `*` kept, whitespace left as the term separator it is in Lucene syntax.
 */
export function wildcardQueryString(segments: readonly GlobSegment[]): string {
  return segments
    .map((segment) =>
      segment === 'any' ? '*' : segment === 'one' ? '?' : segment.literal.replace(/[+\-=&|><!(){}[\]^"~*?:\\/]/g, '\\$&'),
    )
    .join('');
}
