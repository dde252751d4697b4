import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addSighting,
  answersExactly,
  mergeRuns,
  mergeSightings,
  normalizeRuns,
  seenBetween,
  seenInWindow,
  type MutableRuns,
  type Run,
} from '../../../src/engine/state/runs.ts';

const DAY = 86_400_000;

describe('mergeSightings', () => {
  it.each<[string, number[], number, Run[]]>([
    ['nothing', [], 10, []],
    ['one sighting', [5], 10, [[5, 5]]],
    ['gap equal to the window merges', [0, 10], 10, [[0, 10]]],
    ['gap one over the window splits', [0, 11], 10, [[0, 0], [11, 11]]],
    ['chain of small gaps is one run', [0, 8, 16, 24], 10, [[0, 24]]],
    ['unsorted input', [24, 0, 16, 8], 10, [[0, 24]]],
    ['duplicates', [3, 3, 3], 10, [[3, 3]]],
    ['two clusters', [0, 5, 100, 103], 10, [[0, 5], [100, 103]]],
    ['negative times (before 1970)', [-20, -15, 0], 10, [[-20, -15], [0, 0]]],
    ['7-day window, sightings 6 and 8 days apart', [0, 6 * DAY, 14 * DAY], 7 * DAY, [[0, 6 * DAY], [14 * DAY, 14 * DAY]]],
  ])('%s', (_name, times, gap, expected) => {
    expect(mergeSightings([], times, gap)).toEqual(expected);
  });

  it('joins a sighting that bridges two runs', () => {
    expect(mergeSightings([[0, 0], [20, 20]], [10], 10)).toEqual([[0, 20]]);
  });
});

describe('mergeRuns and normalizeRuns', () => {
  it.each<[string, Run[], Run[], number, Run[]]>([
    ['disjoint lists interleave', [[0, 1], [50, 51]], [[25, 26]], 10, [[0, 1], [25, 26], [50, 51]]],
    ['overlapping runs union', [[0, 30]], [[10, 40]], 5, [[0, 40]]],
    ['a run inside another', [[0, 100]], [[10, 20]], 5, [[0, 100]]],
    ['runs within the gap join', [[0, 5]], [[15, 20]], 10, [[0, 20]]],
  ])('%s', (_name, a, b, gap, expected) => {
    expect(mergeRuns(a, b, gap)).toEqual(expected);
    expect(mergeRuns(b, a, gap)).toEqual(expected);
  });

  it('normalizes unsorted overlapping pairs', () => {
    expect(normalizeRuns([[30, 40], [0, 10], [5, 12]], 2)).toEqual([[0, 12], [30, 40]]);
  });
});

describe('seenInWindow', () => {
  // Sightings 0, 5, 40 with window 10: runs [0,5] and [40,40].
  const runs = mergeSightings([], [0, 5, 40], 10);
  it.each<[number, boolean]>([
    [0, false], // [-10, 0): the sighting at 0 is not before 0
    [1, true],
    [5, true],
    [15, true], // [5, 15) holds 5
    [16, false], // [6, 16) is empty
    [40, false],
    [41, true],
    [50, true],
    [51, false],
    [-5, false],
  ])('at %d -> %s', (time, expected) => {
    expect(seenInWindow(runs, time, 10)).toBe(expected);
  });

  it('is false with no history', () => {
    expect(seenInWindow([], 100, 10)).toBe(false);
  });

  it.each<[number, number, boolean]>([
    [6, 40, false],
    [6, 41, true],
    [5, 6, true],
    [41, 100, false],
  ])('seenBetween [%d, %d) -> %s', (from, to, expected) => {
    expect(seenBetween(runs, from, to)).toBe(expected);
  });

  it('shows why runs need the gap bound: a shorter window inside a coarse run answers "seen"', () => {
    const coarse = mergeSightings([], [0, 10], 10); // one run [0, 10]
    expect(seenInWindow(coarse, 8, 5)).toBe(true); // raw sightings: none in [3, 8)
    expect(answersExactly(10, 5)).toBe(false);
    expect(answersExactly(10, 10)).toBe(true);
    expect(answersExactly(10, 20)).toBe(true);
  });
});

describe('addSighting', () => {
  it.each<[string, number[], number, Run[]]>([
    ['in order', [0, 5, 30], 10, [[0, 5], [30, 30]]],
    ['before everything', [30, 0], 10, [[0, 0], [30, 30]]],
    ['bridging two runs', [0, 20, 10], 10, [[0, 20]]],
    ['bridging three runs', [0, 20, 40, 10, 30], 10, [[0, 40]]],
    ['inside a run', [0, 10, 5], 10, [[0, 10]]],
    ['extending a run backwards', [20, 12], 10, [[12, 20]]],
  ])('%s', (_name, times, gap, expected) => {
    const runs: MutableRuns = [];
    for (const time of times) addSighting(runs, time, gap);
    expect(runs).toEqual(expected);
  });
});

const time = fc.integer({ min: -1_000, max: 1_000 });
const gap = fc.integer({ min: 0, max: 120 });
const timesAndShuffle = fc
  .array(time, { maxLength: 60 })
  .chain((times) => fc.tuple(fc.constant(times), fc.shuffledSubarray(times, { minLength: times.length, maxLength: times.length })));

describe('properties', () => {
  it('the order and batching of sightings do not change the runs', () => {
    fc.assert(
      fc.property(timesAndShuffle, gap, fc.integer({ min: 0, max: 60 }), ([times, shuffled], g, split) => {
        const expected = mergeSightings([], times, g);
        const cut = Math.min(split, shuffled.length);
        const inTwoBatches = mergeRuns(mergeSightings([], shuffled.slice(0, cut), g), mergeSightings([], shuffled.slice(cut), g), g);
        const incremental: MutableRuns = [];
        for (const t of shuffled) addSighting(incremental, t, g);
        expect(mergeSightings([], shuffled, g)).toEqual(expected);
        expect(inTwoBatches).toEqual(expected);
        expect(incremental).toEqual(expected);
      }),
    );
  });

  it('runs are sorted, disjoint, separated by more than the gap, and start and end on sightings', () => {
    fc.assert(
      fc.property(fc.array(time, { maxLength: 60 }), gap, (times, g) => {
        const runs = mergeSightings([], times, g);
        runs.forEach(([first, last], index) => {
          expect(first).toBeLessThanOrEqual(last);
          expect(times).toContain(first);
          expect(times).toContain(last);
          const previous = runs[index - 1];
          if (previous) expect(first - previous[1]).toBeGreaterThan(g);
        });
      }),
    );
  });

  it('seenInWindow equals brute force over the raw sightings for any window >= the gap', () => {
    fc.assert(
      fc.property(fc.array(time, { maxLength: 60 }), gap, fc.integer({ min: 0, max: 200 }), fc.integer({ min: -1_300, max: 1_300 }), (times, g, extra, t) => {
        const window = g + extra;
        const runs = mergeSightings([], times, g);
        const brute = times.some((s) => s >= t - window && s < t);
        expect(seenInWindow(runs, t, window)).toBe(brute);
      }),
    );
  });

  it('history plus scan answers like their union (verdicts need no merge)', () => {
    fc.assert(
      fc.property(fc.array(time, { maxLength: 40 }), fc.array(time, { maxLength: 40 }), gap, time, (history, scan, g, t) => {
        const union = seenInWindow(mergeSightings([], [...history, ...scan], g), t, g);
        const separately = seenInWindow(mergeSightings([], history, g), t, g) || seenInWindow(mergeSightings([], scan, g), t, g);
        expect(separately).toBe(union);
      }),
    );
  });
});
