/**
 * EQL rules. Each replayed execution runs the EQL search over its own window, as Kibana does:
 * `_eql/search` with `size = max_signals` and a filter of the time range, the rule's filters and
 * its exceptions (rule_types/eql/build_eql_search_request.ts). That filter applies to every event
 * the query considers, so an excepted event can fill no sequence stage, `until` or missing-event
 * clause. Results are taken in EQL's order (events by timestamp and tiebreaker; sequences by
 * their completing event), pipes applied, and the first max_signals written: results
 * an earlier run already wrote still use up the size.
 *
 * Consequences kept on purpose: a sequence longer than the rule's look-back window is never found,
 * and a window boundary can start a sequence differently than one global pass would (ES's
 * matcher keeps the most recent pending sequence per key).
 *
 * Memory: every event matching any clause (or `until`) is buffered; for sequences and samples the
 * buffer is capped (window-buffer.ts), and events it could not judge in every window holding them
 * are reported in the rule's messages. A plain event query keeps every event: each is an alert.
 * A sequence reads each event's clauses and join keys once, when it arrives, and keeps the event
 * itself only when a positive clause or `until` matched it. An event that only fills missing-event
 * clauses can be in no alert: it is buffered as a mark (window-buffer.ts `addMark`): its time, EQL
 * timestamp and join keys, with no copy key (copies are not merged: a copy leaves the same mark).
 * A window's marks reach the matcher only when the window fills every positive stage, and only
 * those sharing a join key with a positive-stage event there: a missing-event check only ever
 * consults marks of the key of the sequence it checks, so the others cannot change a verdict.
 */
import { plural } from '../../output/plural.ts';
import { applyPipes } from '../../eql/pipes.ts';
import { compareOrdinals, type Ordinal } from '../../eql/ordinal.ts';
import { compareSequenceMatches, type SequenceMatchOf } from '../../eql/sequence.ts';
import type { ClauseKeys } from '../../eql/shared-keys.ts';
import type { CompiledEql } from '../../eql/compile.ts';
import type { EventDoc } from '../../query/event.ts';
import type { EventSource } from '../contract.ts';
import type { Detection } from '../detection.ts';
import { compareText, copyKey, textRef, type DocumentRef, type EventRef } from '../event-ref.ts';
import { executionsCovering, type RuleSchedule } from '../schedule.ts';
import { capMessages, WINDOW_BUFFER_LIMIT, WindowBuffer, type BufferBudget } from '../window-buffer.ts';
import type { MarkWindow } from '../mark-log.ts';
import { splitEvaluator, type RuleEvaluator, type RuleOutcome } from './evaluator.ts';
import { appendAll } from '../../append-all.ts';

/**
 * What a rule buffers of an event: one object, which is also its own window-buffer entry (`ref`)
 * and its EQL ordinal (timestamp, tiebreaker; `index` 0 until a window places it), so an open
 * window holds no wrapper or ordinal object per event.
 */
class EqlRef implements DocumentRef, Ordinal {
  constructor(
    readonly source: EventSource,
    readonly time: number,
    readonly copyKey: string,
    /** The event, kept when it can be part of a result; null for a mark (an event that only fills missing-event clauses). */
    readonly event: EventRef | null,
    readonly timestamp: number,
    readonly tiebreaker: Ordinal['tiebreaker'],
    /** Sequences: the clauses the event matches, with their join keys (shared between events: eql/shared-keys.ts). */
    readonly input: ClauseKeys | undefined,
    /** Sequences: a bit per positive stage the event fills (see `stageBits`); 0 otherwise. */
    readonly stages: number,
  ) {}

  get index(): number {
    return 0;
  }

  get ref(): EqlRef {
    return this;
  }
}

/** What `read` takes of an event for `addRead` (see RuleEvaluator). */
interface EqlRead {
  readonly ordinal: Ordinal;
  /** Empty for an event buffered as a mark (not `kept`). */
  readonly copyKey: string;
  /** A result can hold the event: its text is kept. */
  readonly kept: boolean;
  readonly input?: ClauseKeys;
  readonly stages?: number;
}

type EqlEntry = EqlRef;

interface Found {
  readonly events: readonly (EventRef | null)[];
  createdAt: number | null;
}

type Result = readonly (EventRef | null)[];

export interface EqlEvaluator extends RuleEvaluator {
  /** Distinct events buffered now (for tests of the memory bound). */
  readonly bufferedEvents: number;
}

