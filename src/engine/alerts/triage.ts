/**
 * Triage of alerts as Kibana records it on the alert document: `kibana.alert.workflow_status`
 * (open / acknowledged / closed), `kibana.alert.workflow_reason` (Kibana 9.2+: the closing reason,
 * written only on closed alerts and removed when an alert is reopened), and
 * `kibana.alert.workflow_status_updated_at`. Kibana also writes `kibana.alert.workflow_user` (the
 * user profile uid of whoever changed the status); Loupe has no users, so it writes none.
 * Free-text notes are Kibana saved objects, not alert fields: Loupe carries them as
 * `loupe.notes` so one alert document holds the whole decision.
 */
import type { AlertDocument } from './types.ts';
import { LOUPE_FIELD } from './loupe-notes.ts';

export const WORKFLOW_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/** Kibana's predefined closing reasons (its keys, as stored); `automated_closure` is set by automation, not offered. */
export const CLOSING_REASONS = ['false_positive', 'benign_positive', 'true_positive', 'duplicate', 'other'] as const;
export type ClosingReason = (typeof CLOSING_REASONS)[number];

export const CLOSING_REASON_LABELS: Readonly<Record<ClosingReason, string>> = {
  false_positive: 'False positive',
  benign_positive: 'Benign positive',
  true_positive: 'True positive',
  duplicate: 'Duplicate',
  other: 'Other',
};

export const WORKFLOW_STATUS_FIELD = 'kibana.alert.workflow_status';
export const WORKFLOW_REASON_FIELD = 'kibana.alert.workflow_reason';
export const WORKFLOW_UPDATED_AT_FIELD = 'kibana.alert.workflow_status_updated_at';

/** One alert's triage: what the responder decided, and when. */
export interface Triage {
  readonly status: WorkflowStatus;
  /** Only with status `closed`. */
  readonly reason?: ClosingReason;
  readonly notes?: string;
  /** ISO time of the last status change. */
  readonly updatedAt: string;
}

/** A change applied to one or many alerts: a status (with a reason when closing) and/or notes. */
export interface TriageChange {
  readonly status?: WorkflowStatus;
  readonly reason?: ClosingReason;
  readonly notes?: string;
}

export function isWorkflowStatus(value: unknown): value is WorkflowStatus {
  return typeof value === 'string' && (WORKFLOW_STATUSES as readonly string[]).includes(value);
}

export function isClosingReason(value: unknown): value is ClosingReason {
  return typeof value === 'string' && (CLOSING_REASONS as readonly string[]).includes(value);
}

/**
 * The triage after `change` at time `now`. A status change stamps the time; a reason holds
 * only for `closed` (reopening or acknowledging drops it, as Kibana removes the field); notes
 * change alone without touching the status time.
 */
export function applyChange(previous: Triage | undefined, change: TriageChange, now: string): Triage {
  const status = change.status ?? previous?.status ?? 'open';
  const statusChanged = change.status !== undefined && (change.status !== previous?.status || change.reason !== previous?.reason);
  const reason = status === 'closed' ? (change.status !== undefined ? change.reason : previous?.reason) : undefined;
  const notes = change.notes !== undefined ? change.notes : previous?.notes;
  return {
    status,
    ...(reason !== undefined ? { reason } : {}),
    ...(notes !== undefined && notes !== '' ? { notes } : {}),
    updatedAt: statusChanged || previous === undefined ? now : previous.updatedAt,
  };
}

/**
 * The alert document with its triage written in, in Kibana's fields; the document's other keys
 * keep their order (the status replaces the value in place, so an untouched alert's bytes are
 * those `loupe scan` writes).
 */
export function withTriage(alert: AlertDocument, triage: Triage | undefined): AlertDocument {
  if (triage === undefined) return alert;
  const out: AlertDocument = {};
  const writeStatus = () => {
    out[WORKFLOW_STATUS_FIELD] = triage.status;
    if (triage.reason !== undefined) out[WORKFLOW_REASON_FIELD] = triage.reason;
    out[WORKFLOW_UPDATED_AT_FIELD] = triage.updatedAt;
  };
  for (const [key, value] of Object.entries(alert)) {
    if (key === WORKFLOW_STATUS_FIELD) writeStatus();
    else if (key !== WORKFLOW_REASON_FIELD && key !== WORKFLOW_UPDATED_AT_FIELD && key !== LOUPE_FIELD) out[key] = value;
  }
  // A document without the status field (not one Loupe wrote) gets it at the end.
  if (!(WORKFLOW_STATUS_FIELD in out)) writeStatus();
  const loupe = { ...(isRecord(alert[LOUPE_FIELD]) ? alert[LOUPE_FIELD] : {}) };
  delete loupe['notes'];
  if (triage.notes !== undefined) loupe['notes'] = triage.notes;
  if (Object.keys(loupe).length > 0) out[LOUPE_FIELD] = loupe;
  return out;
}

/** The triage an alert document carries (a case file or an export read back), if it was triaged. */
export function triageOf(alert: AlertDocument): Triage | undefined {
  const status = alert[WORKFLOW_STATUS_FIELD];
  const updatedAt = alert[WORKFLOW_UPDATED_AT_FIELD];
  const loupe = alert[LOUPE_FIELD];
  const notes = isRecord(loupe) && typeof loupe['notes'] === 'string' ? loupe['notes'] : undefined;
  if (!isWorkflowStatus(status) || (typeof updatedAt !== 'string' && notes === undefined)) return undefined;
  const reason = alert[WORKFLOW_REASON_FIELD];
  return {
    status,
    ...(status === 'closed' && isClosingReason(reason) ? { reason } : {}),
    ...(notes !== undefined ? { notes } : {}),
    updatedAt: typeof updatedAt === 'string' ? updatedAt : '',
  };
}

/** Alerts per status; an alert without triage is open. */
export function countByStatus(uuids: readonly string[], triage: ReadonlyMap<string, Triage>): Record<WorkflowStatus, number> {
  const counts: Record<WorkflowStatus, number> = { open: 0, acknowledged: 0, closed: 0 };
  for (const uuid of uuids) counts[triage.get(uuid)?.status ?? 'open']++;
  return counts;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
