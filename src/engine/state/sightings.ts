import type { RuleBatch } from './model.ts';
import { addSighting, type MutableRuns, type Runs } from './runs.ts';
import { encodeTermKey } from './term-key.ts';

/**
 * One rule's sightings during a scan, kept as runs (memory grows with distinct terms and their
 * gaps, not with events). The engine adds every query-matching event's term combinations here.
 */
export class RuleSightings {
  readonly #terms = new Map<string, MutableRuns>();

  constructor(
    readonly ruleId: string,
    readonly fields: readonly string[],
    /** The rule's history window in ms; runs are merged with it. */
    readonly window: number,
  ) {}

  /** Records one sighting of a value combination (keyword forms, in field order) at `time`. */
  add(values: readonly string[], time: number): string {
    const key = encodeTermKey(values);
    this.addKey(key, time);
    return key;
  }

  addKey(key: string, time: number): void {
    let runs = this.#terms.get(key);
    if (runs === undefined) this.#terms.set(key, (runs = []));
    addSighting(runs, time, this.window);
  }

  runs(key: string): Runs | undefined {
    return this.#terms.get(key);
  }

  termKeys(): string[] {
    return [...this.#terms.keys()];
  }

  get size(): number {
    return this.#terms.size;
  }

  /** This rule's part of a commit (a snapshot: later `add`s do not change it). */
  toBatch(): RuleBatch {
    const terms = new Map<string, Runs>();
    for (const [key, runs] of this.#terms) terms.set(key, runs.map(([first, last]) => [first, last] as const));
    return { ruleId: this.ruleId, fields: this.fields, window: this.window, terms };
  }
}