/**
 * EQL order of a window: timestamp and tiebreaker, then document identity (computed only for such
 * ties). Marks (events filling missing-event clauses only; no tiebreaker or copy key kept) go after
 * the others at a tie: the matcher compares their timestamps strictly, so their place among equal
 * timestamps is moot.
 */
function eqlOrder(a: EqlEntry, b: EqlEntry): number {
  const order = compareOrdinals(a, b);
  if (order !== 0) return order;
  if (a.event !== null && b.event !== null) return compareText(a.event.key, b.event.key);
  if (a.event !== null || b.event !== null) return a.event !== null ? -1 : 1;
  return compareText(a.copyKey, b.copyKey);
}

/**
 * `bufferLimit`: for sequences and samples, the buffer's cap (default WINDOW_BUFFER_LIMIT);
 * `budget`: the scan's shared buffer budget (plain event queries keep every event, each an alert, outside it).
 */
export function createEqlEvaluator(compiled: CompiledEql, schedule: RuleSchedule, bufferLimit = WINDOW_BUFFER_LIMIT, budget?: BufferBudget): EqlEvaluator {
  let withoutEqlTimestamp = 0;
  const found = new Map<string, Found>();
  const stageBits = positiveStageBits(compiled);
  const missingStage = compiled.kind === 'sequence' ? compiled.clauses.map((clause) => clause.missing) : [];
  const buffer = new WindowBuffer<EqlEntry, ClauseKeys>({
    schedule,
    entry: (ref) => ref,
    // Plain event queries keep every event: each is an alert, and schedule-gap events are reported from them.
    limit: compiled.kind === 'event' ? Infinity : bufferLimit,
    ...(compiled.kind !== 'event' && budget !== undefined ? { budget } : {}),
    judge(execution, window, marks) {
      // A sequence needs an event for every positive stage in the window: without one, it finds nothing.
      if (stageBits !== undefined && !fillsEveryStage(window, stageBits.all)) return;
      if (marks.length > 0) appendAll(window, keyedMarks(window, marks));
      run(window.sort(eqlOrder)).forEach((events, position) => {
        const key = events.map((ref) => ref?.copyKey ?? '').join('\u0001');
        let entry = found.get(key);
        if (entry === undefined) found.set(key, (entry = { events, createdAt: null }));
        if (position < schedule.maxSignals) entry.createdAt ??= execution.at;
      });
    },
  });

  function run(window: readonly EqlEntry[]): Result[] {
    switch (compiled.kind) {
      case 'event':
        return applyPipes(window.map(({ ref }): Result => [ref.event!]), compiled.pipes);
      case 'sequence': {
        const machine = compiled.createSequenceMachine<EventRef | null>();
        const matches: SequenceMatchOf<EventRef | null>[] = [];
        window.forEach((ref, position) => {
          const { stageKeys, untilKeys } = ref.input!;
          appendAll(matches, machine.push({ payload: ref.event, ordinal: { timestamp: ref.timestamp, tiebreaker: ref.tiebreaker, index: position }, stageKeys, untilKeys }));
        });
        appendAll(matches, machine.flush());
        matches.sort(compareSequenceMatches);
        return applyPipes(matches, compiled.pipes).map((match) => match.events.map((event) => event ?? null));
      }
      case 'sample': {
        // Read each kept event once: the matcher reports the very objects it was given.
        const events = window.map(({ ref }) => ref.event!.event);
        const refs = new Map<EventDoc, EventRef>(events.map((event, i) => [event, window[i]!.ref.event!]));
        const state = compiled.createSampleState();
        const matches = events.flatMap((event) => state.push(event));
        appendAll(matches, state.flush());
        return applyPipes(matches, compiled.pipes).map((match) => match.events.map((event) => refs.get(event)!));
      }
    }
  }

  /** The marks sharing a join key with the window's positive-stage events, as entries (without an event). */
  function keyedMarks(window: readonly EqlEntry[], marks: MarkWindow<ClauseKeys>): EqlEntry[] {
    const keys = new Set<string>();
    for (const { input } of window) {
      input!.stageKeys.forEach((list, stage) => {
        if (list !== null && !missingStage[stage]) for (const key of list) keys.add(key.id);
      });
    }
    const out: EqlEntry[] = [];
    marks.forEach((time, timestamp, input) => {
      if (input.stageKeys.some((list) => list !== null && list.some((key) => keys.has(key.id)))) out.push(new EqlRef(MARK_SOURCE, time, '', null, timestamp, null, input, 0));
    });
    return out;
  }

  /**
   * What an event's buffered form needs: for sequences the clauses it matches, and whether a result
   * can hold the event (then it is kept, as its text); null without an EQL timestamp.
   */
  function read(event: EventDoc, source: EventSource, index: string | null): EqlRead | null {
    // EQL orders by its own timestamp field; an event without it is not part of the search.
    const ordinal = compiled.ordinal(event, 0);
    if (ordinal === null) return null;
    if (compiled.kind !== 'sequence') return { ordinal, copyKey: copyKey(event, source, index), kept: true };
    const input = compiled.readSequenceInput(event);
    const stages = stageBits === undefined ? 0 : stageBits.of(input.stageKeys);
    const kept = input.untilKeys !== null || input.stageKeys.some((keys, stage) => keys !== null && !compiled.clauses[stage]!.missing);
    return { ordinal, copyKey: kept ? copyKey(event, source, index) : '', kept, input, stages };
  }

  const evaluator = splitEvaluator({
    read,
    keepsEvent: (read) => read !== null && read.kept,
    addRead(read, source, index, time, text) {
      if (read === null) {
        withoutEqlTimestamp++;
        return;
      }
      const { ordinal, copyKey: key, kept, input, stages } = read;
      if (!kept) buffer.addMark(time, ordinal.timestamp, input!);
      else buffer.add(new EqlRef(source, time, key, textRef(text!, source, index, time, key), ordinal.timestamp, ordinal.tiebreaker, input, stages ?? 0));
    },
    // A plain event query turns each distinct document into one alert; pipes and sequences decide over whole windows.
    alertsSoFar: () => (compiled.kind === 'event' && compiled.pipes.length === 0 ? buffer.size : undefined),
    async finish(): Promise<RuleOutcome> {
      const entries = buffer.finish();
      const detections: Detection[] = [...found.values()].map((entry) => {
        const fate = entry.createdAt === null ? 'over-limit' : 'created';
        const first = entry.events.find((ref) => ref !== null)!;
        return compiled.kind === 'event'
          ? { kind: 'event', event: first, time: first.time, fate, createdAt: entry.createdAt }
          : { kind: 'sequence', events: entry.events, time: first.time, fate, createdAt: entry.createdAt };
      });
      if (compiled.kind === 'event') appendAll(detections, gapDetections(entries, schedule));
      const messages = withoutEqlTimestamp > 0 ? [`${plural(withoutEqlTimestamp, 'matching event')} ${withoutEqlTimestamp === 1 ? 'has' : 'have'} no value in the EQL timestamp field and ${withoutEqlTimestamp === 1 ? 'is' : 'are'} ignored`] : [];
      const warnings = compiled.kind === 'event' ? [] : capMessages(compiled.kind, `some ${compiled.kind}s may be missed`, buffer);
      appendAll(messages, warnings);
      return { detections, executions: buffer.executions, duplicates: buffer.duplicates, messages, warnings };
    },
  });
  return {
    ...evaluator,
    get bufferedEvents() {
      return buffer.size;
    },
  };
}

