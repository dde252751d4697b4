/**
 * The mark log behind sequences' missing-event-only events and threshold events: what a window
 * reads back, and that forgetting marks forgets their copy keys too (else a threshold rule's key
 * set would grow with the input while its marks do not).
 */
import { describe, expect, it } from 'vitest';
import { MarkLog } from '../../../src/engine/detect/mark-log.ts';

/** [time, number, item, copy key] in arrival order (times out of order on purpose). */
const MARKS: [number, number, string, string][] = [
  [30, 3, 'c', 'k3'],
  [10, 1, 'a', 'k1'],
  [20, 2, 'b', ''],
  [20, 4, 'd', 'k4'],
  [50, 5, 'e', 'k5'],
];

function log(): MarkLog<string> {
  const marks = new MarkLog<string>();
  for (const [time, value, item, key] of MARKS) marks.push(time, value, item, key);
  return marks;
}

function read(marks: MarkLog<string>, from: number, to: number): string[] {
  const out: string[] = [];
  marks.windows(marks.sortedTimes())(from, to).forEach((time, value, item) => out.push(`${time}:${value}:${item}`));
  return out;
}

describe('MarkLog', () => {
  it.each([
    // [from, to, marks read (time order, both ends inclusive)]
    [0, 100, ['10:1:a', '20:2:b', '20:4:d', '30:3:c', '50:5:e']],
    [20, 30, ['20:2:b', '20:4:d', '30:3:c']],
    [21, 49, ['30:3:c']],
    [51, 60, []],
  ] as const)('reads the marks between %d and %d', (from, to, expected) => {
    const marks = log();
    const window = marks.windows(marks.sortedTimes())(from, to);
    expect(window.length).toBe(expected.length);
    // Ties (20) keep no particular order: compare as sets, and the times in order.
    expect(read(marks, from, to).sort()).toEqual([...expected].sort());
    expect(read(marks, from, to).map((text) => Number(text.split(':')[0]))).toEqual(expected.map((text) => Number(text.split(':')[0])));
  });

  it.each([
    // [retain from, marks left, copy keys still held, copy keys forgotten]
    [0, 5, ['k1', 'k3', 'k4', 'k5'], []],
    [20, 4, ['k3', 'k4', 'k5'], ['k1']],
    [31, 1, ['k5'], ['k1', 'k3', 'k4']],
    [100, 0, [], ['k1', 'k3', 'k4', 'k5']],
  ] as const)('retaining from %d keeps %d marks and forgets the others\' copy keys', (from, left, held, forgotten) => {
    const marks = log();
    marks.retain(from);
    expect(marks.length).toBe(left);
    for (const key of held) expect(marks.has(key)).toBe(true);
    for (const key of forgotten) expect(marks.has(key)).toBe(false);
    expect(read(marks, -Infinity, Infinity).every((text) => Number(text.split(':')[0]) >= from)).toBe(true);
  });

  it('clear forgets every mark and key', () => {
    const marks = log();
    marks.clear();
    expect(marks.length).toBe(0);
    expect(marks.has('k1')).toBe(false);
  });
});
