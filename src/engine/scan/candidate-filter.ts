/**
 * Splitting a scan across workers without changing its alerts. Every rule type decides only from
 * the events its query (AND filters) selects among those routed to it: the detector hands nothing
 * else to an evaluator. So workers can read, parse and test events against every rule's routing
 * and query, and send on only the *candidates* (events some rule selects) to the one detector
 * that keeps the stateful parts (sequences, thresholds, new terms, max_signals, schedules). The
 * detector re-tests the candidates and gets exactly the evaluator input it would have got from
 * every event. What it cannot count (all events, events routed to each rule) the workers count,
 * and `withFilterCounts` puts those totals into the scan's stats.
 *
 * With the literal prefilter in the readers (the same line scanner as `loupe scan`), events come
 * with the rules that could match them, and lines no rule could match are only counted: the
 * counts are then exactly what the CLI's detector counts with its prefilter (per-rule counts over
 * candidate events, index and timestamp counts over parsed events).
 */
import type { EventSource, ScanStats } from '../detect/contract.ts';
import type { RuleRead } from '../detect/detector.ts';
import { elapsedMillis } from '../detect/clock.ts';
import { compileTimeField } from '../detect/event-time.ts';
import { prepareDetectorRule, type RunnableRule } from '../detect/prepare-rule.ts';
import type { EventDoc } from '../query/event.ts';
import type { Requirement } from '../query/requirements.ts';
import { eventIndex, eventIndexAlias, routedIndex } from '../router/event-index.ts';
import { compileRuleProgram, PickBuckets, type RuleProgram } from '../detect/rule-program.ts';
import { SeenTally } from '../detect/seen-tally.ts';
import type { RuleEntry } from '../rules/model.ts';
import type { RuleCheck } from '../rules/check.ts';

/** Additive counters of the events a filter saw; rule arrays follow the entries' order. */
export interface FilterCounts {
  events: number;
  /** Events a raw-text prefilter ruled out before parsing (counted in `events` too). */
  eventsNotParsed: number;
  eventsWithoutIndex: number;
  eventsWithoutTimestamp: number;
  readonly eventsSeen: number[];
  /** EQL rules: routed events of a category the query names (the detector's `eventsOfCategory`). */
  readonly eventsOfCategory: number[];
  /** The detector's per-rule eventsMatched, eventsExcepted, eventsWithoutTimestamp, counted here when the filter reads (`FilterSelection.reads`). */
  readonly ruleMatched: number[];
  readonly ruleExcepted: number[];
  readonly ruleWithoutTimestamp: number[];
  readonly millis: number[];
}

export interface FilterInput {
  readonly event: EventDoc;
  readonly source: EventSource;
  /** From a prefilter, by rule position: only rules marked 1 could match (absent: every rule). */
  readonly candidates?: Uint8Array | undefined;
}

export interface CandidateFilter {
  readonly counts: FilterCounts;
  /** Each rule's prefilter requirement (null: the rule does not run), as the detector's `rules[].requires`. */
  readonly requirements: readonly (Requirement | null)[];
  /**
   * For each event, the positions of the rules that route and select it (ascending), or undefined
   * when none does; and, when the filter reads (`CandidateFilterOptions.read`), what each of those
   * rules' evaluators takes of it past exceptions and event time (`RuleEvaluator.read`), so the
   * detector needs only `pushReads`: its evaluator input is exactly what it would have computed.
   */
  select(events: readonly FilterInput[]): FilterSelection;
  /** Events a prefilter passed over unparsed (as the detector's `countNotParsed`). */
  countNotParsed(count: number): void;
}

export interface FilterSelection {
  readonly rules: (number[] | undefined)[];
  /** Per event, the reads of the rules that select it, in rule order (none without `read`). */
  readonly reads: (RuleRead[] | undefined)[];
  /** Per event, 1 when one of its reads keeps the event itself (`RuleEvaluator.keepsEvent`): its text must go with them. */
  readonly keepsEvent: Uint8Array;
}

export interface CandidateFilterOptions {
  /** As the detector's: alert-independent here, but filters' date math uses it. */
  readonly now: number;
  readonly ignoreIndex?: boolean;
  /** Run exceptions, event time and the evaluators' `read` too (a scan's readers; a hunt only selects). */
  readonly read?: boolean;
}

const eventTimestamp = compileTimeField('@timestamp');

