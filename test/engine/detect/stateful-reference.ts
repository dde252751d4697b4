/**
 * A straightforward reference for the stateful rule types, written for obviousness, not memory:
 * every event is kept, copies are merged by their full identity (`eventRef(...).key`), and every
 * execution of the replayed schedule is evaluated from scratch over its own window:
 * - EQL sequences: `runEql` over the window's events, in EQL order (timestamp, tiebreaker, then
 *   identity); the first max_signals results of each execution are written, results already
 *   found by an earlier execution keep their fate;
 * - threshold: buckets of the window's events not excluded by Kibana's signal history;
 * - new_terms: an event starts a new term when no event with its combination lies in the history
 *   window before it; each execution writes the first max_signals unwritten candidates it holds.
 * The streaming evaluators (src/engine/detect/rule-types) must agree with it exactly.
 */
import type { CompiledSequenceEql } from '../../../src/engine/eql/compile.ts';
import { runEql } from '../../../src/engine/eql/compile.ts';
import type { EventSource } from '../../../src/engine/detect/contract.ts';
import { compareText, eventRef, type EventRef } from '../../../src/engine/detect/event-ref.ts';
import { execution, executionsCovering, type RuleSchedule } from '../../../src/engine/detect/schedule.ts';
import { combinationKeys, combinations, compareCombinations, compileTermFields, type TermCombination } from '../../../src/engine/detect/term-values.ts';
import { compileFieldGetter } from '../../../src/engine/fields/access.ts';
import { keywordForm } from '../../../src/engine/fields/values.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import type { Threshold } from '../../../src/engine/rules/model.ts';

export interface Input {
  readonly event: EventDoc;
  readonly source: EventSource;
  readonly time: number;
}

/** One line per verdict: what is alerted, whether Kibana writes it, and when. */
export type Verdicts = string[];

/** A document: its ref and its event, read once (a ref parses its kept text on each read). */
interface Doc {
  readonly ref: EventRef;
  readonly event: EventDoc;
  readonly time: number;
}

/** Distinct documents (the first copy by file and line is the one reported). */
function documents(inputs: readonly Input[]): Doc[] {
  const byKey = new Map<string, Doc>();
  for (const { event, source, time } of inputs) {
    const ref = eventRef(event, source, null, time);
    const existing = byKey.get(ref.key);
    if (existing === undefined || source.line < existing.ref.source.line) byKey.set(ref.key, { ref, event, time });
  }
  return [...byKey.values()];
}

/** Executions from the first to the last that can hold any event, with the events each holds. */
function* windows<T extends { readonly time: number }>(refs: readonly T[], schedule: RuleSchedule): Generator<{ at: number; held: T[] }> {
  if (refs.length === 0) return;
  const first = Math.min(...refs.map((ref) => executionsCovering(schedule, ref.time).first));
  const last = Math.max(...refs.map((ref) => executionsCovering(schedule, ref.time).last));
  for (let k = first; k <= last; k++) {
    const run = execution(schedule, k);
    const held = refs.filter((ref) => ref.time >= run.from && ref.time <= run.to);
    if (held.length > 0) yield { at: run.at, held };
  }
}

function fateOf(createdAt: number | null, time: number, schedule: RuleSchedule): string {
  if (createdAt !== null) return 'created';
  const { first, last } = executionsCovering(schedule, time);
  return first > last ? 'schedule-gap' : 'over-limit';
}

export function referenceSequences(compiled: CompiledSequenceEql, inputs: readonly Input[], schedule: RuleSchedule): { verdicts: Verdicts; executions: number } {
  const docs = documents(inputs).filter((doc) => compiled.ordinal(doc.event, 0) !== null);
  const found = new Map<string, { events: (EventRef | null)[]; createdAt: number | null }>();
  let executions = 0;
  for (const { at, held } of windows(docs, schedule)) {
    executions++;
    held.sort((a, b) => {
      const x = compiled.ordinal(a.event, 0)!;
      const y = compiled.ordinal(b.event, 0)!;
      return x.timestamp - y.timestamp || compareTie(x.tiebreaker, y.tiebreaker) || compareText(a.ref.key, b.ref.key);
    });
    const byEvent = new Map(held.map((doc) => [doc.event, doc.ref]));
    runEql(compiled, held.map((ref) => ref.event)).forEach((match, position) => {
      const events = match.events.map((event) => (event === null ? null : byEvent.get(event)!));
      const key = events.map((ref) => ref?.key ?? '-').join(' ');
      let entry = found.get(key);
      if (entry === undefined) found.set(key, (entry = { events, createdAt: null }));
      if (position < schedule.maxSignals) entry.createdAt ??= at;
    });
  }
  const verdicts = [...found.entries()].map(([key, entry]) => `${key} ${entry.createdAt === null ? 'over-limit' : 'created'} ${String(entry.createdAt)}`);
  return { verdicts: verdicts.sort(), executions };
}

