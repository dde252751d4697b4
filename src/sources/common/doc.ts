/**
 * Building ECS documents the way Elasticsearch ingest processors do (dotted paths, nested objects),
 * without letting keys taken from evidence (`__proto__`, `constructor`) reach a prototype: every
 * key is written as an own data property.
 */
import { isJsonObject } from './json.ts';

export type Doc = Record<string, unknown>;

/** Writes `key` as an own property, whatever its name. */
export function setOwn(target: Doc, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function own(target: unknown, key: string): unknown {
  return isJsonObject(target) && Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
}

/** The value at a dotted path (`a.b.c`), or undefined. */
export function getPath(doc: unknown, path: string): unknown {
  let node = doc;
  for (const part of path.split('.')) {
    node = own(node, part);
    if (node === undefined) return undefined;
  }
  return node;
}

/** Puts `value` at a dotted path, creating (or replacing non-object) parents, as the `set` processor does. */
export function putPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    let next = own(node, part);
    if (!isJsonObject(next)) setOwn(node, part, (next = {}));
    node = next as Doc;
  }
  setOwn(node, parts[parts.length - 1]!, value);
}

/** `putPath` when the value is neither undefined nor null. */
export function putDefined(doc: Doc, path: string, value: unknown): void {
  if (value !== undefined && value !== null) putPath(doc, path, value);
}

/** Removes the value at a dotted path and returns it (the `remove` processor; empty parents stay, as in Elasticsearch). */
export function takePath(doc: Doc, path: string): unknown {
  const parts = path.split('.');
  const parent = parts.length === 1 ? doc : getPath(doc, parts.slice(0, -1).join('.'));
  const key = parts[parts.length - 1]!;
  if (!isJsonObject(parent) || !Object.prototype.hasOwnProperty.call(parent, key)) return undefined;
  const value = parent[key];
  delete (parent as Doc)[key];
  return value;
}

/** The `rename` processor with ignore_missing: moves the value unless the target is already set (which Elasticsearch refuses). */
export function renamePath(doc: Doc, from: string, to: string): void {
  if (getPath(doc, from) === undefined || getPath(doc, to) !== undefined) return;
  putPath(doc, to, takePath(doc, from));
}

/** The `append` processor: adds values to a list at `path` (a scalar there becomes the list's first item). */
export function appendPath(doc: Doc, path: string, values: readonly unknown[], allowDuplicates = true): void {
  const current = getPath(doc, path);
  const list = Array.isArray(current) ? (current as unknown[]) : current === undefined ? [] : [current];
  for (const value of values) if (allowDuplicates || !list.includes(value)) list.push(value);
  putPath(doc, path, list);
}

/**
 * A deep copy of parsed JSON with null and "" values, and the objects and lists they leave empty,
 * removed: the painless "drop null/empty values" script Elastic's cloud pipelines run first.
 * `dropKey` also removes keys by name (GCP's drops keys made only of dots). Undefined when nothing is left.
 */
export function pruneEmpty(value: unknown, dropKey?: (key: string) => boolean): unknown {
  if (value === null || value === '') return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => pruneEmpty(item, dropKey)).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (isJsonObject(value)) {
    const out: Doc = {};
    for (const [key, child] of Object.entries(value)) {
      if (dropKey?.(key)) continue;
      const kept = pruneEmpty(child, dropKey);
      if (kept !== undefined) setOwn(out, key, kept);
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}
