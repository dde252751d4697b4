/**
 * The timeline around one alert on its host: the scan's alerts on the same host within a window
 * of it and the starts of the processes in its process tree, in time order, the alert itself
 * marked. Alerts come from the scan's rows (no events are kept after a scan); process starts
 * from the kept process events.
 */
import type { ProcessLineage } from '../../engine/explain/process-tree.ts';
import type { AlertRow } from '../alerts/alert-row.ts';

export const TIMELINE_WINDOW_MS = 30 * 60_000;
/** A busy host's hour can hold thousands of alerts: the list shows the nearest ones. */
export const TIMELINE_MAX_ENTRIES = 200;

export type TimelineEntry =
  | { readonly kind: 'alert'; readonly time: number; readonly row: AlertRow; readonly current: boolean }
  | { readonly kind: 'process'; readonly time: number; readonly name: string; readonly commandLine?: string; readonly role: 'ancestor' | 'self' | 'child' };

export function hostTimeline(current: AlertRow, rows: readonly AlertRow[], lineage: ProcessLineage | undefined, windowMs = TIMELINE_WINDOW_MS): TimelineEntry[] {
  if (Number.isNaN(current.time)) return [];
  const near = (time: number) => Math.abs(time - current.time) <= windowMs;
  const entries: TimelineEntry[] = rows
    .filter((row) => row.host === current.host && near(row.time))
    .map((row) => ({ kind: 'alert', time: row.time, row, current: row.uuid === current.uuid }));
  const processes = lineage ? [...lineage.ancestors.map((node) => ['ancestor', node] as const), ...(lineage.process ? [['self', lineage.process] as const] : []), ...lineage.children.map((node) => ['child', node] as const)] : [];
  for (const [role, node] of processes) {
    const time = node.start === undefined ? NaN : Date.parse(node.start);
    if (Number.isNaN(time) || !near(time)) continue;
    entries.push({ kind: 'process', time, name: node.name ?? node.executable ?? node.entityId, ...(node.commandLine !== undefined ? { commandLine: node.commandLine } : {}), role });
  }
  // Nearest first for the cut, then in time order (alerts before process starts at the same instant).
  const kept = entries.sort((a, b) => Math.abs(a.time - current.time) - Math.abs(b.time - current.time)).slice(0, TIMELINE_MAX_ENTRIES);
  return kept.sort((a, b) => a.time - b.time || (a.kind === b.kind ? 0 : a.kind === 'alert' ? -1 : 1));
}
