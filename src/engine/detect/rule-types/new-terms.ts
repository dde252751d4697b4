/**
 * New terms rules, decided in event time: an event alerts for a combination of its
 * `new_terms_fields` values when no query-matching event carried that combination within the
 * history window before it (`[t - H, t)`, H = `now - history_window_start`), counting this scan's
 * events and the history earlier scans stored. One alert per new combination, on the earliest
 * event carrying it (ties: the smallest document identity).
 *
 * How this maps onto Kibana's schedule: an execution at T with window `[T - from, T]` reports a
 * combination when its first sighting in `[T - H, T]` is after `T - from`, i.e. no sighting in
 * `[T - H, T - from]`, and alerts on the earliest document in the window. For the earliest
 * sighting t in that window this is "nothing in `[T - H, t)`" with T - H between t - H and
 * t - H + from: Kibana's history reaches back H minus up to one look-back. Loupe uses exactly H
 * before each event, so its verdict does not depend on a schedule phase nobody knows offline;
 * the two differ only for a previous sighting between H - from and H before the event.
 *
 * The sightings are kept as coverage runs merged with H (state/runs.ts): a sighting is new
 * exactly when it starts a run of this scan's sightings and the stored history has nothing in
 * the window before it. Memory: runs per combination plus the event at each run start.
 */
import { RESET_HINT } from '../../state/rule-states.ts';
import type { Runs } from '../../state/runs.ts';
import { seenInWindow } from '../../state/runs.ts';
import { RuleSightings } from '../../state/sightings.ts';
import type { NewTermsStore } from '../../state/store.ts';
import type { NewTermsDetection } from '../detection.ts';
import { compareByTime, compareText, copyKey, textRef, type EventRef } from '../event-ref.ts';
import { selectPerExecution } from '../executions.ts';
import type { RuleSchedule } from '../schedule.ts';
import { combinationKeys, combinations, compareCombinations, compileTermFields, type TermCombination } from '../term-values.ts';
import { splitEvaluator, type FinishContext, type RuleEvaluator, type RuleOutcome } from './evaluator.ts';

interface Candidate {
  readonly ref: EventRef;
  readonly terms: TermCombination;
}

export interface NewTermsSettings {
  readonly ruleId: string;
  readonly fields: readonly string[];
  readonly historyMs: number;
  readonly schedule: RuleSchedule;
}

export function createNewTermsEvaluator({ ruleId, fields, historyMs, schedule }: NewTermsSettings): RuleEvaluator {
  const readTerms = compileTermFields(fields);
  const sightings = new RuleSightings(ruleId, fields, historyMs);
  /** Per combination key: the candidate event at each time that started a run when it arrived. */
  const starts = new Map<string, Map<number, Candidate>>();
  let missingFields = 0;

  return splitEvaluator({
    // Whether the event starts a run depends on the events before it: it may be kept, so its text comes along.
    read(event, source, index): { readonly combinations: TermCombination[]; readonly copyKey: string } | null {
      const perField = readTerms(event);
      return perField === null ? null : { combinations: combinations(perField), copyKey: copyKey(event, source, index) };
    },
    keepsEvent: (read) => read !== null,
    addRead(read, source, index, time, text) {
      if (read === null) {
        missingFields++;
        return;
      }
      let ref: EventRef | undefined;
      for (const terms of read.combinations) {
        const key = sightings.add(combinationKeys(terms), time);
        const runs = sightings.runs(key)!;
        if (!startsRun(runs, time)) continue;
        ref ??= textRef(text!, source, index, time, read.copyKey);
        let byTime = starts.get(key);
        if (byTime === undefined) starts.set(key, (byTime = new Map()));
        const existing = byTime.get(time);
        if (existing === undefined || compareText(ref.key, existing.ref.key) < 0) byTime.set(time, { ref, terms });
        if (byTime.size > 2 * runs.length + 8) prune(byTime, runs);
      }
    },

    // A term is new only against history read at finish; counts mean nothing before.
    alertsSoFar: () => undefined,
    async finish(context: FinishContext): Promise<RuleOutcome> {
      const messages: string[] = [];
      if (missingFields > 0) messages.push(`${missingFields} matching events lack a value in one of ${fields.join(', ')} and never alert`);
      const { history, commit, skipped } = await loadHistory(context.store, sightings, messages);
      const candidates: Candidate[] = [];
      for (const key of sightings.termKeys()) {
        const stored = history.get(key) ?? [];
        const byTime = starts.get(key)!;
        for (const [first] of sightings.runs(key)!) {
          if (!seenInWindow(stored, first, historyMs)) candidates.push(byTime.get(first)!);
        }
      }
      candidates.sort((a, b) => compareByTime(a.ref, b.ref) || compareCombinations(a.terms, b.terms));
      // Within an execution Kibana pages composite buckets in key order, so max_signals keeps the smallest values.
      const order = (a: Candidate, b: Candidate) => compareCombinations(a.terms, b.terms) || compareByTime(a.ref, b.ref);
      const selection = selectPerExecution(candidates, (candidate) => candidate.ref.time, schedule, order);
      const detections = candidates.map(
        (candidate, i): NewTermsDetection => ({
          kind: 'new_terms',
          event: candidate.ref,
          terms: candidate.terms,
          time: candidate.ref.time,
          fate: selection.fates[i]!,
          createdAt: selection.createdAt[i]!,
        }),
      );
      return {
        detections,
        executions: selection.executions,
        duplicates: 0,
        messages,
        ...(commit && sightings.size > 0 ? { stateBatch: sightings.toBatch() } : {}),
        ...(skipped !== undefined ? { stateSkipped: skipped } : {}),
      };
    },
  });
}

/** The stored runs of the combinations this scan saw, unless the stored history means something else. */
async function loadHistory(
  store: NewTermsStore | undefined,
  sightings: RuleSightings,
  messages: string[],
): Promise<{ history: Map<string, Runs>; commit: boolean; skipped?: string }> {
  if (store === undefined) return { history: new Map(), commit: false };
  const meta = await store.ruleMeta(sightings.ruleId);
  if (meta !== undefined) {
    const sameFields = meta.fields.length === sightings.fields.length && meta.fields.every((field, i) => field === sightings.fields[i]);
    if (!sameFields) {
      const problem =
        `stored new-terms history is for fields [${meta.fields.join(', ')}], not [${sightings.fields.join(', ')}]: ` +
        `it was ignored and this scan was not saved; reset this rule's state (${RESET_HINT})`;
      messages.push(problem);
      return { history: new Map(), commit: false, skipped: `new-terms state was not saved for rule ${JSON.stringify(sightings.ruleId)}: ${problem}` };
    }
    if (meta.window > sightings.window) {
      messages.push(
        `stored new-terms history was merged with a longer history window (${meta.window} ms): ` +
          `a term seen only before a gap may be taken as seen; reset this rule's state for exact answers`,
      );
    }
  }
  return { history: await store.load(sightings.ruleId, sightings.termKeys()), commit: true };
}

/** Whether `time` is the first sighting of one of the runs (binary search on run starts). */
function startsRun(runs: Runs, time: number): boolean {
  let low = 0;
  let high = runs.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const first = runs[middle]![0];
    if (first === time) return true;
    if (first < time) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** Forgets candidates whose time no longer starts a run (a later-arriving earlier sighting absorbed it). */
function prune(byTime: Map<number, Candidate>, runs: Runs): void {
  for (const time of byTime.keys()) if (!startsRun(runs, time)) byTime.delete(time);
}
