/**
 * The audit record inside what an export holds. The Management Activity API gives the record
 * itself; `Search-UnifiedAuditLog` (as JSON) and the Purview "export results" CSV give a row whose
 * `AuditData` holds the record as JSON text, next to summary columns (`CreationDate`, `UserIds`,
 * `Operations`, and in newer exports `RecordId`, `RecordType`, `Operation`, `UserId`, ...).
 */
import { isRecord } from '../../engine/json/own-record.ts';
import type { RawRecord } from '../types.ts';

export type AuditRecord = { readonly record: Readonly<Record<string, unknown>> } | { readonly problem: string; readonly message: string };

export const O365_NOT_MAPPED = {
  badAuditData: 'AuditData not a JSON object',
  notObject: 'not a JSON object',
  noTime: 'no CreationTime',
} as const;

const WRAPPER_COLUMNS = ['CreationDate', 'UserIds', 'Operations', 'RecordId', 'ResultIndex', 'Identity'];

/** A row of a Purview CSV export or a `Search-UnifiedAuditLog` object: `AuditData` beside the export's own columns. */
export function isExportRow(row: RawRecord): boolean {
  const data = row['AuditData'];
  return (typeof data === 'string' || isRecord(data)) && WRAPPER_COLUMNS.some((column) => Object.hasOwn(row, column));
}

/** A Management Activity API record: the common schema's `CreationTime`, numeric `RecordType`, `Id`, and `Operation` or `Workload`. */
export function isApiRecord(record: RawRecord): boolean {
  return (
    typeof record['CreationTime'] === 'string' &&
    typeof record['RecordType'] === 'number' &&
    typeof record['Id'] === 'string' &&
    (typeof record['Operation'] === 'string' || typeof record['Workload'] === 'string')
  );
}

export function auditRecordOf(row: RawRecord): AuditRecord {
  if (!isRecord(row)) return { problem: O365_NOT_MAPPED.notObject, message: `the row is ${row === null ? 'null' : Array.isArray(row) ? 'an array' : typeof row}` };
  // The file was recognised by its first records: a record without AuditData is taken as an API record.
  if (!Object.hasOwn(row, 'AuditData')) return { record: row };
  const data = row['AuditData'];
  if (isRecord(data)) return { record: data };
  if (typeof data !== 'string') return { problem: O365_NOT_MAPPED.badAuditData, message: `AuditData is ${data === null ? 'null' : typeof data}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    return { problem: O365_NOT_MAPPED.badAuditData, message: `AuditData: ${(error as Error).message}` };
  }
  return isRecord(parsed) ? { record: parsed } : { problem: O365_NOT_MAPPED.badAuditData, message: `AuditData holds ${Array.isArray(parsed) ? 'an array' : typeof parsed}` };
}
