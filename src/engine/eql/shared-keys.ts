/**
 * What a sequence rule reads of events it buffers, shared between events: join keys recur event
 * after event (a host, a user, a process), and a buffered event would otherwise hold its own key
 * objects, id strings and clause arrays for as long as a window holds it (docs/memory.md: about
 * half of an open window's memory). A key's values are a function of its id (`keyId`), and what an
 * event's clauses read is a function of which clauses matched and of the key they share, so equal
 * readings can be one object. The readings are never modified after they are made.
 */
import type { JoinKey } from './join-keys.ts';

/** A sequence event's reading: per stage, and for `until`, the join keys when the clause matched, else null. */
export interface ClauseKeys {
  readonly stageKeys: readonly (readonly JoinKey[] | null)[];
  readonly untilKeys: readonly JoinKey[] | null;
}

/**
 * Distinct keys a rule shares before it starts afresh. Small, because keys no buffered event holds
 * any more stay until then (a rule keyed by process.entity_id meets ever new keys), and a scan
 * holds one table per sequence rule.
 */
const SHARED_KEYS = 512;

export class SharedKeys {
  readonly #keys = new Map<string, readonly JoinKey[]>();
  /** Per shared key list, the readings made with it, by the bits of the clauses that matched. */
  readonly #readings = new Map<readonly JoinKey[], Map<number, ClauseKeys>>();

  constructor(
    private readonly stages: number,
    private readonly hasUntil: boolean,
  ) {}

  /** The shared copy of a single-key list (the usual: one value per key field); other lists as they are. */
  keys(list: readonly JoinKey[] | null): readonly JoinKey[] | null {
    if (list === null || list.length !== 1) return list;
    const id = list[0]!.id;
    const known = this.#keys.get(id);
    if (known !== undefined) return known;
    if (this.#keys.size >= SHARED_KEYS) {
      this.#keys.clear();
      this.#readings.clear();
    }
    this.#keys.set(id, list);
    return list;
  }

  /**
   * The reading of clause key lists `lists` (stages, then `until`): shared when every matching
   * clause has the same shared list `common` (`bits`: the matching clauses), else made.
   */
  reading(lists: readonly (readonly JoinKey[] | null)[], common: readonly JoinKey[] | null, bits: number): ClauseKeys {
    if (common === null || common.length !== 1 || this.#keys.get(common[0]!.id) !== common) return this.#make(lists);
    let byBits = this.#readings.get(common);
    if (byBits === undefined) this.#readings.set(common, (byBits = new Map()));
    let reading = byBits.get(bits);
    if (reading === undefined) byBits.set(bits, (reading = this.#make(lists)));
    return reading;
  }

  #make(lists: readonly (readonly JoinKey[] | null)[]): ClauseKeys {
    return { stageKeys: lists.slice(0, this.stages), untilKeys: this.hasUntil ? lists[this.stages]! : null };
  }
}