/** Where a mark's entry says it came from: nowhere (a mark can be in no alert, and is never merged). */
const MARK_SOURCE: EventSource = { file: '', line: 0 };

interface StageBits {
  /** Every positive stage's bit. */
  readonly all: number;
  /** The bits of the positive stages an event fills. */
  of(stageKeys: readonly (readonly unknown[] | null)[]): number;
}

/** Bits of a sequence's positive stages (undefined for other queries, or too many stages for the bits). */
function positiveStageBits(compiled: CompiledEql): StageBits | undefined {
  if (compiled.kind !== 'sequence' || compiled.clauses.length > 30) return undefined;
  const positive = compiled.clauses.flatMap((clause, stage) => (clause.missing ? [] : [stage]));
  return {
    all: positive.reduce((bits, stage) => bits | (1 << stage), 0),
    of(stageKeys) {
      let bits = 0;
      for (const stage of positive) if (stageKeys[stage] !== null) bits |= 1 << stage;
      return bits;
    },
  };
}

function fillsEveryStage(window: readonly EqlEntry[], all: number): boolean {
  let bits = 0;
  for (let i = 0; i < window.length && bits !== all; i++) bits |= window[i]!.stages;
  return bits === all;
}

/** Matching events no execution's window holds (a look-back shorter than the interval). */
function gapDetections(entries: readonly EqlEntry[], schedule: RuleSchedule): Detection[] {
  return entries
    .filter(({ ref }) => {
      const { first, last } = executionsCovering(schedule, ref.time);
      return first > last;
    })
    .map(({ ref }) => ({ kind: 'event', event: ref.event!, time: ref.time, fate: 'schedule-gap', createdAt: null }));
}
