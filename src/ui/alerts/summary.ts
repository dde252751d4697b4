/** Counts and the timeline's buckets over the filtered alerts. */
import { SEVERITIES, type AlertRow } from './alert-row.ts';

export interface Count {
  readonly key: string;
  readonly count: number;
}

export function countBySeverity(rows: readonly AlertRow[]): Count[] {
  const counts = new Map<string, number>(SEVERITIES.map((severity) => [severity, 0]));
  for (const row of rows) {
    const key = row.severity.toLowerCase() || 'unknown';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => ({ key, count }));
}

export function countByTactic(rows: readonly AlertRow[]): Count[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const tactics = row.tactics.length === 0 ? ['(none)'] : row.tactics;
    for (const tactic of tactics) counts.set(tactic, (counts.get(tactic) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

export interface Bucket {
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

/**
 * `bucketCount` equal-width buckets from the earliest to the latest alert time; alerts without a
 * time are left out. The last bucket includes the latest time.
 */
export function timelineBuckets(rows: readonly AlertRow[], bucketCount: number): Bucket[] {
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    if (Number.isNaN(row.time)) continue;
    if (row.time < min) min = row.time;
    if (row.time > max) max = row.time;
  }
  if (min === Infinity) return [];
  const width = Math.max(1, Math.ceil((max - min + 1) / bucketCount));
  const counts = new Array<number>(bucketCount).fill(0);
  for (const row of rows) {
    if (Number.isNaN(row.time)) continue;
    const slot = Math.min(bucketCount - 1, Math.floor((row.time - min) / width));
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return counts.map((count, slot) => ({ start: min + slot * width, end: min + (slot + 1) * width, count }));
}
