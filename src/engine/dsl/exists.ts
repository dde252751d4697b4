/**
 * `exists` and `ids`.
 *
 * `exists` holds when the field has an indexed value: not null, not `[]`, not a keyword longer than
 * its `ignore_above`. A name with `*` checks every field it fits. A name that is an object in the
 * event (`{"field": "process"}`) holds when any field under it has a value, as Elasticsearch expands
 * object fields to their sub-fields (not into `nested` objects, which are separate documents).
 *
 * `ids` matches Elasticsearch document `_id`s, which offline events do not have: it matches nothing.
 */
import { existsTest } from '../kql/field/value-tests.ts';
import { compileObjectGetter } from '../kql/field/objects.ts';
import { NO_REQUIREMENT } from '../query/requirements.ts';
import { MATCH_NONE, type DslCompiled, type QueryCompiler } from './context.ts';
import { DslError } from './errors.ts';
import { fieldLeaf, patternLeaf, relativeName, visibleInScope } from './field-leaf.ts';
import { checkKeys, expectRecord, expectString, keyPath, own } from './json.ts';

export const compileExists: QueryCompiler = (body, path, context) => {
  const record = expectRecord(body, path, '[exists] query');
  checkKeys(record, path, 'exists', ['field', 'boost', '_name']);
  const field = expectString(own(record, 'field'), keyPath(path, 'field'), '[exists] field');
  if (field === '') throw new DslError(keyPath(path, 'field'), '[exists] field must not be empty');
  if (field.includes('*')) return patternLeaf(context, field, () => existsTest);
  const leaf = fieldLeaf(context, field, () => existsTest, () => NO_REQUIREMENT);
  const objects = objectExists(field, context.nestedPath, context.schema.lookup(field));
  if (objects === null) return leaf;
  return { test: (event) => leaf.test(event) || objects(event), requires: NO_REQUIREMENT };
};

function objectExists(
  field: string,
  scopePath: string,
  mapping: Parameters<typeof visibleInScope>[0],
): DslCompiled['test'] | null {
  const relative = relativeName(field, scopePath);
  if (relative === null || mapping.esType === 'nested' || !visibleInScope(mapping, scopePath)) return null;
  const objectsAt = compileObjectGetter(relative);
  return (event) => objectsAt(event).some(hasLeaf);
}

/** Whether an object holds a non-null primitive anywhere below it (iterative: depth is unbounded). */
function hasLeaf(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object') return true;
    if (Array.isArray(value)) for (const item of value) stack.push(item);
    else for (const key of Object.keys(value)) stack.push((value as Record<string, unknown>)[key]);
  }
  return false;
}

export const compileIds: QueryCompiler = (body, path) => {
  const record = expectRecord(body, path, '[ids] query');
  checkKeys(record, path, 'ids', ['values', 'boost', '_name']);
  if (!Array.isArray(own(record, 'values'))) throw new DslError(keyPath(path, 'values'), '[ids] values must be an array');
  return MATCH_NONE;
};
