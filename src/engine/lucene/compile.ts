/**
 * Compiles a Lucene AST (Kibana Lucene rules, and the `query_string` queries KQL sends for wildcard
 * values) into closures, applying each field's Elasticsearch semantics from the schema.
 */
import type { FieldMapping, FieldSchema } from '../fields/schema.ts';
import { ECS_SCHEMA } from '../fields/schema.ts';
import type { GlobSegment } from '../match/glob.ts';
import type { CompiledFilter } from '../query/compiled.ts';
import type { EventDoc } from '../query/event.ts';
import { allOf, anyOf, NO_REQUIREMENT, type Requirement } from '../query/requirements.ts';
import { analyzeText } from '../fields/analyzer.ts';
import { globRequirement, termRequirement } from '../kql/field/requirements.ts';
import { anyEventTest, compileFieldTest, type FieldScope, type FieldSpec, type MappingTest } from '../kql/field/targets.ts';
import { anyValuesTest } from '../kql/field/value-sets.ts';
import {
  analyzedPrefixTest,
  existsTest,
  globTest,
  rangeTest,
  regexTest,
  termTest,
  type FieldValue,
  type ValueContext,
  type ValuesTest,
} from '../kql/field/value-tests.ts';
import type { LuceneNode } from './ast.ts';

export interface LuceneCompileOptions {
  readonly schema?: FieldSchema;
  /** Epoch milliseconds for `now` in date math (default: compile time). */
  readonly now?: number;
  /** Kibana sends Lucene rules with `analyze_wildcard: true` (the default here); KQL's query_string does not. */
  readonly analyzeWildcard?: boolean;
  /** Field for terms written without one; null (default) is `*`, every field, leniently. */
  readonly defaultField?: string | null;
}

export interface LuceneContext extends ValueContext {
  readonly analyzeWildcard: boolean;
}

/** Compiles one leaf: which field it reads, its values test per mapping, its prefilter requirement per mapping. */
type LeafCompiler<I> = (field: string | null, build: MappingTest, require: (mapping: FieldMapping) => Requirement) => Compiled<I>;

/** How leaves compile, and how a disjunction of them combines (merging tests on one field). */
interface Leaves<I> {
  readonly leaf: LeafCompiler<I>;
  readonly any: (tests: readonly ((input: I) => boolean)[]) => (input: I) => boolean;
}

interface Compiled<I> {
  readonly test: (input: I) => boolean;
  readonly requires: Requirement;
}

export function compileLucene(node: LuceneNode, options: LuceneCompileOptions = {}): CompiledFilter {
  const context: LuceneContext = { now: options.now ?? Date.now(), analyzeWildcard: options.analyzeWildcard ?? true };
  const scope: FieldScope = { schema: options.schema ?? ECS_SCHEMA, prefix: '' };
  const fields: string[] = [];
  const compiled = compileLuceneInScope(node, scope, context, options.defaultField ?? null, fields);
  return { matches: compiled.test, requires: compiled.requires, fields: [...new Set(fields)] };
}

/** Compiles against events in a (possibly nested) scope; `fields` collects the field names read. */
export function compileLuceneInScope(
  node: LuceneNode,
  scope: FieldScope,
  context: LuceneContext,
  defaultField: string | null,
  fields: string[],
): Compiled<EventDoc> {
  const leaf: LeafCompiler<EventDoc> = (field, build, require) => {
    const spec = fieldSpec(field ?? defaultField);
    if (spec.kind !== 'all') fields.push(scope.prefix + (field ?? defaultField ?? ''));
    const requires = spec.kind === 'name' ? require(scope.schema.lookup(scope.prefix + spec.name)) : NO_REQUIREMENT;
    return { test: compileFieldTest(spec, scope, build), requires };
  };
  return compileNode(node, { leaf, any: anyEventTest }, context);
}

/** Compiles a query whose every leaf reads one field (KQL's `query_string: {fields: [f]}`) into a test on that field's values. */
export function compileLuceneForField(
  node: LuceneNode,
  mapping: FieldMapping,
  context: LuceneContext,
): { test: ValuesTest; requires: Requirement } {
  const leaf: LeafCompiler<readonly FieldValue[]> = (_field, build, require) => {
    const test = build(mapping);
    return { test: test ?? (() => false), requires: require(mapping) };
  };
  return compileNode(node, { leaf, any: anyValuesTest }, context);
}

