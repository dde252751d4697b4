/**
 * Per-rule "events seen" (routed) and "events of category" counts without trying every rule on
 * every event: events are tallied per index and per category value list, and each rule's counts
 * are summed from the tallies its routing and categories accept, at the end. So the rule program
 * (which tries a rule only on the events its triggers pick) reports the same counts as
 * rule-at-a-time evaluation.
 */
import type { FieldGetter } from '../fields/access.ts';
import type { EventDoc } from '../query/event.ts';
import { routedIndex } from '../router/event-index.ts';
import type { RunnableRule } from './prepare-rule.ts';

/** What the tally needs of a rule. */
export type TalliedRule = Pick<RunnableRule, 'routes' | 'categories'>;

type FieldValues = ReturnType<FieldGetter>;

interface CategoryTally {
  readonly field: string;
  readonly values: FieldValues;
  count: number;
}

interface IndexTally {
  readonly index: string | null;
  /** The other name the event is visible under (router/event-index.ts eventIndexAlias). */
  readonly alias: string | null;
  count: number;
  readonly categories: Map<string, CategoryTally>;
}

/** Distinct category value lists tallied per index; past this, events are counted per rule directly (memory stays bounded). */
const CATEGORY_LISTS_LIMIT = 10_000;

export class SeenTally {
  /** By index and alias. */
  readonly #byIndex = new Map<string, IndexTally>();
  /** Category fields the EQL rules read (usually only `event.category`). */
  readonly #categoryFields: [string, FieldGetter][];
  /** By rule position: events of its categories counted one by one (past CATEGORY_LISTS_LIMIT). */
  readonly #overflow: number[];
  /** By rule position: events that came with a prefilter mask, counted one by one. */
  readonly #maskedSeen: number[];
  readonly #maskedOfCategory: number[];

  /** `rules[r]`: rule r when it runs. */
  constructor(
    private readonly rules: readonly (TalliedRule | undefined)[],
    private readonly ignoreIndex: boolean,
  ) {
    const fields = new Map<string, FieldGetter>();
    for (const rule of rules) if (rule?.categories) fields.set(rule.categories.field, rule.categories.values);
    this.#categoryFields = [...fields];
    this.#overflow = rules.map(() => 0);
    this.#maskedSeen = rules.map(() => 0);
    this.#maskedOfCategory = rules.map(() => 0);
  }

  /** An event with a prefilter mask: rule-at-a-time counts it for the candidate rules routed to it. */
  addMasked(event: EventDoc, index: string | null, alias: string | null, candidates: Uint8Array): void {
    for (let r = 0; r < candidates.length; r++) {
      if (candidates[r] !== 1) continue;
      const rule = this.rules[r];
      if (rule === undefined || !this.#routes(rule, index, alias)) continue;
      this.#maskedSeen[r]!++;
      const categories = rule.categories;
      if (categories === undefined) continue;
      if (categories === null || categories.includes(categories.values(event))) this.#maskedOfCategory[r]!++;
    }
  }

  add(event: EventDoc, index: string | null, alias: string | null): void {
    const name = index === null ? '' : `${index}\u0000${alias ?? ''}`;
    let tally = this.#byIndex.get(name);
    if (tally === undefined) this.#byIndex.set(name, (tally = { index, alias, count: 0, categories: new Map() }));
    tally.count++;
    for (const [field, getter] of this.#categoryFields) {
      const values = getter(event);
      const key = `${field}\u0000${JSON.stringify(values)}`;
      const category = tally.categories.get(key);
      if (category !== undefined) category.count++;
      else if (tally.categories.size < CATEGORY_LISTS_LIMIT) tally.categories.set(key, { field, values, count: 1 });
      else this.#countEach(field, values, index, alias);
    }
  }

  #countEach(field: string, values: FieldValues, index: string | null, alias: string | null): void {
    this.rules.forEach((rule, r) => {
      const categories = rule?.categories;
      if (!categories || categories.field !== field || !categories.includes(values)) return;
      if (this.#routes(rule, index, alias)) this.#overflow[r]!++;
    });
  }

  /** Whether the rule sees an event of this index (or of its alias), as the detector routes. */
  #routes(rule: TalliedRule, index: string | null, alias: string | null): boolean {
    return this.ignoreIndex || index === null || routedIndex(rule.routes, index, alias) !== null;
  }

  /** The rule's routed events and, for EQL rules, those of a category its query names. */
  counts(r: number): { eventsSeen: number; eventsOfCategory: number } {
    const rule = this.rules[r];
    if (rule === undefined) return { eventsSeen: 0, eventsOfCategory: 0 };
    let eventsSeen = this.#maskedSeen[r]!;
    let eventsOfCategory = this.#overflow[r]! + this.#maskedOfCategory[r]!;
    for (const tally of this.#byIndex.values()) {
      if (!this.#routes(rule, tally.index, tally.alias)) continue;
      eventsSeen += tally.count;
      const categories = rule.categories;
      if (categories === undefined) continue;
      if (categories === null) {
        eventsOfCategory += tally.count;
        continue;
      }
      for (const category of tally.categories.values()) {
        if (category.field === categories.field && categories.includes(category.values)) eventsOfCategory += category.count;
      }
    }
    return { eventsSeen, eventsOfCategory };
  }
}
