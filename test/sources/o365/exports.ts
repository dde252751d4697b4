/**
 * Unified audit log exports as the tools write them, built from records (fixtures.ts):
 * - Purview "Export results" CSV, classic (`CreationDate,UserIds,Operations,AuditData`) and current
 *   (`RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,
 *   AssociatedAdminUnitsNames`) columns: UTF-8 with a BOM, CRLF, every field quoted with inner
 *   quotes doubled (RFC 4180), `AuditData` the record's JSON;
 * - `Search-UnifiedAuditLog … | ConvertTo-Json` from Windows PowerShell 5.1 (an array, four-space
 *   indent, two spaces after the colon), saved with `Out-File` (UTF-16 LE with a BOM, CRLF);
 * - a Management Activity API content blob (a JSON array of records).
 */
import { searchResult, type AuditRecord } from './fixtures.ts';

const quoted = (value: unknown) => `"${String(value ?? '').replace(/"/g, '""')}"`;
const bomUtf8 = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);

export function purviewCsv(records: readonly AuditRecord[], columns: 'classic' | 'current'): Uint8Array {
  const rows =
    columns === 'classic'
      ? [['CreationDate', 'UserIds', 'Operations', 'AuditData'], ...records.map((r) => [`${String(r['CreationTime'])}.0000000Z`, r['UserId'], r['Operation'], JSON.stringify(r)])]
      : [
          ['RecordId', 'CreationDate', 'RecordType', 'Operation', 'UserId', 'AuditData', 'AssociatedAdminUnits', 'AssociatedAdminUnitsNames'],
          ...records.map((r) => [r['Id'], `${String(r['CreationTime'])}.0000000Z`, r['Workload'] === 'Exchange' ? 'ExchangeAdmin' : 'AzureActiveDirectoryStsLogon', r['Operation'], r['UserId'], JSON.stringify(r), '', '']),
        ];
  return bomUtf8(rows.map((row) => row.map(quoted).join(',')).join('\r\n') + '\r\n');
}

/**
 * `Search-UnifiedAuditLog … | Export-Csv out.csv` from Windows PowerShell 5.1 without
 * `-NoTypeInformation`: a `#TYPE` line, then every property of the result objects as a quoted
 * column, in the ANSI/UTF-8 text Export-Csv writes (no BOM here), CRLF.
 */
export function searchUnifiedAuditLogCsv(records: readonly AuditRecord[]): Uint8Array {
  const objects = records.map((record, i) => searchResult(record, i, records.length));
  const columns = Object.keys(objects[0]!);
  const rows = [columns, ...objects.map((object) => columns.map((column) => object[column]))];
  return new TextEncoder().encode(['#TYPE System.Management.Automation.PSCustomObject', ...rows.map((row) => row.map(quoted).join(','))].join('\r\n') + '\r\n');
}

export function searchUnifiedAuditLogJson(records: readonly AuditRecord[]): Uint8Array {
  const text = JSON.stringify(records.map((record, i) => searchResult(record, i, records.length)), null, 4).replace(/": /g, '":  ').replace(/\n/g, '\r\n');
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 + 2 * i] = unit & 0xff;
    bytes[3 + 2 * i] = unit >> 8;
  }
  return bytes;
}

export function managementApiContent(records: readonly AuditRecord[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(records));
}
