/**
 * The buffered events of a rule whose executions judge whole windows (EQL sequences and samples),
 * in memory bounded by a cap rather than by the length of the input.
 *
 * Kibana finds a sequence only when all its events fall inside one execution's window
 * `[T - from, T - to]`, so an event no execution still to be judged holds can add nothing. Up to
 * `limit` distinct events are buffered and every execution is judged at the end: exact in any input
 * order. When the buffer is full, the executions whose windows ended before the newest eighth of the
 * buffered events are judged at once, and the events no later window holds are freed. For input in
 * time order that is exact too: every event of a judged window had arrived. Otherwise two kinds of
 * events miss a window, both counted for the rule's message:
 * - `late`: it arrived after an execution whose window holds it had been judged (input out of time
 *   order; later windows still see it);
 * - `dropped`: it arrived while the buffer was full and nothing could be judged yet, because one
 *   look-back window alone holds `limit` events (a search Elasticsearch guards with its
 *   `breaker.eql_sequence` circuit breaker, which fails it).
 * Judging up to the newest eighth rather than the newest event keeps a few stray future timestamps
 * from forcing every other window to be judged early.
 */
import { DocumentSet } from './document-set.ts';
import { MarkLog, NO_MARKS, type MarkWindow } from './mark-log.ts';
import { firstAfter, firstAtOrAfter, mergeSorted } from './sorted-times.ts';
import { plural } from '../output/plural.ts';
import { compareText, type DocumentRef } from './event-ref.ts';
import { forEachBusyExecution, type ExecutionRange } from './executions.ts';
import { execution, executionsCovering, type Execution, type RuleSchedule } from './schedule.ts';

/**
 * Distinct events one rule buffers before judging windows early. About 0.2 GB of heap for 300-byte
 * events, ~0.8 GB for Elastic Defend process events (7.6 KB parsed each); a look-back window that
 * holds more than this is capped.
 */
export const WINDOW_BUFFER_LIMIT = 100_000;

/**
 * Events every rule's window buffer holds together before each judges early (BufferBudget). An
 * entry costs ~0.8 KB of heap on Elastic Defend events (per rule its time, copy key, clauses and
 * join keys; the event itself, when kept, is one JSON text shared between rules, which the CLI
 * keeps on disk), so ~80 MB whatever the input's length, except that what open windows hold
 * stays (a catch-all rule with a 35-minute look-back holds every event of 35 minutes). A smaller
 * budget measured no smaller (docs/memory.md) and judges unordered input exactly for less long.
 */
export const STATE_BUDGET = 100_000;

export interface WindowBufferOptions<T extends { readonly ref: DocumentRef }, M = never> {
  readonly schedule: RuleSchedule;
  readonly entry: (ref: T['ref']) => T;
  /**
   * Judges one execution over its window's entries (a fresh array, in time order) and marks
   * (`addMark`; read them only when needed: their order is made on first use).
   */
  readonly judge: (run: Execution, window: T[], marks: MarkWindow<M>) => void;
  /** After early judging: no event before `before` (epoch ms) will reach a judge again. */
  readonly forget?: (before: number) => void;
  readonly limit?: number;
  /** The scan's budget shared by every rule's buffer (see BufferBudget). */
  readonly budget?: BufferBudget;
}

/**
 * Events buffered by all the rules of a scan, with a soft limit: past it, every buffer judges the
 * windows ending before its newest eighth and forgets what no later window holds, as a full buffer
 * does (exact for input in time order). Nothing is dropped for the budget's sake: it only makes
 * judging early, so memory follows the open windows rather than the input's length, while an
 * input smaller than the budget is judged at the end, exactly in any order.
 */
export class BufferBudget {
  readonly #buffers = new Set<{ relieve(): void }>();
  #entries = 0;
  #arrivals = 0;
  #lastRelief = -Infinity;

  constructor(readonly limit: number) {}

  register(buffer: { relieve(): void }): void {
    this.#buffers.add(buffer);
  }

