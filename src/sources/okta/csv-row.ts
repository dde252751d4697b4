/**
 * The Okta Admin Console's System Log export (Reports → System Log → "Download CSV"): one row per
 * LogEvent, the header naming each column by its LogEvent attribute path (`eventType`,
 * `published`, `actor.alternateId`, `client.geographicalContext.geolocation.lat`, ...; list
 * items as `target.0.id` or `target[0].id`). A row is turned back into the nested LogEvent the
 * mapper reads: empty cells are absent (the integration drops empty values anyway), numbers and
 * booleans come back for the attributes the API types so, and a cell holding JSON (an object or
 * list written whole) is parsed. Keys come from the header: every one is written as an own
 * property (`setOwn`), so a `__proto__` column stays data.
 */
import { setOwn, type Doc } from '../common/doc.ts';
import { isJsonObject } from '../common/json.ts';
import type { RawRecord } from '../types.ts';

/** LogEvent attributes the API gives as numbers. */
const NUMERIC = new Set(['authenticationContext.authenticationStep', 'securityContext.asNumber', 'client.geographicalContext.geolocation.lat', 'client.geographicalContext.geolocation.lon']);
/** ... and as booleans. */
const BOOLEAN = new Set(['securityContext.isProxy']);

/** A header of dotted attribute paths with the LogEvent's own names: what the console export writes. */
export function isOktaCsvRow(record: RawRecord): boolean {
  return typeof record['eventType'] === 'string' && typeof record['published'] === 'string' && Object.keys(record).some((key) => key.startsWith('actor.') || key.startsWith('client.'));
}

function cell(path: string, text: string): unknown {
  const trimmed = text.trim();
  if (NUMERIC.has(path) && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (BOOLEAN.has(path) && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Lists written as objects keyed 0, 1, ... become arrays. */
function listsOf(value: unknown): unknown {
  if (!isJsonObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every((key, i) => key === String(i))) return keys.map((key) => listsOf(value[key]));
  const out: Doc = {};
  for (const key of keys) setOwn(out, key, listsOf(value[key]));
  return out;
}

/** The nested LogEvent of one CSV row. */
export function logEventOfRow(row: RawRecord): RawRecord {
  const root: Doc = {};
  for (const [header, value] of Object.entries(row)) {
    if (typeof value !== 'string' || value === '') continue;
    const path = header.replace(/\[(\d+)\]/g, '.$1');
    const parts = path.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = Object.prototype.hasOwnProperty.call(node, part) ? node[part] : undefined;
      if (isJsonObject(next)) node = next as Doc;
      else {
        const child: Doc = {};
        setOwn(node, part, child);
        node = child;
      }
    }
    setOwn(node, parts[parts.length - 1]!, cell(path, value));
  }
  return listsOf(root) as RawRecord;
}
