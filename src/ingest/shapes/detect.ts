/**
 * The log shape of a text file, from its first bytes (the pipeline hands over the first 8 KiB).
 * Shapes differ in how events are framed (lines, or records of one JSON document) and in what
 * wraps them; every line or record is still parsed on its own, so a file that mixes
 * wrappers is read correctly whatever its first line said.
 */
import { looksLikeCsv } from './csv.ts';
import { WRAPPER_KEYS } from './json-records.ts';

export type ShapeName = 'ndjson' | 'elasticdump' | 'beats' | 'json-array' | 'search-response' | 'json-wrapped' | 'json-values' | 'csv';

/** Top-level keys Elasticsearch writes first in a `_search` (or scroll) response. */
const SEARCH_RESPONSE_KEYS: ReadonlySet<string> = new Set(['took', 'timed_out', '_shards', 'hits', '_scroll_id', 'pit_id', 'terminated_early', 'num_reduce_phases']);

const decoder = new TextDecoder('utf-8');

const STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const SCALAR = String.raw`(?:${STRING}|-?\d[\d.eE+-]*|true|false|null)`;
/**
 * An object whose first keys hold scalars (`@odata.context`, `@odata.count`) and then one of
 * WRAPPER_KEYS opens an array: the records are that array's elements.
 */
const WRAPPED = new RegExp(String.raw`^\{\s*(?:${STRING}\s*:\s*${SCALAR}\s*,\s*)*"(?:${[...WRAPPER_KEYS].join('|')})"\s*:\s*\[`);

export function detectShape(prefix: Uint8Array): ShapeName {
  const text = decoder.decode(prefix.subarray(prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf ? 3 : 0));
  const start = text.search(/[^ \t\r\n]/);
  if (start === -1) return 'ndjson';
  if (text[start] === '[') return 'json-array';
  if (text[start] !== '{') return looksLikeCsv(text.slice(start)) ? 'csv' : 'ndjson';
  const firstKey = /^\{\s*"((?:[^"\\]|\\.)*)"/.exec(text.slice(start))?.[1];
  if (firstKey !== undefined && SEARCH_RESPONSE_KEYS.has(firstKey)) return 'search-response';
  if (WRAPPED.test(text.slice(start))) return 'json-wrapped';
  const newline = text.indexOf('\n', start);
  if (newline === -1) return 'ndjson';
  const firstLine = text.slice(start, newline).trim();
  // Pretty-printers put the opening brace of each object on a line of its own.
  if (firstLine === '{') return 'json-values';
  let first: unknown;
  try {
    first = JSON.parse(firstLine);
  } catch {
    return 'ndjson';
  }
  if (typeof first !== 'object' || first === null) return 'ndjson';
  const fields = first as Record<string, unknown>;
  if (Object.hasOwn(fields, '_source') && (Object.hasOwn(fields, '_index') || Object.hasOwn(fields, '_id'))) return 'elasticdump';
  const metadata = fields['@metadata'];
  if (typeof metadata === 'object' && metadata !== null && typeof (metadata as Record<string, unknown>).beat === 'string') return 'beats';
  return 'ndjson';
}

/** Shapes read record by record from one JSON document rather than line by line. */
export function isRecordShape(shape: ShapeName): shape is 'json-array' | 'search-response' | 'json-wrapped' | 'json-values' {
  return shape === 'json-array' || shape === 'search-response' || shape === 'json-wrapped' || shape === 'json-values';
}
