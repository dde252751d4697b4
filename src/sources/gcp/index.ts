/**
 * Google Cloud audit logs: Cloud Logging LogEntry objects of Cloud Audit Logs (admin activity,
 * data access, system event, policy denied), one per line (log sinks to Cloud Storage, `gcloud
 * logging read --format=json` flattened) or as a JSON array (`gcloud logging read
 * --format=json`, the console's "Download logs" JSON). Mapped as Elastic's gcp integration does
 * (`logs-gcp.audit-*`, map.ts). Recognised by content: an AuditLog `protoPayload` or a
 * `cloudaudit.googleapis.com` log name on the first record.
 */
import type { RecordSource } from '../types.ts';
import { createGcpAuditMapper, isAuditLogEntry } from './map.ts';

export const gcpAuditSource: RecordSource = {
  kind: 'records',
  name: 'gcp.audit',
  recordNoun: 'audit record',
  hostsInRecords: true,
  sniff: ({ records }) => records[0] !== undefined && isAuditLogEntry(records[0]),
  createMapper: createGcpAuditMapper,
};
