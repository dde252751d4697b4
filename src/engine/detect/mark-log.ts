/**
 * Events a rule's window buffer keeps as marks: a time, one number and one (usually shared) value
 * each, in parallel arrays, with no object or provenance per event: for events that can be in no
 * alert. Two uses:
 * - a sequence's events that fill missing-event clauses only (rule-types/eql.ts): without a copy
 *   key, not merged (a copy leaves the same mark, so no verdict can tell them apart);
 * - a threshold rule's events (rule-types/threshold.ts): with their copy key, so that copies of
 *   one document count once, as in a DocumentSet.
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
  /** Per mark its copy key ('' for none), and the keys held. */
  #keys: string[] = [];
  readonly #held = new Set<string>();

  get length(): number {
    return this.#times.length;
  }

  /** Whether a mark with this copy key is held. */
  has(copyKey: string): boolean {
    return this.#held.has(copyKey);
  }

  /** `copyKey`: given, the caller has checked `has` (a copy is not pushed again). */
  push(time: number, value: number, item: M, copyKey = ''): void {
    this.#times.push(time);
    this.#values.push(value);
    this.#items.push(item);
    this.#keys.push(copyKey);
    if (copyKey !== '') this.#held.add(copyKey);
  }

  /** Forgets the marks before `from` (epoch ms), keeping the others in arrival order. */
  retain(from: number): void {
    const times = this.#times;
    let kept = 0;
    for (let i = 0; i < times.length; i++) {
      if (times[i]! < from) {
        if (this.#keys[i] !== '') this.#held.delete(this.#keys[i]!);
        continue;
      }
      times[kept] = times[i]!;
      this.#values[kept] = this.#values[i]!;
      this.#items[kept] = this.#items[i]!;
      this.#keys[kept] = this.#keys[i]!;
      kept++;
    }
    times.length = kept;
    this.#values.length = kept;
    this.#items.length = kept;
    this.#keys.length = kept;
  }

  clear(): void {
    this.#times = [];
    this.#values = [];
    this.#items = [];
    this.#keys = [];
    this.#held.clear();
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
