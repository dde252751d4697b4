/**
 * Streaming sequence matcher reproducing Elasticsearch's SequenceMatcher (not an exhaustive search):
 *
 * - Per join key, each stage holds at most one pending sequence. ES keeps a list per (stage, key),
 *   but a hit for stage N+1 takes the most recent pending sequence at stage N before it and discards
 *   all older ones, so only the most recent can ever be extended: a newer one replaces it.
 * - An event matching several stages is applied from the last stage down, so it never extends a
 *   sequence it just started or advanced (ES requires a strictly earlier ordinal).
 * - `maxspan`: every event must be within maxspan of the first (inclusive: `last - first <= maxspan`).
 *   A sequence that would exceed it is dropped, and the pending one it was taken from is gone too.
 * - `until`: an until event for a key cancels that key's pending sequences (ES rejects any sequence
 *   with an until event at or after its last match); completed sequences are kept.
 * - Missing events `![...]` are checked by timestamp, as ES's follow-up queries do: a middle one
 *   rejects the sequence if a matching event (same keys) lies strictly between the neighbouring
 *   positive events; leading/trailing ones follow ES's rule (TumblingWindow.doCheckMissingEvents):
 *   leading only: reject when the latest one strictly before the first positive event is within
 *   maxspan of the last positive event;
 *   trailing only: reject when the first later one is within maxspan of the first event; both:
 *   reject when the latest leading and the first trailing are within maxspan of each other.
 *
 * Memory: pending sequences are bounded by (live join keys x stages); with maxspan, sequences and
 * missing-event marks older than the span are swept every few thousand events. Without maxspan and
 * with ever-new join keys (e.g. `by process.entity_id`) state grows with the distinct keys fed to
 * one state: the detector feeds one execution window per state (a sequence completes only inside
 * one window, as in Kibana) and caps the events it buffers (detect/window-buffer.ts).
 *
 * The matcher (`createSequenceMachine`) works on what `readSequenceInput` read of an event once:
 * which clauses it matches and under which join keys. A caller replaying several windows reads
 * each event once, and keeps the event itself only when a positive clause or `until` matched it:
 * missing-event clauses and `until` need only the timestamps and keys, and the position among
 * events of equal timestamp matters only for `until` (missing-event checks compare timestamps
 * strictly).
 */
import type { CompiledFilter } from '../query/compiled.ts';
import type { EventDoc } from '../query/event.ts';
import type { JoinKey, KeyReader } from './join-keys.ts';
import { SharedKeys, type ClauseKeys } from './shared-keys.ts';
import { compareOrdinals, type Ordinal, type OrdinalReader } from './ordinal.ts';
import type { EqlValue } from './values.ts';

export interface SequenceStagePlan {
  readonly filter: CompiledFilter;
  readonly keys: KeyReader;
  readonly missing: boolean;
}

export interface SequencePlan {
  /** One entry per stage (`with runs=N` already expanded). */
  readonly stages: readonly SequenceStagePlan[];
  readonly until: { readonly filter: CompiledFilter; readonly keys: KeyReader } | null;
  /** Milliseconds, or null without `with maxspan`. */
  readonly maxspan: number | null;
  readonly ordinal: OrdinalReader;
}

export interface SequenceMatchOf<T> {
  /** One entry per stage; null is a missing-event placeholder. */
  readonly events: readonly (T | null)[];
  readonly joinKeys: readonly EqlValue[];
  /** Ordinal of the first and of the completing event (results sort by the latter). */
  readonly start: Ordinal;
  readonly end: Ordinal;
  /** Emission counter: orders sequences completed by the same event. */
  readonly serial: number;
}

export type SequenceMatch = SequenceMatchOf<EventDoc>;

export interface SequenceState {
  /** Feed the next event, in (timestamp, tiebreaker) order; returns sequences that became final. */
  push(event: EventDoc): SequenceMatch[];
  /** End of input: sequences still waiting for their trailing missing-event window are final. */
  flush(): SequenceMatch[];
}

/** What the matcher needs of one event: read once by `readSequenceInput`. */
export interface SequenceInput<T> {
  /** What a match reports for the event (the event itself, or the caller's handle on it). */
  readonly payload: T;
  readonly ordinal: Ordinal;
  /** Per stage: the event's join keys when the stage's clause matches it and the keys are present, else null. */
  readonly stageKeys: readonly (readonly JoinKey[] | null)[];
  /** The `until` clause's keys, likewise. */
  readonly untilKeys: readonly JoinKey[] | null;
}