function compileNode<I>(node: LuceneNode, leaves: Leaves<I>, context: LuceneContext): Compiled<I> {
  const { leaf } = leaves;
  switch (node.type) {
    case 'match_all':
      return { test: () => true, requires: NO_REQUIREMENT };
    case 'bool':
      return compileBool(
        node.clauses.map((c) => ({ occur: c.occur, compiled: compileNode(c.query, leaves, context) })),
        leaves.any,
      );
    case 'term':
      return leaf(
        node.field,
        (m) => termTest(m, node.text, node.quoted, context),
        (m) => termRequirement(m, node.text, node.quoted),
      );
    case 'wildcard': {
      const prefix = prefixOf(node.segments);
      const analysed = (m: FieldMapping): boolean => context.analyzeWildcard && prefix !== null && m.family === 'text';
      return leaf(
        node.field,
        (m) => (analysed(m) ? analyzedPrefixTest(prefix!) : globTest(m, node.segments)),
        (m) => (analysed(m) ? analyzedPrefixRequirement(m, prefix!) : globRequirement(m, node.segments)),
      );
    }
    case 'regex':
      return leaf(node.field, (m) => regexTest(m, node.pattern), () => NO_REQUIREMENT);
    case 'range': {
      const lower = node.lower === null ? null : { text: node.lower, inclusive: node.includeLower };
      const upper = node.upper === null ? null : { text: node.upper, inclusive: node.includeUpper };
      return leaf(node.field, (m) => rangeTest(m, lower, upper, context), () => NO_REQUIREMENT);
    }
    case 'exists':
      return leaf(node.field, () => existsTest, () => NO_REQUIREMENT);
  }
}

type Occurring<I> = { occur: 'must' | 'should' | 'must_not'; compiled: Compiled<I> };

function compileBool<I>(clauses: readonly Occurring<I>[], any: Leaves<I>['any']): Compiled<I> {
  const must = clauses.filter((c) => c.occur === 'must').map((c) => c.compiled);
  const should = clauses.filter((c) => c.occur === 'should').map((c) => c.compiled);
  const mustNot = clauses.filter((c) => c.occur === 'must_not').map((c) => c.compiled);
  // Lucene: SHOULD clauses are optional next to MUST ones; a query of only MUST_NOT clauses gets an
  // implicit match-all (Elasticsearch's fixNegativeQueryIfNeeded).
  const shouldNeeded = must.length === 0 && should.length > 0;
  const anyShould = shouldNeeded ? any(should.map((c) => c.test)) : () => true;
  const anyMustNot = any(mustNot.map((c) => c.test));
  const test = (input: I): boolean => must.every((c) => c.test(input)) && !anyMustNot(input) && anyShould(input);
  const requires =
    must.length > 0 ? allOf(must.map((c) => c.requires)) : shouldNeeded ? anyOf(should.map((c) => c.requires)) : NO_REQUIREMENT;
  return { test, requires };
}

/** The literal of a `literal*` pattern (a Lucene prefix query), else null. */
function prefixOf(segments: readonly GlobSegment[]): string | null {
  const [first, second] = segments;
  return segments.length === 2 && typeof first === 'object' && second === 'any' ? first.literal : null;
}

function analyzedPrefixRequirement(mapping: FieldMapping, prefix: string): Requirement {
  // Any one of the analysed tokens may be the one that matched.
  return anyOf(analyzeText(prefix).map((token) => termRequirement(mapping, token, false)));
}

/** `f`, a pattern `f.*`, or every field (`*` or no field). */
export function fieldSpec(field: string | null): FieldSpec {
  if (field === null || field === '*') return { kind: 'all' };
  if (!field.includes('*')) return { kind: 'name', name: field };
  const segments: GlobSegment[] = [];
  field.split('*').forEach((part, i) => {
    if (i > 0) segments.push('any');
    if (part !== '') segments.push({ literal: part });
  });
  return { kind: 'pattern', segments };
}
