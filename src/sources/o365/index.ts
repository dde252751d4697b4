/**
 * The Microsoft 365 unified audit log: Management Activity API records, `Search-UnifiedAuditLog`
 * output as JSON and Purview "export results" CSV rows (both hold the record in `AuditData`),
 * recognised by content. Mapped as Elastic's o365 integration (`logs-o365.audit-*`) does (map.ts).
 * Records name their tenant, which stands for the host.
 */
import type { RecordSource } from '../types.ts';
import { isApiRecord, isExportRow } from './audit-record.ts';
import { createO365Mapper } from './map.ts';

export const o365AuditSource: RecordSource = {
  kind: 'records',
  name: 'o365',
  recordNoun: 'audit record',
  hostsInRecords: true,
  sniff: ({ records }) => records[0] !== undefined && (isApiRecord(records[0]) || isExportRow(records[0])),
  createMapper: createO365Mapper,
};
