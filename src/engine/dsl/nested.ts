/**
 * `nested`: the inner query holds for one object of the array at `path` (all its conditions on the
 * same object), the only place where Elasticsearch keeps objects of an array apart. Inner field names
 * are full paths (`dll.pe.sections.name`). `score_mode`, `inner_hits` and `ignore_unmapped` do not
 * change which events match.
 */
import { compileObjectGetter } from '../kql/field/objects.ts';
import { MATCH_NONE, type QueryCompiler } from './context.ts';
import { DslError } from './errors.ts';
import { relativeName } from './field-leaf.ts';
import { checkKeys, expectRecord, expectString, keyPath, own } from './json.ts';

export const compileNested: QueryCompiler = (body, path, context) => {
  const record = expectRecord(body, path, '[nested] query');
  checkKeys(record, path, 'nested', ['path', 'query', 'score_mode', 'ignore_unmapped', 'inner_hits', 'boost', '_name']);
  const nestedPath = expectString(own(record, 'path'), keyPath(path, 'path'), '[nested] path');
  if (nestedPath === '') throw new DslError(keyPath(path, 'path'), '[nested] path must not be empty');
  if (own(record, 'query') === undefined) throw new DslError(path, '[nested] requires a query');
  const inner = context.compile(own(record, 'query'), keyPath(path, 'query'), { ...context, nestedPath });
  // A nested path outside the enclosing nested object has no objects here.
  const relative = relativeName(nestedPath, context.nestedPath);
  if (relative === null) return MATCH_NONE;
  const objectsAt = compileObjectGetter(relative);
  return { test: (event) => objectsAt(event).some(inner.test), requires: inner.requires };
};
