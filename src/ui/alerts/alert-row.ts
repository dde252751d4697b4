/**
 * The table's view of an alert: the few values every screen shows, read once per alert with the
 * engine's field access (dotted alert keys and nested event fields alike), so sorting and
 * filtering 100,000 alerts never touches the documents again.
 */
import { isWorkflowStatus, type WorkflowStatus } from '../../engine/alerts/triage.ts';
import type { AlertDocument } from '../../engine/alerts/types.ts';
import { compileFieldGetter, type FieldGetter } from '../../engine/fields/access.ts';
import { forEachInSlices } from '../../workers/next-task.ts';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface AlertRow {
  /** Position of the alert in the scan's alert list. */
  readonly index: number;
  readonly uuid: string;
  /** Epoch ms of `kibana.alert.original_time` (else `@timestamp`); NaN when neither parses. */
  readonly time: number;
  readonly timeText: string;
  readonly rule: string;
  readonly severity: string;
  /** 0 critical ... 3 low, 4 anything else: sorts most severe first. */
  readonly severityRank: number;
  readonly risk: number;
  readonly host: string;
  readonly user: string;
  readonly process: string;
  readonly reason: string;
  readonly tactics: readonly string[];
  readonly buildingBlock: boolean;
  /** Kibana workflow status: the alert's own, then whatever triage set. */
  readonly status: WorkflowStatus;
  /** Lower-cased text the free-text filter searches. */
  readonly haystack: string;
}

const get = (name: string): FieldGetter => compileFieldGetter(name);
const read = {
  uuid: get('kibana.alert.uuid'),
  originalTime: get('kibana.alert.original_time'),
  timestamp: get('@timestamp'),
  rule: get('kibana.alert.rule.name'),
  severity: get('kibana.alert.severity'),
  risk: get('kibana.alert.risk_score'),
  host: get('host.name'),
  user: get('user.name'),
  processName: get('process.name'),
  processExecutable: get('process.executable'),
  reason: get('kibana.alert.reason'),
  tactics: get('kibana.alert.rule.threat.tactic.name'),
  buildingBlock: get('kibana.alert.building_block_type'),
  status: get('kibana.alert.workflow_status'),
};

function first(getter: FieldGetter, alert: AlertDocument): string {
  const value = getter(alert)[0];
  return value === undefined ? '' : String(value);
}

export function severityRank(severity: string): number {
  const rank = (SEVERITIES as readonly string[]).indexOf(severity.toLowerCase());
  return rank === -1 ? SEVERITIES.length : rank;
}

export function alertRow(alert: AlertDocument, index: number): AlertRow {
  const timeText = first(read.originalTime, alert) || first(read.timestamp, alert);
  const rule = first(read.rule, alert);
  const severity = first(read.severity, alert);
  const host = first(read.host, alert);
  const user = first(read.user, alert);
  const process = first(read.processName, alert) || first(read.processExecutable, alert);
  const reason = first(read.reason, alert);
  const tactics = [...new Set(read.tactics(alert).map(String))];
  const risk = Number(read.risk(alert)[0] ?? NaN);
  const status = read.status(alert)[0];
  return {
    index,
    uuid: first(read.uuid, alert) || `#${index}`,
    time: Date.parse(timeText),
    timeText,
    rule,
    severity,
    severityRank: severityRank(severity),
    risk,
    host,
    user,
    process,
    reason,
    tactics,
    buildingBlock: read.buildingBlock(alert).length > 0,
    status: isWorkflowStatus(status) ? status : 'open',
    haystack: [rule, severity, host, user, process, reason, ...tactics].join('\n').toLowerCase(),
  };
}

export function alertRows(alerts: readonly AlertDocument[]): AlertRow[] {
  return alerts.map(alertRow);
}

/** `alertRows` in slices of the page's time (a library scan can raise 100,000 alerts). */
export async function alertRowsInSlices(alerts: readonly AlertDocument[]): Promise<AlertRow[]> {
  const rows: AlertRow[] = [];
  await forEachInSlices(alerts, (alert) => rows.push(alertRow(alert, rows.length)));
  return rows;
}

/** The rows with the statuses triage gave them (others keep their own); unchanged rows are the same objects. */
export function withStatuses(rows: readonly AlertRow[], statusOf: (uuid: string) => WorkflowStatus | undefined): AlertRow[] {
  return rows.map((row) => {
    const status = statusOf(row.uuid) ?? row.status;
    return status === row.status ? row : { ...row, status };
  });
}
