/**
 * Dotted reads and writes on the nested ECS document being built. Keys come from this source's
 * code; objects are created with own properties so a record's `__proto__` key stays data.
 */
import { getOwn, isRecord, setOwn } from '../../engine/json/own-record.ts';

export type Doc = Record<string, unknown>;

export function get(doc: Doc, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (!isRecord(node)) return undefined;
    node = getOwn(node, part);
  }
  return node;
}

export function put(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    let next = getOwn(node, part);
    if (!isRecord(next)) setOwn(node, part, (next = {}));
    node = next as Doc;
  }
  setOwn(node, parts[parts.length - 1]!, value);
}

/** Puts `value` when it is present (not undefined or null), as the module's `ignore_missing` copies do. */
export function copy(doc: Doc, path: string, value: unknown): void {
  if (value !== undefined && value !== null) put(doc, path, value);
}

export function remove(doc: Doc, path: string): void {
  const dot = path.lastIndexOf('.');
  const parent = dot === -1 ? doc : get(doc, path.slice(0, dot));
  if (isRecord(parent)) delete parent[path.slice(dot + 1)];
}

/** Appends a value not yet there to a field that may hold one value or a list (`related.*`). */
export function appendUnique(doc: Doc, path: string, value: unknown): void {
  const current = get(doc, path);
  if (current === undefined || current === null) put(doc, path, value);
  else if (Array.isArray(current)) {
    if (!current.includes(value)) current.push(value);
  } else if (current !== value) put(doc, path, [current, value]);
}

/** Text of a scalar as the module's `type: string` conversions write it. */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
