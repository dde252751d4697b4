/** Alert filters as plain data, and the one function that applies them. */
import type { WorkflowStatus } from '../../engine/alerts/triage.ts';
import type { AlertRow } from './alert-row.ts';

export interface AlertFilter {
  /** Severities to keep; empty keeps all. */
  readonly severities: readonly string[];
  readonly rule: string;
  readonly host: string;
  readonly tactic: string;
  /** Workflow status to keep; '' keeps all. */
  readonly status: WorkflowStatus | '';
  /** Case-insensitive substring of rule, severity, host, user, process, reason or tactic. */
  readonly text: string;
  /** Inclusive-exclusive epoch-ms window picked on the timeline. */
  readonly timeRange?: readonly [number, number];
}

export const NO_FILTER: AlertFilter = { severities: [], rule: '', host: '', tactic: '', status: '', text: '' };

export function rowMatches(row: AlertRow, filter: AlertFilter): boolean {
  if (filter.severities.length > 0 && !filter.severities.includes(row.severity.toLowerCase())) return false;
  if (filter.rule !== '' && row.rule !== filter.rule) return false;
  if (filter.host !== '' && row.host !== filter.host) return false;
  if (filter.tactic !== '' && !row.tactics.includes(filter.tactic)) return false;
  if (filter.status !== '' && row.status !== filter.status) return false;
  if (filter.timeRange !== undefined && !(row.time >= filter.timeRange[0] && row.time < filter.timeRange[1])) return false;
  const text = filter.text.trim().toLowerCase();
  return text === '' || row.haystack.includes(text);
}

export function filterRows(rows: readonly AlertRow[], filter: AlertFilter): AlertRow[] {
  return rows.filter((row) => rowMatches(row, filter));
}

/** Distinct values of one row field, most frequent first (ties by name), for the filter menus. */
export function distinctValues(rows: readonly AlertRow[], pick: (row: AlertRow) => readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const row of rows) for (const value of pick(row)) if (value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([value]) => value);
}
