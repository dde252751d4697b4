/**
 * One leaf query on one field (or on the fields a pattern names, for `exists`), resolved against the
 * schema and the `nested` scope. Field names in the DSL are full paths, also inside `nested`; they are
 * read relative to the nested object being tested.
 *
 * Nested mappings: a field inside a `nested` object is indexed in its own hidden document, so a query
 * outside a `nested` query on that path sees no values (Elasticsearch semantics), and a query inside
 * one sees only the fields of that object. When the schema does not know a path is nested, a `nested`
 * query on it still runs per object (lenient: Elasticsearch would reject it).
 */
import type { FieldMapping } from '../fields/schema.ts';
import { compileFieldTest, type FieldScope, type FieldSpec, type MappingTest } from '../kql/field/targets.ts';
import { NO_REQUIREMENT, type Requirement } from '../query/requirements.ts';
import { MATCH_NONE, type DslCompiled, type DslContext } from './context.ts';

/** Whether a field's values are visible to a query running in the nested scope `scopePath` ("" = top level). */
export function visibleInScope(mapping: FieldMapping, scopePath: string): boolean {
  const nested = mapping.nestedPath;
  if (scopePath === '') return nested === undefined;
  return nested === undefined || nested === scopePath || scopePath.startsWith(`${nested}.`);
}

/** The field name relative to the nested scope, or null if the field lies outside it. */
export function relativeName(field: string, scopePath: string): string | null {
  if (scopePath === '') return field;
  return field.startsWith(`${scopePath}.`) ? field.slice(scopePath.length + 1) : null;
}

function scopeOf(context: DslContext): FieldScope {
  return { schema: context.schema, prefix: context.nestedPath === '' ? '' : `${context.nestedPath}.` };
}

/** A leaf on one named field: `build` makes the values test for its mapping (null: can never match). */
export function fieldLeaf(
  context: DslContext,
  field: string,
  build: MappingTest,
  require: (mapping: FieldMapping) => Requirement,
): DslCompiled {
  context.fields.push(field);
  const relative = relativeName(field, context.nestedPath);
  const mapping = context.schema.lookup(field);
  if (relative === null || !visibleInScope(mapping, context.nestedPath)) return MATCH_NONE;
  return { test: compileFieldTest({ kind: 'name', name: relative }, scopeOf(context), build), requires: require(mapping) };
}

/** A leaf on every field whose name fits a `*` pattern (`exists` accepts patterns), expanded per event. */
export function patternLeaf(context: DslContext, pattern: string, build: MappingTest): DslCompiled {
  context.fields.push(pattern);
  const relative = relativeName(pattern, context.nestedPath);
  if (relative === null) return MATCH_NONE;
  const spec: FieldSpec =
    relative === '*'
      ? { kind: 'all' }
      : {
          kind: 'pattern',
          segments: relative.split('*').flatMap((part, i) => [...(i > 0 ? (['any'] as const) : []), ...(part === '' ? [] : [{ literal: part }])]),
        };
  const visibleBuild: MappingTest = (mapping) => (visibleInScope(mapping, context.nestedPath) ? build(mapping) : null);
  return { test: compileFieldTest(spec, scopeOf(context), visibleBuild), requires: NO_REQUIREMENT };
}