export function emptyCounts(rules: number): FilterCounts {
  const zeros = () => new Array<number>(rules).fill(0);
  return { events: 0, eventsNotParsed: 0, eventsWithoutIndex: 0, eventsWithoutTimestamp: 0, eventsSeen: zeros(), eventsOfCategory: zeros(), ruleMatched: zeros(), ruleExcepted: zeros(), ruleWithoutTimestamp: zeros(), millis: zeros() };
}

export function addCounts(into: FilterCounts, from: FilterCounts): void {
  into.events += from.events;
  into.eventsNotParsed += from.eventsNotParsed;
  into.eventsWithoutIndex += from.eventsWithoutIndex;
  into.eventsWithoutTimestamp += from.eventsWithoutTimestamp;
  for (const key of ['eventsSeen', 'eventsOfCategory', 'ruleMatched', 'ruleExcepted', 'ruleWithoutTimestamp', 'millis'] as const) {
    const sums = into[key];
    from[key].forEach((value, r) => (sums[r] = (sums[r] ?? 0) + value));
  }
}

/**
 * The rules compiled once per scan: every file's filter (each with its own counts) shares them, so
 * a folder of many files, or the whole rule corpus, is not compiled again per file.
 */
/** What a filter needs of a rule: only these are kept, so the rule documents themselves can go. */
type FilterRule = { readonly status: 'idle' } | (Pick<RunnableRule, 'routes' | 'matches' | 'ofCategory' | 'categories' | 'excepted' | 'time' | 'evaluator'> & { readonly status: 'ok' });

export interface CandidateRules {
  readonly rules: readonly FilterRule[];
  /** The rules as one program (rule-program.ts); absent: rule-at-a-time. */
  readonly program?: RuleProgram;
  /** Each rule's prefilter requirement (null: the rule does not run), as the detector's `rules[].requires`. */
  readonly requirements: readonly (Requirement | null)[];
}

/** `checks`: the entries' checks when the caller has them (same order): their compiled queries are reused. */
export function prepareCandidateRules(entries: readonly RuleEntry[], options: Pick<CandidateFilterOptions, 'now'> & { readonly ruleAtATime?: boolean; readonly checks?: readonly (RuleCheck | undefined)[] }): CandidateRules {
  const prepared = entries.map((entry, r) => {
    const check = options.checks?.[r];
    return prepareDetectorRule(entry, { now: options.now, ...(check ? { check } : {}) });
  });
  return {
    rules: prepared.map((rule): FilterRule => {
      if (rule.status !== 'ok') return { status: 'idle' };
      // The evaluator serves only its stateless `read` here.
      const { routes, matches, ofCategory, categories, excepted, time, evaluator } = rule;
      return { status: 'ok', routes, matches, excepted, time, evaluator, ...(ofCategory !== undefined ? { ofCategory } : {}), ...(categories !== undefined ? { categories } : {}) };
    }),
    ...(options.ruleAtATime ? {} : { program: compileRuleProgram(prepared.map((rule) => (rule.status === 'ok' ? rule.triggers : undefined))) }),
    requirements: prepared.map((rule) => (rule.status === 'ok' ? rule.requires : null)),
  };
}

