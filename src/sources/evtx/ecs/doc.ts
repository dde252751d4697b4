/**
 * Field access on a nested event, in the terms of Elasticsearch ingest processors (`set`,
 * `rename`, `append` with `allow_duplicates: false`, `remove`), so the pipeline ports read like
 * the pipelines they follow.
 */
export type Doc = Record<string, unknown>;

function isObject(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A path's keys, split once: the pipeline ports name the same few hundred paths for every event,
 * and splitting them on each access was most of the mapping's time. Bounded, since some paths are
 * built from event data.
 */
const KEYS = new Map<string, readonly string[]>();
const MAX_CACHED_PATHS = 4096;

function keysOf(path: string): readonly string[] {
  let keys = KEYS.get(path);
  if (keys === undefined) {
    keys = path.split('.');
    if (KEYS.size < MAX_CACHED_PATHS) KEYS.set(path, keys);
  }
  return keys;
}

const EVENT_DATA = new Map<string, string>();

/**
 * `winlog.event_data.<field>`, as the same string object each time: a path built anew on every
 * call must be flattened and hashed by each lookup (that was a sixth of the Sysmon mapping's time);
 * a reused string keeps its hash.
 */
export function eventData(field: string): string {
  let path = EVENT_DATA.get(field);
  if (path === undefined) {
    path = `winlog.event_data.${field}`;
    if (EVENT_DATA.size < MAX_CACHED_PATHS) EVENT_DATA.set(field, path);
  }
  return path;
}

/** The object holding the value at `keys[0..end)` (undefined when a step is missing or not an object). */
function walk(doc: Doc, keys: readonly string[], end: number): unknown {
  let value: unknown = doc;
  for (let i = 0; i < end; i++) {
    if (!isObject(value)) return undefined;
    value = value[keys[i]!];
  }
  return value;
}

export function get(doc: Doc, path: string): unknown {
  const keys = keysOf(path);
  return walk(doc, keys, keys.length);
}

/** A string field's value; undefined when missing or not a string. */
export function text(doc: Doc, path: string): string | undefined {
  const value = get(doc, path);
  return typeof value === 'string' ? value : undefined;
}

/** A string field that is there and not empty (the pipelines' `!= null && != ""`). */
export function filled(doc: Doc, path: string): string | undefined {
  const value = text(doc, path);
  return value === undefined || value === '' ? undefined : value;
}

export function set(doc: Doc, path: string, value: unknown): void {
  const keys = keysOf(path);
  let node = doc;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = node[keys[i]!];
    if (isObject(next)) node = next;
    else node = node[keys[i]!] = {};
  }
  node[keys.at(-1)!] = value;
}

export function remove(doc: Doc, path: string): void {
  const keys = keysOf(path);
  const parent = walk(doc, keys, keys.length - 1);
  if (isObject(parent)) delete parent[keys.at(-1)!];
}

/** `rename` with `ignore_missing`: moves a value that is there (and, as the integration's `if`s say, not empty). */
export function rename(doc: Doc, from: string, to: string): void {
  const value = get(doc, from);
  if (value === undefined || value === null || value === '') return;
  remove(doc, from);
  set(doc, to, value);
}

/** `set` with `copy_from` and `ignore_empty_value`. */
export function copy(doc: Doc, from: string, to: string): void {
  const value = get(doc, from);
  if (value !== undefined && value !== null && value !== '') set(doc, to, value);
}

/** `append` with `allow_duplicates: false`. */
export function appendUnique(doc: Doc, path: string, value: unknown): void {
  const current = get(doc, path);
  const list = Array.isArray(current) ? current : current === undefined ? [] : [current];
  if (!list.includes(value)) list.push(value);
  set(doc, path, list);
}

/** `convert` to long of a decimal or `0x` text (Java's Long.decode); undefined when it is neither. */
export function toLong(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|#[0-9a-fA-F]+|\d+)$/.exec(value.trim());
  if (!match) return undefined;
  const digits = match[2]!;
  const magnitude = digits.startsWith('#') ? parseInt(digits.slice(1), 16) : /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : /^0\d/.test(digits) ? parseInt(digits, 8) : parseInt(digits, 10);
  return match[1] === '-' ? -magnitude : magnitude;
}

/** `convert` to long: the field replaced by (or copied to `to` as) its number; left alone when it does not parse. */
export function convertLong(doc: Doc, from: string, to = from): void {
  const value = toLong(get(doc, from));
  if (value === undefined) return;
  if (to !== from) remove(doc, from);
  set(doc, to, value);
}

/** The part after the last backslash (`C:\\Windows\\notepad.exe` → `notepad.exe`). */
export function windowsBasename(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}
