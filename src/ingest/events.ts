/**
 * One line of NDJSON / JSON lines to one event, or the reason it is not one.
 *
 * `JSON.parse` defines every key as an own data property, `__proto__` included, so a hostile key
 * stays plain data in the event (tested); nothing here copies an event into another object.
 *
 * Elasticsearch exports (elasticdump lines, one `_search` hit per line) wrap the event as
 * `{"_index", "_id", "_source": {...}}`. A document cannot hold a `_source` field (it is a
 * metadata field), so an object with `_source` and `_index` or `_id` is always such a wrapper:
 * the event is its `_source`, and `_index`/`_id` travel along as hints.
 */

/** `bad-row`: a CSV row that is not a record (field count unlike the header's, broken quoting). */
export type LineSkipReason = 'blank' | 'not-json' | 'not-object' | 'too-long' | 'bad-row';

export type EventObject = Record<string, unknown>;

export type ParsedLine =
  | { readonly kind: 'event'; readonly event: EventObject; readonly indexHint?: string; readonly idHint?: string }
  | { readonly kind: 'skip'; readonly reason: LineSkipReason; readonly message: string };

/** Longest parser message kept: V8 quotes the offending text, which may be a megabyte of it. */
const MAX_MESSAGE_LENGTH = 200;

/** Only JSON's own whitespace: a line of other blanks (NBSP, a stray BOM) is damage, not an empty line. */
const JSON_BLANK = /^[ \t\r\n]*$/;

export function parseEventLine(text: string): ParsedLine {
  if (JSON_BLANK.test(text)) return { kind: 'skip', reason: 'blank', message: 'blank line' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'skip', reason: 'not-json', message: clip(error instanceof Error ? error.message : String(error)) };
  }
  if (!isObject(value)) return { kind: 'skip', reason: 'not-object', message: `${describeJson(value)}, not an object` };
  return unwrapExportHit(value);
}

function unwrapExportHit(value: EventObject): ParsedLine {
  const isHit = Object.hasOwn(value, '_source') && (Object.hasOwn(value, '_index') || Object.hasOwn(value, '_id'));
  if (!isHit) return { kind: 'event', event: value };
  const source = value._source;
  if (!isObject(source)) return { kind: 'skip', reason: 'not-object', message: `Elasticsearch hit whose _source is ${describeJson(source)}, not an object` };
  return {
    kind: 'event',
    event: source,
    ...(typeof value._index === 'string' ? { indexHint: value._index } : {}),
    ...(typeof value._id === 'string' ? { idHint: value._id } : {}),
  };
}

function isObject(value: unknown): value is EventObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON array';
  return `a JSON ${typeof value}`;
}

function clip(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH)}…`;
}
