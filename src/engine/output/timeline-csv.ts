/**
 * Alerts as CSV in the columns of Kibana's Timeline for detection alerts (its default alert
 * columns, then the event fields Timeline shows by default), for spreadsheets and tools that read
 * Timeline exports. Same CSV rules (and formula defusing) as the summary CSV.
 */
import type { AlertDocument } from '../alerts/types.ts';
import { formatCsvRecord } from './csv.ts';
import { firstOf } from './summary-columns.ts';

const COLUMNS: readonly { readonly header: string; readonly read: (alert: AlertDocument) => string }[] = [
  { header: '@timestamp', read: firstOf('kibana.alert.original_time', '@timestamp') },
  { header: 'kibana.alert.rule.name', read: firstOf('kibana.alert.rule.name') },
  { header: 'kibana.alert.severity', read: firstOf('kibana.alert.severity') },
  { header: 'kibana.alert.risk_score', read: firstOf('kibana.alert.risk_score') },
  { header: 'kibana.alert.reason', read: firstOf('kibana.alert.reason') },
  { header: 'kibana.alert.workflow_status', read: firstOf('kibana.alert.workflow_status') },
  { header: 'kibana.alert.workflow_reason', read: firstOf('kibana.alert.workflow_reason') },
  { header: 'message', read: firstOf('message') },
  { header: 'event.category', read: firstOf('event.category') },
  { header: 'event.action', read: firstOf('event.action') },
  { header: 'host.name', read: firstOf('host.name') },
  { header: 'source.ip', read: firstOf('source.ip') },
  { header: 'destination.ip', read: firstOf('destination.ip') },
  { header: 'user.name', read: firstOf('user.name') },
  { header: 'process.name', read: firstOf('process.name') },
  { header: 'process.command_line', read: firstOf('process.command_line') },
  { header: 'file.path', read: firstOf('file.path') },
  { header: 'kibana.alert.uuid', read: firstOf('kibana.alert.uuid') },
];

/** Field names, ours: written as they are (`@timestamp` must not be defused like a formula cell). */
export function formatTimelineCsvHeader(): string {
  return `${COLUMNS.map((column) => column.header).join(',')}\r\n`;
}

export function formatTimelineCsvRow(alert: AlertDocument): string {
  return formatCsvRecord(COLUMNS.map((column) => column.read(alert)));
}