export interface SequenceMachine<T> {
  /** Feed the next event, in (timestamp, tiebreaker) order; returns sequences that became final. */
  push(input: SequenceInput<T>): SequenceMatchOf<T>[];
  /** End of input: sequences still waiting for their trailing missing-event window are final. */
  flush(): SequenceMatchOf<T>[];
}

/** The clauses an event matches, with their join keys (`stageKeys` all null and no `untilKeys`: it matches none). */
export function readSequenceInput(plan: SequencePlan, event: EventDoc): Pick<SequenceInput<never>, 'stageKeys' | 'untilKeys'> {
  const read = (clause: { readonly filter: CompiledFilter; readonly keys: KeyReader }) => (clause.filter.matches(event) ? clause.keys(event) : null);
  return { stageKeys: plan.stages.map(read), untilKeys: plan.until ? read(plan.until) : null };
}

export interface ClauseReader {
  /** Whether any clause (or `until`) matches the event. */
  matchesAny(event: EventDoc): boolean;
  /**
   * `matchesAny` testing only the clauses whose bit is set in `clauses` (bit i: stage i, `until`
   * after the stages): the caller knows the others cannot match (the rule program's per-clause
   * triggers), so they count as not matching, for `read` too.
   */
  matchesSome(event: EventDoc, clauses: number): boolean;
  /** `readSequenceInput`, reusing the clause tests `matchesAny` just ran on the same event. */
  read(event: EventDoc): Pick<SequenceInput<never>, 'stageKeys' | 'untilKeys'>;
}

/**
 * A rule asks whether an event matches any clause, then (unless excepted) what it matches: each
 * clause is tested once per event, the results kept for the last event asked about. Stages that
 * repeat one clause (`with runs=N`) share its test.
 */
export function createClauseReader(plan: SequencePlan): ClauseReader {
  const clauses = plan.until ? [...plan.stages, plan.until] : plan.stages;
  const filters: CompiledFilter[] = [];
  const slot = clauses.map((clause) => {
    const known = filters.indexOf(clause.filter);
    return known >= 0 ? known : filters.push(clause.filter) - 1;
  });
  // Per distinct test, the clauses using it (as clause bits; past 31 clauses every test is always run).
  const users = filters.map((_, i) => slot.reduce((bits, at, clause) => (at === i ? bits | (clause < 31 ? 1 << clause : -1) : bits), 0));
  const hits = new Array<boolean>(filters.length).fill(false);
  let last: EventDoc | undefined;
  let any = false;
  const test = (event: EventDoc, mask: number) => {
    if (event === last) return;
    any = false;
    for (let i = 0; i < filters.length; i++) any = (hits[i] = (users[i]! & mask) !== 0 && filters[i]!.matches(event)) || any;
    last = event;
  };
  const shared = new SharedKeys(plan.stages.length, plan.until !== null);
  const none: ClauseKeys = { stageKeys: plan.stages.map(() => null), untilKeys: null };
  const lists = new Array<readonly JoinKey[] | null>(clauses.length);
  // Clauses with the same key fields (a sequence's own `by`) share a reader (compile.ts): read once per event.
  const readers = [...new Set(clauses.map((clause) => clause.keys))];
  const readerOf = clauses.map((clause) => readers.indexOf(clause.keys));
  const read = new Array<readonly JoinKey[] | null | undefined>(readers.length);
  return {
    matchesAny(event) {
      test(event, -1);
      return any;
    },
    matchesSome(event, mask) {
      test(event, mask);
      return any;
    },
    read(event) {
      test(event, -1);
      if (!any) return none;
      read.fill(undefined);
      // The key list every matching clause shares, if one does (usually): its reading is shared too.
      let common: readonly JoinKey[] | null | undefined;
      let bits = 0;
      for (let c = 0; c < clauses.length; c++) {
        let keys: readonly JoinKey[] | null = null;
        if (hits[slot[c]!]) {
          const r = readerOf[c]!;
          keys = read[r] ?? null;
          if (read[r] === undefined) read[r] = keys = shared.keys(readers[r]!(event));
        }
        lists[c] = keys;
        if (keys === null) continue;
        bits |= c < 31 ? 1 << c : 0;
        common = common === undefined || common === keys ? keys : null;
      }
      if (common === undefined) return none;
      return shared.reading(lists, clauses.length <= 31 ? common : null, bits);
    },
  };
}

