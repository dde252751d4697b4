/**
 * Replaying a rule's executions over event time, and what `max_signals` does in each.
 *
 * Only executions whose window holds at least one buffered item are visited, so a scan over a
 * year of 5-minute executions costs the busy windows, not 105,000 empty ones. Items must be
 * sorted by time.
 */
import { execution, executionsCovering, type Execution, type RuleSchedule } from './schedule.ts';

/** Execution indices to visit, both ends inclusive (default: all). */
export interface ExecutionRange {
  readonly first?: number;
  readonly last?: number;
}

/**
 * Calls `visit` for each execution (within `range`) with items in its window, in time order:
 * items `[lo, hi)`. Returns the count.
 */
export function forEachBusyExecution(
  times: ArrayLike<number>,
  schedule: RuleSchedule,
  visit: (run: Execution, lo: number, hi: number) => void,
  range: ExecutionRange = {},
): number {
  if (times.length === 0) return 0;
  let visited = 0;
  let lo = 0;
  let hi = 0;
  let index = Math.max(executionsCovering(schedule, times[0]!).first, range.first ?? -Infinity);
  const last = range.last ?? Infinity;
  while (lo < times.length && index <= last) {
    const run = execution(schedule, index);
    while (lo < times.length && times[lo]! < run.from) lo++;
    if (lo >= times.length) break;
    if (times[lo]! > run.to) {
      index = Math.max(index + 1, executionsCovering(schedule, times[lo]!).first);
      continue;
    }
    if (hi < lo) hi = lo;
    while (hi < times.length && times[hi]! <= run.to) hi++;
    visit(run, lo, hi);
    visited++;
    index++;
  }
  return visited;
}

/**
 * What became of a would-be alert in the replayed schedule: `created` by an execution,
 * `over-limit` (every execution that saw it had reached max_signals), or `schedule-gap` (no
 * execution's window holds it).
 */
export type Fate = 'created' | 'over-limit' | 'schedule-gap';

export interface Selection {
  readonly fates: Fate[];
  /** Time of the execution that created each item (null unless created). */
  readonly createdAt: (number | null)[];
  readonly executions: number;
}

/**
 * Query and new_terms executions page through their matches and write up to max_signals alerts
 * that do not exist yet (`searchAfterAndBulkCreate` passes `maxAlerts = max_signals - created so
 * far` after dropping alerts whose id exists), so an item an earlier run could not write is
 * written by a later run whose window still holds it. `order` is the execution's paging order.
 * (EQL differs: see rule-types/eql.ts.)
 */
export function selectPerExecution<T>(
  items: readonly T[],
  timeOf: (item: T) => number,
  schedule: RuleSchedule,
  order: (a: T, b: T) => number,
): Selection {
  const times = items.map(timeOf);
  const createdAt: (number | null)[] = items.map(() => null);
  const executions = forEachBusyExecution(times, schedule, (run, lo, hi) => {
    const candidates: number[] = [];
    for (let i = lo; i < hi; i++) if (createdAt[i] === null) candidates.push(i);
    candidates.sort((a, b) => order(items[a]!, items[b]!) || a - b);
    for (const i of candidates.slice(0, schedule.maxSignals)) createdAt[i] ??= run.at;
  });
  const fates = times.map((time, i): Fate => {
    if (createdAt[i] !== null) return 'created';
    const { first, last } = executionsCovering(schedule, time);
    return first > last ? 'schedule-gap' : 'over-limit';
  });
  return { fates, createdAt, executions };
}