export function createCandidateFilter(prepared: CandidateRules, options: Pick<CandidateFilterOptions, 'ignoreIndex' | 'read'>): CandidateFilter {
  const { rules, requirements, program } = prepared;
  const counts = emptyCounts(rules.length);
  const tallied = rules.map((rule) => (rule.status === 'ok' ? rule : undefined));
  // With the program a rule is tried only on the events it picks: routed and category counts are tallied (seen-tally.ts).
  let tally = program === undefined ? undefined : new SeenTally(tallied, options.ignoreIndex === true);
  const picks = program === undefined ? undefined : new PickBuckets(program, rules.length);
  return {
    get counts() {
      if (tally !== undefined) {
        for (let r = 0; r < rules.length; r++) {
          const { eventsSeen, eventsOfCategory } = tally.counts(r);
          counts.eventsSeen[r]! += eventsSeen;
          counts.eventsOfCategory[r]! += eventsOfCategory;
        }
        tally = new SeenTally(tallied, options.ignoreIndex === true);
      }
      return counts;
    },
    requirements,
    select(events) {
      const selected = new Array<number[] | undefined>(events.length).fill(undefined);
      const reads = new Array<RuleRead[] | undefined>(events.length).fill(undefined);
      const keepsEvent = new Uint8Array(events.length);
      const indices = events.map(({ event, source }) => {
        counts.events++;
        if (eventTimestamp(event) === null) counts.eventsWithoutTimestamp++;
        const index = eventIndex(event, source.indexHint);
        if (index === null) counts.eventsWithoutIndex++;
        return { index, alias: index === null ? null : eventIndexAlias(event, source.indexHint) };
      });
      const run = (r: number, picked: readonly number[] | undefined) => {
        const rule = rules[r]!;
        if (rule.status !== 'ok') return;
        const started = elapsedMillis();
        const ofCategory = rule.ofCategory;
        let seen = 0;
        let seenOfCategory = 0;
        const count = picked === undefined ? events.length : picked.length;
        for (let i = 0; i < count; i++) {
          const e = picked === undefined ? i : picked[i]!;
          const { event, source, candidates } = events[e]!;
          if (candidates !== undefined && candidates[r] !== 1) continue;
          const { index, alias } = indices[e]!;
          // The rule's alert names the index it saw the event under.
          const seenAs = options.ignoreIndex || index === null ? index : routedIndex(rule.routes, index, alias);
          if (!options.ignoreIndex && index !== null && seenAs === null) continue;
          seen++;
          if (ofCategory !== undefined && ofCategory(event)) seenOfCategory++;
          if (!rule.matches(event)) continue;
          (selected[e] ??= []).push(r);
          if (!options.read) continue;
          // As the detector's run, past the query.
          counts.ruleMatched[r]!++;
          if (rule.excepted(event)) {
            counts.ruleExcepted[r]!++;
            continue;
          }
          const time = rule.time(event);
          if (time === null) {
            counts.ruleWithoutTimestamp[r]!++;
            continue;
          }
          const read = rule.evaluator.read(event, source, seenAs, time);
          if (keepsEvent[e] === 0 && rule.evaluator.keepsEvent(read)) keepsEvent[e] = 1;
          (reads[e] ??= []).push({ rule: r, index: seenAs, time, read });
        }
        // With the program these counts come from the tally.
        if (program === undefined) {
          counts.eventsSeen[r]! += seen;
          counts.eventsOfCategory[r]! += seenOfCategory;
        }
        counts.millis[r]! += elapsedMillis() - started;
      };
      if (picks === undefined) {
        for (let r = 0; r < rules.length; r++) run(r, undefined);
        return { rules: selected, reads, keepsEvent };
      }
      events.forEach(({ event, candidates }, e) => {
        const { index, alias } = indices[e]!;
        if (candidates === undefined) tally!.add(event, index, alias);
        else tally!.addMasked(event, index, alias, candidates);
      });
      // Rules are visited in ascending order, so each event's rules and reads come sorted.
      picks.run(events, run);
      return { rules: selected, reads, keepsEvent };
    },
    countNotParsed(count) {
      counts.events += count;
      counts.eventsNotParsed += count;
    },
  };
}

/**
 * The detector's stats over candidates, corrected with the filters' counts of every event:
 * totals and per-rule `eventsSeen` / `eventsOfCategory` come from the filters; matched, excepted and without-timestamp
 * counts and rule time add the filters' (which count them when they read for `pushReads`).
 */
export function withFilterCounts(stats: ScanStats, counts: FilterCounts): ScanStats {
  return {
    events: counts.events,
    eventsNotParsed: counts.eventsNotParsed,
    eventsWithoutIndex: counts.eventsWithoutIndex,
    eventsWithoutTimestamp: counts.eventsWithoutTimestamp,
    rules: stats.rules.map((rule, r) => ({
      ...rule,
      eventsSeen: counts.eventsSeen[r] ?? 0,
      ...(rule.eventsOfCategory !== undefined ? { eventsOfCategory: counts.eventsOfCategory[r] ?? 0 } : {}),
      eventsMatched: rule.eventsMatched + (counts.ruleMatched[r] ?? 0),
      eventsExcepted: rule.eventsExcepted + (counts.ruleExcepted[r] ?? 0),
      eventsWithoutTimestamp: rule.eventsWithoutTimestamp + (counts.ruleWithoutTimestamp[r] ?? 0),
      millis: Math.round((rule.millis + (counts.millis[r] ?? 0)) * 1000) / 1000,
    })),
  };
}
