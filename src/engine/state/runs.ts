/**
 * Coverage runs: the sightings of one term combination, in event time (epoch ms), compressed
 * without losing what a new-terms verdict needs.
 *
 * A run `[first, last]` says: there was a sighting at `first` and one at `last`, and between them
 * no two consecutive sightings are more than `gap` apart. Runs are sorted and separated by more
 * than `gap`. For any time interval at least `gap` long, "was there a sighting in it?" then has
 * the same answer from the runs as from the raw sightings (a hole inside a run is never wider
 * than the interval, so an interval that reaches into a run always holds one of its sightings).
 * Storing only the first and last sighting would lose exactly those holes.
 */
export type Run = readonly [first: number, last: number];
export type Runs = readonly Run[];

/** A run list being built in place (the scan accumulator's working copy). */
export type MutableRuns = [first: number, last: number][];

/** Runs from two lists (either order, overlapping or not) merged with `gap`. Pure. */
export function mergeRuns(a: Runs, b: Runs, gap: number): Run[] {
  return normalizeRuns([...a, ...b], gap);
}

/** Runs covering `runs` plus the given sighting times. Pure; the order of `times` does not matter. */
export function mergeSightings(runs: Runs, times: readonly number[], gap: number): Run[] {
  return normalizeRuns([...runs, ...times.map((time): Run => [time, time])], gap);
}

/** Any list of `[first, last]` pairs (unsorted, overlapping) as canonical sorted runs for `gap`. */
export function normalizeRuns(runs: Runs, gap: number): Run[] {
  const sorted = [...runs].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: MutableRuns = [];
  for (const [first, last] of sorted) {
    const previous = out[out.length - 1];
    if (previous !== undefined && first - previous[1] <= gap) {
      if (last > previous[1]) previous[1] = last;
    } else {
      out.push([first, last]);
    }
  }
  return out;
}

/**
 * Adds one sighting to runs in place. Amortised O(1) when sightings arrive in time order (the
 * common case), O(log n + n) otherwise.
 */
export function addSighting(runs: MutableRuns, time: number, gap: number): void {
  const last = runs[runs.length - 1];
  if (last === undefined || time > last[1]) {
    if (last !== undefined && time - last[1] <= gap) last[1] = time;
    else runs.push([time, time]);
    return;
  }
  // First run whose end is within `gap` before the sighting: the only one it can touch or join.
  const index = firstRunEndingAtOrAfter(runs, time - gap);
  const run = runs[index];
  if (run === undefined || run[0] - time > gap) {
    runs.splice(index, 0, [time, time]);
    return;
  }
  if (time < run[0]) run[0] = time;
  if (time > run[1]) run[1] = time;
  // Growing a run can close the gap to the next one.
  for (let next = runs[index + 1]; next !== undefined && next[0] - run[1] <= gap; next = runs[index + 1]) {
    if (next[1] > run[1]) run[1] = next[1];
    runs.splice(index + 1, 1);
  }
}

/**
 * Was there a sighting at a time `s` with `from <= s < to`? Exact when `to - from >= gap` of the
 * runs (see the module comment); shorter intervals may answer "seen" inside a run's hole.
 */
export function seenBetween(runs: Runs, from: number, to: number): boolean {
  const run = runs[firstRunEndingAtOrAfter(runs, from)];
  return run !== undefined && run[0] < to;
}

/** Was the term seen in `[time - window, time)`, i.e. within the history window before `time`? */
export function seenInWindow(runs: Runs, time: number, window: number): boolean {
  return seenBetween(runs, time - window, time);
}

/** True when runs merged with `storedGap` answer `seenInWindow` exactly for `window`. */
export function answersExactly(storedGap: number, window: number): boolean {
  return storedGap <= window;
}

/** Index of the first run with `last >= time` (runs.length if none); ends are sorted because runs are disjoint. */
function firstRunEndingAtOrAfter(runs: Runs, time: number): number {
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((runs[middle] as Run)[1] < time) low = middle + 1;
    else high = middle;
  }
  return low;
}