interface Pending<T> {
  readonly key: JoinKey;
  readonly events: (T | null)[];
  readonly start: Ordinal;
  last: Ordinal;
  /** A missing event was seen between two positive events: it will be dropped on completion. */
  doomed: boolean;
}

interface Deferred<T> {
  readonly match: SequenceMatchOf<T>;
  readonly keyId: string;
  readonly after: number;
  readonly deadline: number;
}

/**
 * Distinct timestamps of one key's missing-clause events, ascending (events arrive in time order),
 * from `head` on. A check asks for the latest one strictly before a sequence's first or previous
 * event, which can be older than several later ones (events tied with that first event included),
 * so every timestamp within maxspan of the newest is kept; older ones can never reject anything.
 */
interface Marks {
  readonly times: number[];
  head: number;
}

const SWEEP_EVERY = 4096;

export function compareSequenceMatches<T>(a: SequenceMatchOf<T>, b: SequenceMatchOf<T>): number {
  return compareOrdinals(a.end, b.end) || compareOrdinals(a.start, b.start) || a.serial - b.serial;
}

export function createSequenceState(plan: SequencePlan): SequenceState {
  const machine = createSequenceMachine<EventDoc>(plan);
  let arrivals = 0;
  return {
    push(event) {
      const ordinal = plan.ordinal(event, arrivals++);
      if (ordinal === null) return [];
      return machine.push({ payload: event, ordinal, ...readSequenceInput(plan, event) });
    },
    flush: () => machine.flush(),
  };
}

