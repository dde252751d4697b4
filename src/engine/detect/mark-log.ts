/**
 * Events a rule's window buffer keeps without identity: a time, one number and one shared value
 * each, in parallel arrays (no object, copy key or map entry per event). For events the rule needs
 * only for their time and keys and that can be in no alert: a sequence's events that fill
 * missing-event clauses only (rule-types/eql.ts). Copies of such an event are not merged: a copy
 * leaves the same mark, so no verdict can tell them apart.
 */

import { firstAfter, firstAtOrAfter } from './sorted-times.ts';

/** The marks of one execution's window (see MarkLog.windows); read only by judges that need them. */
export interface MarkWindow<M> {
  readonly length: number;
  /** Visits each mark in the window, in time order: its time, number and value. */
  forEach(visit: (time: number, value: number, item: M) => void): void;
}

export const NO_MARKS: MarkWindow<never> = { length: 0, forEach() {} };

export class MarkLog<M> {
  #times: number[] = [];
  #values: number[] = [];
  #items: M[] = [];

  get length(): number {
    return this.#times.length;
  }

  push(time: number, value: number, item: M): void {
    this.#times.push(time);
    this.#values.push(value);
    this.#items.push(item);
  }

  /** Forgets the marks before `from` (epoch ms), keeping the others in arrival order. */
  retain(from: number): void {
    const times = this.#times;
    let kept = 0;
    for (let i = 0; i < times.length; i++) {
      if (times[i]! < from) continue;
      times[kept] = times[i]!;
      this.#values[kept] = this.#values[i]!;
      this.#items[kept] = this.#items[i]!;
      kept++;
    }
    times.length = kept;
    this.#values.length = kept;
    this.#items.length = kept;
  }

  clear(): void {
    this.#times = [];
    this.#values = [];
    this.#items = [];
  }

  /** The marks' times in ascending order. */
  sortedTimes(): Float64Array {
    return Float64Array.from(this.#times).sort();
  }

  /**
   * A reader of the marks between two times (both inclusive) for judges: `sorted` is
   * `sortedTimes()`; the marks' own order by time is made on first use, shared by every window.
   */
  windows(sorted: Float64Array): (from: number, to: number) => MarkWindow<M> {
    let order: number[] | undefined;
    const times = this.#times;
    return (from, to) => {
      const lo = firstAtOrAfter(sorted, from);
      const hi = firstAfter(sorted, to);
      return {
        length: hi - lo,
        forEach: (visit) => {
          order ??= times.map((_, i) => i).sort((a, b) => times[a]! - times[b]!);
          // `order` and `sorted` sort the same times, so position k holds the same time in both.
          for (let k = lo; k < hi; k++) {
            const i = order[k]!;
            visit(times[i]!, this.#values[i]!, this.#items[i]!);
          }
        },
      };
    };
  }
}