  get entries(): number {
    return this.#entries;
  }

  /** A buffer's size changed by `delta`; `arrival`: an event was offered to one. */
  changed(delta: number, arrival: boolean): void {
    this.#entries += delta;
    if (arrival) this.#arrivals++;
    // At most one relief per eighth of the limit in arrivals: open windows larger than the budget cost no sort per event.
    if (this.#entries <= this.limit || this.#arrivals - this.#lastRelief < this.limit / 8) return;
    this.#lastRelief = this.#arrivals;
    for (const buffer of this.#buffers) buffer.relieve();
  }
}

/**
 * `M`: what a mark holds beside its time and number (see `addMark`). Marks count toward the cap
 * and the budget like documents, one per arrival (copies are not merged), and are judged and
 * forgotten with them.
 */
export class WindowBuffer<T extends { readonly ref: DocumentRef }, M = never> {
  readonly #documents: DocumentSet<T>;
  readonly #marks = new MarkLog<M>();
  readonly #options: WindowBufferOptions<T, M>;
  readonly #limit: number;
  /** First execution not judged yet. */
  #next = -Infinity;
  #executions = 0;
  #arrivals = 0;
  #lastAttempt = -Infinity;
  #late = 0;
  #dropped = 0;
  #markCopies = 0;

  constructor(options: WindowBufferOptions<T, M>) {
    this.#options = options;
    this.#documents = new DocumentSet(options.entry);
    this.#limit = Math.max(1, options.limit ?? WINDOW_BUFFER_LIMIT);
    options.budget?.register(this);
  }

  add(ref: T['ref']): void {
    const before = this.size;
    if (this.#admit(ref.time, ref.copyKey, false)) this.#documents.add(ref);
    this.#options.budget?.changed(this.size - before, true);
  }

  /**
   * Buffers an event as a mark: its time, a number and a value (see MarkLog), for events a judge
   * needs only that much of and no alert can hold. With `copyKey`, copies of one document are one
   * mark (counted as duplicates); without, every arrival is a mark.
   */
  addMark(time: number, value: number, item: M, copyKey?: string): void {
    const before = this.size;
    if (this.#admit(time, copyKey, true)) {
      if (copyKey !== undefined && this.#marks.has(copyKey)) this.#markCopies++;
      else this.#marks.push(time, value, item, copyKey);
    }
    this.#options.budget?.changed(this.size - before, true);
  }

  /** Judges early for the scan's budget (see BufferBudget). */
  relieve(): void {
    if (this.size === 0) return;
    const before = this.size;
    this.#judgeEarly();
    this.#options.budget?.changed(this.size - before, false);
  }

  /** Whether an arriving event at `time` is to be buffered (`mark`: as a mark; `copyKey`: undefined for a mark never merged). */
  #admit(time: number, copyKey: string | undefined, mark: boolean): boolean {
    this.#arrivals++;
    if (this.#full(copyKey, mark)) this.#makeRoom();
    const { first, last } = executionsCovering(this.#options.schedule, time);
    if (last < this.#next) {
      // Every window holding it was judged (or, in a schedule gap, none holds it).
      if (first <= last) this.#late++;
      return false;
    }
    if (first < this.#next) this.#late++;
    if (this.#full(copyKey, mark)) {
      // An event in a schedule gap is in no window: nothing is lost by not keeping it.
      if (first <= last) this.#dropped++;
      return false;
    }
    return true;
  }

  /** No room for an arriving event: a copy of a buffered one replaces it and needs none. */
  #full(copyKey: string | undefined, mark: boolean): boolean {
    if (this.size < this.#limit) return false;
    return copyKey === undefined || !(mark ? this.#marks.has(copyKey) : this.#documents.has(copyKey));
  }

  /**
   * Judges every execution not judged yet; returns the entries still buffered, in time order, and
   * lets go of them (at a scan's end each rule's state is freed as soon as it is judged).
   */
  finish(): T[] {
    const entries = this.#sorted();
    this.#judge(entries, { first: this.#next });
    this.#documents.clear();
    this.#marks.clear();
    return entries;
  }

  /** Events buffered now: distinct documents and marks. */
  get size(): number {
    return this.#documents.size + this.#marks.length;
  }

  get executions(): number {
    return this.#executions;
  }

  get duplicates(): number {
    return this.#documents.duplicates + this.#markCopies;
  }

  get limit(): number {
    return this.#limit;
  }

  get late(): number {
    return this.#late;
  }

  get dropped(): number {
    return this.#dropped;
  }

  #makeRoom(): void {
    // At most one attempt per eighth of the limit in arrivals: a full window costs no sort per event.
    if (this.#arrivals - this.#lastAttempt < this.#limit / 8) return;
    this.#lastAttempt = this.#arrivals;
    this.#judgeEarly();
  }

  /** Judges the executions whose windows end before the newest eighth of the buffered events, and forgets what no later window holds. */
  #judgeEarly(): void {
    const { schedule } = this.#options;
    const entries = this.#sorted();
    const times = this.#times(entries);
    const boundary = times.all[Math.floor((times.all.length * 7) / 8)]!;
    // The last execution whose window ends before the boundary: `k * interval - to < boundary`.
    const through = Math.ceil((boundary + schedule.endOffsetMs) / schedule.intervalMs) - 1;
    if (through < this.#next) return;
    this.#judge(entries, { first: this.#next, last: through }, times);
    this.#next = through + 1;
    const keepFrom = execution(schedule, this.#next).from;
    this.#documents.retain((entry) => entry.ref.time >= keepFrom);
    this.#marks.retain(keepFrom);
    this.#options.forget?.(keepFrom);
  }

  #judge(entries: readonly T[], range: ExecutionRange, times = this.#times(entries)): void {
    const { schedule, judge } = this.#options;
    if (times.marks === undefined) {
      this.#executions += forEachBusyExecution(times.all, schedule, (run, lo, hi) => judge(run, entries.slice(lo, hi), NO_MARKS), range);
      return;
    }
    // Executions are those whose window holds a document or a mark; each gets the documents and the marks it holds.
    const marksIn = this.#marks.windows(times.marks);
    const own = times.own;
    this.#executions += forEachBusyExecution(times.all, schedule, (run) => judge(run, entries.slice(firstAtOrAfter(own, run.from), firstAfter(own, run.to)), marksIn(run.from, run.to)), range);
  }

  /** The times of `entries` (`own`), of the marks (sorted; none without marks) and of both (`all`, sorted). */
  #times(entries: readonly T[]): { own: number[]; marks: Float64Array | undefined; all: ArrayLike<number> } {
    const own = entries.map((entry) => entry.ref.time);
    if (this.#marks.length === 0) return { own, marks: undefined, all: own };
    const marks = this.#marks.sortedTimes();
    return { own, marks, all: mergeSorted(own, marks) };
  }

  /** In time order; ties by copy key, which is cheap (judges order a window their own way). */
  #sorted(): T[] {
    return this.#documents.sorted((a, b) => a.ref.time - b.ref.time || compareText(a.ref.copyKey, b.ref.copyKey));
  }
}

/** What a buffer's cap cost a rule: events some window holding them never saw; none when nothing was lost. */
export function capMessages(kind: string, consequence: string, buffer: Pick<WindowBuffer<never>, 'late' | 'dropped' | 'limit'>): string[] {
  if (buffer.late + buffer.dropped === 0) return [];
  const lost = [
    ...(buffer.late > 0 ? [`${plural(buffer.late, 'event')} arrived out of time order after a window holding ${buffer.late === 1 ? 'it' : 'them'} was judged`] : []),
    ...(buffer.dropped > 0 ? [`${plural(buffer.dropped, 'event')} did not fit (one look-back window held the cap)`] : []),
  ];
  return [`${kind} state capped at ${plural(buffer.limit, 'event')}: ${lost.join('; ')}; ${consequence}`];
}
