/** Sorting the alert table: one comparator per column, ties broken by position so order is stable. */
import { WORKFLOW_STATUSES } from '../../engine/alerts/triage.ts';
import type { AlertRow } from './alert-row.ts';

export const COLUMNS = [
  { key: 'time', label: 'Time' },
  { key: 'rule', label: 'Rule' },
  { key: 'severity', label: 'Severity' },
  { key: 'risk', label: 'Risk' },
  { key: 'host', label: 'Host' },
  { key: 'user', label: 'User' },
  { key: 'process', label: 'Process' },
  { key: 'reason', label: 'Reason' },
  { key: 'status', label: 'Status' },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];
export type SortDirection = 'ascending' | 'descending';

export interface AlertSort {
  readonly column: ColumnKey;
  readonly direction: SortDirection;
}

type Compare = (a: AlertRow, b: AlertRow) => number;

const byText =
  (pick: (row: AlertRow) => string): Compare =>
  (a, b) => {
    const x = pick(a);
    const y = pick(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };

/** Missing numbers (NaN) are ordered by `sortRows`, before this comparator runs. */
const byNumber =
  (pick: (row: AlertRow) => number): Compare =>
  (a, b) =>
    pick(a) - pick(b);

/** Columns whose value can be missing: such rows go last in either direction. */
const MISSING: Partial<Record<ColumnKey, (row: AlertRow) => boolean>> = {
  time: (row) => Number.isNaN(row.time),
  risk: (row) => Number.isNaN(row.risk),
};

const COMPARE: Record<ColumnKey, Compare> = {
  time: byNumber((row) => row.time),
  rule: byText((row) => row.rule),
  // Ascending severity means least severe first, as for risk.
  severity: (a, b) => b.severityRank - a.severityRank,
  risk: byNumber((row) => row.risk),
  host: byText((row) => row.host),
  user: byText((row) => row.user),
  process: byText((row) => row.process),
  reason: byText((row) => row.reason),
  // Kibana's order: open, acknowledged, closed.
  status: byNumber((row) => WORKFLOW_STATUSES.indexOf(row.status)),
};

export function sortRows(rows: readonly AlertRow[], sort: AlertSort): AlertRow[] {
  const compare = COMPARE[sort.column];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const missing = MISSING[sort.column];
  return [...rows].sort((a, b) => {
    if (missing) {
      const gap = Number(missing(a)) - Number(missing(b));
      if (gap !== 0) return gap;
      if (missing(a)) return a.index - b.index;
    }
    return sign * compare(a, b) || a.index - b.index;
  });
}

/** Clicking a column: the same column flips direction; a new one starts descending for time, severity and risk. */
export function nextSort(current: AlertSort, column: ColumnKey): AlertSort {
  if (current.column === column) return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  const numeric = column === 'time' || column === 'severity' || column === 'risk';
  return { column, direction: numeric ? 'descending' : 'ascending' };
}
