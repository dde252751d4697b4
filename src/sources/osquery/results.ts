/**
 * osqueryd's results log (`osqueryd.results.log`, filesystem logger): one JSON object per line.
 * Event-based differential results: `{"name", "hostIdentifier", "calendarTime", "unixTime",
 * "columns": {...}, "action": "added"|"removed"}`; snapshot queries: `{"snapshot": [{...}],
 * "action": "snapshot", ...}`; with `--logger_event_type=false`, batches:
 * `{"diffResults": {"added": [...], "removed": [...]}, ...}`. Column values are strings unless
 * osquery logs numerics (`--logger_numerics`); both are read.
 */
import { isJsonObject, objectAt, stringAt, integerAt, type JsonObject } from '../common/json.ts';

export interface ResultRows {
  readonly name?: string;
  readonly host?: string;
  /** The log line's time (seconds since the epoch): when the query ran. */
  readonly unixTime?: number;
  readonly action: 'added' | 'removed' | 'snapshot';
  readonly rows: readonly JsonObject[];
}

/** A results-log record's rows; undefined when the record is not one. */
export function readResults(record: JsonObject): ResultRows | undefined {
  const name = stringAt(record, 'name');
  const host = stringAt(record, 'hostIdentifier');
  const unixTime = integerAt(record, 'unixTime') ?? numberText(stringAt(record, 'unixTime'));
  const base = { ...(name !== undefined ? { name } : {}), ...(host !== undefined && host !== '' ? { host } : {}), ...(unixTime !== undefined ? { unixTime } : {}) };
  const action = stringAt(record, 'action');
  const columns = objectAt(record, 'columns');
  if (columns !== undefined && (action === 'added' || action === 'removed')) return { ...base, action, rows: [columns] };
  const snapshot = record['snapshot'];
  if (Array.isArray(snapshot)) return { ...base, action: 'snapshot', rows: snapshot.filter(isJsonObject) };
  const diff = objectAt(record, 'diffResults');
  if (diff !== undefined) {
    const added = diff['added'];
    const removed = diff['removed'];
    const rows = Array.isArray(added) ? added.filter(isJsonObject) : [];
    return rows.length > 0 || !Array.isArray(removed) || removed.length === 0 ? { ...base, action: 'added', rows } : { ...base, action: 'removed', rows: removed.filter(isJsonObject) };
  }
  return undefined;
}

/** A column as text (numbers written as text); undefined when absent or empty. */
export function column(row: JsonObject, key: string): string | undefined {
  const value = row[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A column as an integer (osquery logs `"123"` or, with numerics, `123`). */
export function integerColumn(row: JsonObject, key: string): number | undefined {
  const value = row[key];
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  return numberText(typeof value === 'string' ? value : undefined);
}

function numberText(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d{1,16}$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
