import { ALERT_ORIGINAL_DATA_STREAM, ALERT_ORIGINAL_EVENT, EVENT_KIND } from './fields.ts';
import { isRecord, setOwn } from '../json/own-record.ts';

/**
 * The source event's fields as they go into its alert, following Kibana's
 * `traverse_and_mutate_doc.ts` and `transform_hit_to_alert.ts`:
 * - top-level keys whose first dotted segment is `kibana`, `signal` or `threshold_result` are
 *   dropped (an alert never carries a previous alert's or a foreign `kibana.*` namespace);
 * - empty arrays and empty objects are dropped, at any depth (also once their own empty members
 *   are gone);
 * - every `event.*` and `data_stream.*` field is *copied* (not moved) to dotted
 *   `kibana.alert.original_event.*` / `kibana.alert.original_data_stream.*` keys, objects
 *   flattened, arrays kept whole; the event keeps its `event.*` fields;
 * - `event.kind` is then removed from the source, because the alert sets `event.kind: "signal"`.
 *
 * Not done: Kibana also drops fields whose value does not fit their ECS mapping type (e.g. a
 * `source.ip` that is not an IP); Loupe keeps them (see notes/alerts.md).
 *
 * Returns entries in document order, source keys first, then the copies, as Kibana adds them.
 * The input is never mutated; unchanged subtrees are shared, not copied.
 */
export function alertSourceEntries(source: Readonly<Record<string, unknown>>): [string, unknown][] {
  const kept: [string, unknown][] = [];
  const copies: [string, unknown][] = [];
  for (const key of Object.keys(source)) {
    const top = key.split('.', 1)[0]!;
    if (BANNED_TOP_LEVEL.has(top)) continue;
    const value = pruneEmpty(source[key], 0);
    if (value === undefined) continue;
    const copyRoot = COPY_ROOTS.get(top);
    if (copyRoot !== undefined) flattenInto(copies, copyRoot + key.slice(top.length), value, 0);
    kept.push([key, withoutEventKind(key, value)]);
  }
  return [...kept.filter(([, value]) => value !== undefined), ...copies];
}

const BANNED_TOP_LEVEL: ReadonlySet<string> = new Set(['kibana', 'signal', 'threshold_result']);
const COPY_ROOTS: ReadonlyMap<string, string> = new Map([
  ['event', ALERT_ORIGINAL_EVENT],
  ['data_stream', ALERT_ORIGINAL_DATA_STREAM],
]);

/** Beyond this depth subtrees are kept as they are (no pruning), so hostile nesting cannot overflow the stack. */
const MAX_PRUNE_DEPTH = 256;

/** The value without empty arrays/objects inside it; undefined when nothing is left. */
function pruneEmpty(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_PRUNE_DEPTH) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const items: unknown[] = [];
    for (const item of value) {
      const pruned = pruneEmpty(item, depth + 1);
      if (pruned !== item) changed = true;
      if (pruned !== undefined) items.push(pruned);
    }
    if (items.length === 0) return undefined;
    return changed ? items : value;
  }
  const record = value as Record<string, unknown>;
  // A copy is made only from the first member that changes (most objects keep every member).
  let out: Record<string, unknown> | undefined;
  let size = 0;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = record[key];
    const pruned = pruneEmpty(item, depth + 1);
    if (pruned !== item && out === undefined) {
      out = {};
      for (let j = 0; j < i; j++) setOwn(out, keys[j]!, record[keys[j]!]);
    }
    if (pruned === undefined) continue;
    if (out !== undefined) setOwn(out, key, pruned);
    size++;
  }
  if (size === 0) return undefined;
  return out ?? value;
}

/** Kibana's `flattenWithPrefix`: plain objects flatten into dotted keys, arrays are leaves. */
export function flattenWithPrefix(prefix: string, value: unknown): [string, unknown][] {
  const out: [string, unknown][] = [];
  flattenInto(out, prefix, value, 0);
  return out;
}

/** Appends (no spread: an object may have more keys than a call takes arguments). */
function flattenInto(out: [string, unknown][], prefix: string, value: unknown, depth: number): void {
  if (!isRecord(value) || depth > MAX_PRUNE_DEPTH) {
    out.push([prefix, value]);
    return;
  }
  for (const key of Object.keys(value)) flattenInto(out, `${prefix}.${key}`, value[key], depth + 1);
}

/** The top-level entry with `event.kind` taken out (undefined when the entry was only that). */
function withoutEventKind(key: string, value: unknown): unknown {
  if (key === EVENT_KIND) return undefined;
  if (key !== 'event' || !isRecord(value) || !Object.prototype.hasOwnProperty.call(value, 'kind')) return value;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) if (name !== 'kind') setOwn(out, name, value[name]);
  return out;
}