/** The matcher over pre-read events; `plan`'s filters and key readers are not used here. */
export function createSequenceMachine<T>(plan: Pick<SequencePlan, 'stages' | 'maxspan'>): SequenceMachine<T> {
  const { stages, maxspan } = plan;
  const span = maxspan ?? Infinity;
  const positive = stages.map((stage, index) => (stage.missing ? -1 : index)).filter((index) => index >= 0);
  const firstPositive = positive[0] ?? 0;
  const lastPositive = positive[positive.length - 1] ?? 0;
  const previousPositive = new Map<number, number>(positive.slice(1).map((stage, i) => [stage, positive[i]!]));
  const leading = stages.map((_, index) => index).filter((index) => index < firstPositive);
  const trailing = stages.map((_, index) => index).filter((index) => index > lastPositive);
  const hasMissing = stages.some((stage) => stage.missing);
  const slots = stages.map(() => new Map<string, Pending<T>>());
  const marks = stages.map(() => new Map<string, Marks>());
  let deferred: Deferred<T>[] = [];
  let arrivals = 0;
  let serial = 0;

  /** The latest missing-clause event time for `keyId` strictly before `before`, or -Infinity. */
  function markBefore(stage: number, keyId: string, before: number): number {
    const mark = marks[stage]!.get(keyId);
    if (!mark) return -Infinity;
    const { times } = mark;
    let low = mark.head;
    let high = times.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (times[middle]! < before) low = middle + 1;
      else high = middle;
    }
    return low > mark.head ? times[low - 1]! : -Infinity;
  }

  /** Whether a missing-clause event for `keyId` lies strictly between the two timestamps. */
  function missingBetween(stage: number, keyId: string, after: number, before: number): boolean {
    return markBefore(stage, keyId, before) > after;
  }

  function latestLeadingBefore(keyId: string, before: number): number | null {
    let latest = -Infinity;
    for (const stage of leading) latest = Math.max(latest, markBefore(stage, keyId, before));
    return latest > -Infinity ? latest : null;
  }

  function finish(pending: Pending<T>): SequenceMatchOf<T> {
    return { events: pending.events, joinKeys: pending.key.values, start: pending.start, end: pending.last, serial: serial++ };
  }

  function complete(pending: Pending<T>, out: SequenceMatchOf<T>[]): void {
    if (!hasMissing) {
      out.push(finish(pending));
      return;
    }
    if (pending.doomed) return;
    const lastLeading = leading.length > 0 ? latestLeadingBefore(pending.key.id, pending.start.timestamp) : null;
    if (trailing.length === 0) {
      if (lastLeading === null || pending.last.timestamp - lastLeading > span) out.push(finish(pending));
      return;
    }
    if (leading.length > 0 && lastLeading === null) {
      out.push(finish(pending));
      return;
    }
    const deadline = (leading.length > 0 ? lastLeading! : pending.start.timestamp) + span;
    if (deadline <= pending.last.timestamp) {
      out.push(finish(pending));
      return;
    }
    deferred.push({ match: finish(pending), keyId: pending.key.id, after: pending.last.timestamp, deadline });
  }

  function advance(stage: number, event: T, ordinal: Ordinal, keys: readonly JoinKey[], out: SequenceMatchOf<T>[]): void {
    for (const key of keys) {
      if (stage === firstPositive) {
        const events = new Array<T | null>(stages.length).fill(null);
        events[stage] = event;
        const pending: Pending<T> = { key, events, start: ordinal, last: ordinal, doomed: false };
        if (stage === lastPositive) complete(pending, out);
        else slots[stage]!.set(key.id, pending);
        continue;
      }
      const previous = previousPositive.get(stage)!;
      const pending = slots[previous]!.get(key.id);
      if (!pending) continue;
      slots[previous]!.delete(key.id);
      if (ordinal.timestamp - pending.start.timestamp > span) continue;
      for (let gap = previous + 1; gap < stage; gap++) {
        if (missingBetween(gap, key.id, pending.last.timestamp, ordinal.timestamp)) pending.doomed = true;
      }
      pending.events[stage] = event;
      pending.last = ordinal;
      if (stage === lastPositive) complete(pending, out);
      else slots[stage]!.set(key.id, pending);
    }
  }

  function mark(stage: number, keys: readonly JoinKey[], timestamp: number): void {
    for (const key of keys) {
      const current = marks[stage]!.get(key.id);
      if (!current) {
        marks[stage]!.set(key.id, { times: [timestamp], head: 0 });
        continue;
      }
      const { times } = current;
      if (timestamp > times[times.length - 1]!) times.push(timestamp);
      // Checks come at or after `timestamp`, and reject only on marks within maxspan of it.
      while (times[current.head]! < timestamp - span) current.head++;
      if (current.head >= 64 && current.head * 2 >= times.length) {
        times.splice(0, current.head);
        current.head = 0;
      }
    }
    if (trailing.includes(stage) && deferred.length > 0) {
      const ids = new Set(keys.map((key) => key.id));
      deferred = deferred.filter((entry) => !(ids.has(entry.keyId) && timestamp > entry.after && timestamp <= entry.deadline));
    }
  }

  function sweep(now: number): void {
    if (maxspan === null) return;
    for (const slot of slots) for (const [id, pending] of slot) if (now - pending.start.timestamp > span) slot.delete(id);
    for (const stageMarks of marks) for (const [id, entry] of stageMarks) if (now - entry.times[entry.times.length - 1]! > span) stageMarks.delete(id);
  }

  function releaseDeferred(now: number, out: SequenceMatchOf<T>[]): void {
    if (deferred.length === 0) return;
    const kept: Deferred<T>[] = [];
    for (const entry of deferred) {
      if (now > entry.deadline) out.push(entry.match);
      else kept.push(entry);
    }
    deferred = kept;
  }

  return {
    push({ payload, ordinal, stageKeys, untilKeys }) {
      arrivals++;
      const out: SequenceMatchOf<T>[] = [];
      releaseDeferred(ordinal.timestamp, out);
      for (let stage = stages.length - 1; stage >= 0; stage--) {
        const keys = stageKeys[stage];
        if (stages[stage]!.missing || !keys) continue;
        advance(stage, payload, ordinal, keys, out);
      }
      stages.forEach((spec, stage) => {
        const keys = stageKeys[stage];
        if (spec.missing && keys) mark(stage, keys, ordinal.timestamp);
      });
      for (const key of untilKeys ?? []) for (const slot of slots) slot.delete(key.id);
      if (arrivals % SWEEP_EVERY === 0) sweep(ordinal.timestamp);
      return out.sort(compareSequenceMatches);
    },
    flush() {
      const out = deferred.map((entry) => entry.match);
      deferred = [];
      for (const slot of slots) slot.clear();
      for (const stageMarks of marks) stageMarks.clear();
      return out.sort(compareSequenceMatches);
    },
  };
}