/** The generated events' tiebreakers are absent or strings. */
function compareTie(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareText(String(a), String(b));
}

export function referenceThreshold(threshold: Threshold, fields: readonly string[], inputs: readonly Input[], schedule: RuleSchedule): { verdicts: Verdicts; executions: number } {
  const readTerms = compileTermFields(fields);
  const cardinality = threshold.cardinality?.[0];
  const readCardinality = cardinality === undefined ? undefined : compileFieldGetter(cardinality.field);
  const docs = documents(inputs).filter((doc) => readTerms(doc.event) !== null);
  const history = new Map<string, number>();
  const reported = new Map<string, number>();
  const verdicts: Verdicts = [];
  let executions = 0;
  for (const { at, held } of windows(docs, schedule)) {
    executions++;
    const buckets = new Map<string, { terms: TermCombination; times: number[]; distinct: Set<string> }>();
    for (const ref of held) {
      const own = combinations(readTerms(ref.event)!).map((terms) => ({ key: JSON.stringify(combinationKeys(terms)), terms }));
      if (own.some(({ key }) => ref.time <= (history.get(key) ?? -Infinity))) continue;
      for (const { key, terms } of own) {
        const bucket = buckets.get(key) ?? { terms, times: [], distinct: new Set<string>() };
        buckets.set(key, bucket);
        bucket.times.push(ref.time);
        for (const value of readCardinality?.(ref.event) ?? []) bucket.distinct.add(keywordForm(value));
      }
    }
    const ready = [...buckets.entries()]
      .filter(([, bucket]) => bucket.times.length >= threshold.value && (cardinality === undefined || bucket.distinct.size >= cardinality.value))
      .sort(([, a], [, b]) => compareCombinations(a.terms, b.terms));
    ready.forEach(([key, bucket], position) => {
      const last = Math.max(...bucket.times);
      const describe = `${key} count=${bucket.times.length} from=${Math.min(...bucket.times)} last=${last}${cardinality ? ` cardinality=${bucket.distinct.size}` : ''}`;
      if (position < schedule.maxSignals) {
        history.set(key, Math.max(history.get(key) ?? -Infinity, last));
        verdicts.push(`${describe} created ${at}`);
      } else if (last > (reported.get(key) ?? -Infinity)) {
        reported.set(key, last);
        verdicts.push(`${describe} over-limit null`);
      }
    });
  }
  return { verdicts: verdicts.sort(), executions };
}

export function referenceNewTerms(fields: readonly string[], historyMs: number, inputs: readonly Input[], schedule: RuleSchedule): { verdicts: Verdicts; executions: number } {
  const readTerms = compileTermFields(fields);
  const sightings: { ref: EventRef; terms: TermCombination; key: string }[] = [];
  for (const { event, source, time } of inputs) {
    const perField = readTerms(event);
    if (perField === null) continue;
    const ref = eventRef(event, source, null, time);
    for (const terms of combinations(perField)) sightings.push({ ref, terms, key: JSON.stringify(combinationKeys(terms)) });
  }
  // New: nothing with the same combination in [t - H, t); one candidate per combination and time, the smallest identity.
  const candidates = new Map<string, { ref: EventRef; terms: TermCombination }>();
  for (const sighting of sightings) {
    const t = sighting.ref.time;
    if (sightings.some((other) => other.key === sighting.key && other.ref.time >= t - historyMs && other.ref.time < t)) continue;
    const slot = `${sighting.key} ${t}`;
    const existing = candidates.get(slot);
    if (existing === undefined || compareText(sighting.ref.key, existing.ref.key) < 0) candidates.set(slot, sighting);
  }
  const list = [...candidates.values()];
  const createdAt = new Map<object, number>();
  let executions = 0;
  for (const { at, held } of windows(
    list.map((candidate) => candidate.ref),
    schedule,
  )) {
    executions++;
    const open = list.filter((candidate) => held.includes(candidate.ref) && !createdAt.has(candidate));
    open.sort((a, b) => compareCombinations(a.terms, b.terms) || a.ref.time - b.ref.time || compareText(a.ref.key, b.ref.key));
    for (const candidate of open.slice(0, schedule.maxSignals)) createdAt.set(candidate, at);
  }
  const verdicts = list.map((candidate) => {
    const at = createdAt.get(candidate) ?? null;
    return `${candidate.ref.key} ${JSON.stringify(combinationKeys(candidate.terms))} ${fateOf(at, candidate.ref.time, schedule)} ${String(at)}`;
  });
  return { verdicts: verdicts.sort(), executions };
}
