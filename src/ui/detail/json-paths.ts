/** Dotted field paths through a JSON value, the way field names address it (arrays are transparent). */
import { READABLE_DEPTH, stringifyJson } from '../../engine/json/stringify.ts';

/**
 * Levels of the source event drawn as a tree. A tree node is a component nested in its parent's,
 * so an event nested a few hundred levels deep overflowed the call stack and the detail never
 * opened; deeper containers are shown as one node with a note and their raw JSON text.
 */
export const TREE_DEPTH = READABLE_DEPTH;

/** A value's compact JSON text, whatever its depth. */
export function rawJson(value: unknown): string {
  return stringifyJson(value);
}

export function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** True when `path` or any field under it is in `fields`. */
export function holdsField(path: string, fields: ReadonlySet<string>): boolean {
  if (fields.has(path)) return true;
  const prefix = `${path}.`;
  for (const field of fields) if (field.startsWith(prefix)) return true;
  return false;
}

export function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

/** Entries of an object or array; array items keep their parent's path. */
export function entriesOf(value: Record<string, unknown> | unknown[]): [string, unknown][] {
  if (Array.isArray(value)) return value.map((item, index) => [String(index), item]);
  return Object.keys(value).map((key) => [key, value[key]]);
}

export function leafText(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
