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
 */
import { plural } from '../../output/plural.ts';
import { applyPipes } from '../../eql/pipes.ts';
import { compareOrdinals, type Ordinal } from '../../eql/ordinal.ts';
import { compareSequenceMatches } from '../../eql/sequence.ts';
import type { CompiledEql } from '../../eql/compile.ts';
import type { EventDoc } from '../../query/event.ts';
import type { Detection } from '../detection.ts';
import { compareText, eventRef, type EventRef } from '../event-ref.ts';
import { executionsCovering, type RuleSchedule } from '../schedule.ts';
import { WINDOW_BUFFER_LIMIT, WindowBuffer } from '../window-buffer.ts';
import type { RuleEvaluator, RuleOutcome } from './evaluator.ts';
import { appendAll } from '../../append-all.ts';

interface EqlEntry {
  readonly ref: EventRef;
  readonly ordinal: Ordinal;
}

interface Found {
  readonly events: readonly (EventRef | null)[];
  createdAt: number | null;
}

type Result = readonly (EventRef | null)[];

export interface EqlEvaluator extends RuleEvaluator {
  /** Distinct events buffered now (for tests of the memory bound). */
  readonly bufferedEvents: number;
}

/** `bufferLimit`: for sequences and samples, the buffer's cap (default WINDOW_BUFFER_LIMIT). */
export function createEqlEvaluator(compiled: CompiledEql, schedule: RuleSchedule, bufferLimit = WINDOW_BUFFER_LIMIT): EqlEvaluator {
  let withoutEqlTimestamp = 0;
  const eqlOrder = (a: EqlEntry, b: EqlEntry) => compareOrdinals(a.ordinal, b.ordinal) || compareText(a.ref.key, b.ref.key);
  const found = new Map<string, Found>();
  const buffer = new WindowBuffer<EqlEntry>({
    schedule,
    entry: (ref) => ({ ref, ordinal: compiled.ordinal(ref.event, 0)! }),
    // Plain event queries keep every event: each is an alert, and schedule-gap events are reported from them.
    limit: compiled.kind === 'event' ? Infinity : bufferLimit,
    judge(execution, window) {
      run(window.sort(eqlOrder)).forEach((events, position) => {
        const key = events.map((ref) => ref?.key ?? '').join('\u0001');
        let entry = found.get(key);
        if (entry === undefined) found.set(key, (entry = { events, createdAt: null }));
        if (position < schedule.maxSignals) entry.createdAt ??= execution.at;
      });
    },
  });

  function run(window: readonly EqlEntry[]): Result[] {
    switch (compiled.kind) {
      case 'event':
        return applyPipes(window.map((entry): Result => [entry.ref]), compiled.pipes);
      case 'sequence': {
        const refs = new Map<EventDoc, EventRef>(window.map((entry) => [entry.ref.event, entry.ref]));
        const state = compiled.createSequenceState();
        const matches = window.flatMap((entry) => state.push(entry.ref.event));
        appendAll(matches, state.flush());
        matches.sort(compareSequenceMatches);
        return applyPipes(matches, compiled.pipes).map((match) => match.events.map((event) => (event === null ? null : refs.get(event)!)));
      }
      case 'sample': {
        const refs = new Map<EventDoc, EventRef>(window.map((entry) => [entry.ref.event, entry.ref]));
        const state = compiled.createSampleState();
        const matches = window.flatMap((entry) => state.push(entry.ref.event));
        appendAll(matches, state.flush());
        return applyPipes(matches, compiled.pipes).map((match) => match.events.map((event) => refs.get(event)!));
      }
    }
  }

  return {
    add(event, source, index, time) {
      // EQL orders by its own timestamp field; an event without it is not part of the search.
      if (compiled.ordinal(event, 0) === null) {
        withoutEqlTimestamp++;
        return;
      }
      buffer.add(eventRef(event, source, index, time));
    },
    // A plain event query turns each distinct document into one alert; pipes and sequences decide over whole windows.
    alertsSoFar: () => (compiled.kind === 'event' && compiled.pipes.length === 0 ? buffer.size : undefined),
    get bufferedEvents() {
      return buffer.size;
    },
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
      const warnings = compiled.kind === 'event' ? [] : capMessages(compiled.kind, buffer);
      appendAll(messages, warnings);
      return { detections, executions: buffer.executions, duplicates: buffer.duplicates, messages, warnings };
    },
  };
}

/** What the buffer's cap cost: events some window holding them never saw (window-buffer.ts). */
function capMessages(kind: 'sequence' | 'sample', buffer: WindowBuffer<EqlEntry>): string[] {
  if (buffer.late + buffer.dropped === 0) return [];
  const lost = [
    ...(buffer.late > 0 ? [`${plural(buffer.late, 'event')} arrived out of time order after a window holding ${buffer.late === 1 ? 'it' : 'them'} was judged`] : []),
    ...(buffer.dropped > 0 ? [`${plural(buffer.dropped, 'event')} did not fit (one look-back window held the cap)`] : []),
  ];
  return [`${kind} state capped at ${plural(buffer.limit, 'event')}: ${lost.join('; ')}; some ${kind}s may be missed`];
}

/** Matching events no execution's window holds (a look-back shorter than the interval). */
function gapDetections(entries: readonly EqlEntry[], schedule: RuleSchedule): Detection[] {
  return entries
    .filter(({ ref }) => {
      const { first, last } = executionsCovering(schedule, ref.time);
      return first > last;
    })
    .map(({ ref }) => ({ kind: 'event', event: ref, time: ref.time, fate: 'schedule-gap', createdAt: null }));
}
