/**
 * The detector: rules prepared once, every parsed event pushed once, alerts decided at `finish`.
 *
 * push(): events are batched and each rule runs over a whole batch, so a rule's time is measured
 * with two clock reads per batch, not per event. Per rule and event: index routing (skipped with
 * `ignoreIndex`; an event of unknown index is seen by every rule), query AND filters, exceptions,
 * the rule's event time; survivors go to the rule type's evaluator.
 *
 * finish(): each evaluator replays the rule's schedule in event time (see schedule.ts,
 * executions.ts and rule-types/*), new-terms sightings are committed to the store in one atomic
 * batch, and detections become alert documents sorted by (original time, rule_id, alert uuid),
 * so the same events in any order, split over any files, give byte-identical output.
 */
import { prepareRule as prepareAlertRule, type AlertDocument, type PreparedRule } from '../alerts/index.ts';
import type { EqlCategories } from '../eql/compile.ts';
import type { FieldGetter } from '../fields/access.ts';
import type { EventDoc } from '../query/event.ts';
import type { Requirement } from '../query/requirements.ts';
import { eventIndex, eventIndexAlias, routedIndex } from '../router/event-index.ts';
import type { RuleBatch } from '../state/model.ts';
import type { NewTermsStore } from '../state/store.ts';
import type { RuleCheck } from '../rules/check.ts';
import type { RuleEntry } from '../rules/model.ts';
import { elapsedMillis } from './clock.ts';
import type { EventSource, RuleScanStats, ScanStats } from './contract.ts';
import type { Detection } from './detection.ts';
import { compareText, eventText, KEEP_IN_MEMORY, type KeptText, type TextKeeper } from './event-ref.ts';
import { compileTimeField, ruleTimeFields } from './event-time.ts';
import { prepareDetectorRule, type DetectorRule, type RunnableRule } from './prepare-rule.ts';
import type { RuleOutcome } from './rule-types/evaluator.ts';
import { detectionAlerts, detectionAlertTexts, detectionHead } from './to-alerts.ts';
import { compileRuleProgram, PickBuckets, type TriggerParts } from './rule-program.ts';
import type { Triggers } from '../query/triggers.ts';
import { SeenTally } from './seen-tally.ts';
import { appendAll } from '../append-all.ts';
import { BufferBudget, STATE_BUDGET } from './window-buffer.ts';

export interface DetectorOptions {
  /** Run every rule on every event, whatever its index. */
  readonly ignoreIndex?: boolean;
  /** Drop the alerts Kibana would not have written (max_signals, schedule gaps) instead of marking them. */
  readonly kibanaLimits?: boolean;
  /** New-terms history from earlier scans; this scan's sightings are committed to it at finish. */
  readonly store?: NewTermsStore;
  /** Fresh per scan (e.g. a UUID): the store skips a scan id it has committed before. */
  readonly scanId: string;
  /** Alert creation time (`@timestamp`, `kibana.alert.start`), epoch ms: fixed so output is reproducible. */
  readonly now: number;
  /** Kibana space of the alerts; default `default`. */
  readonly spaceId?: string;
  /** Events per batch between rule passes (default 256). */
  readonly batchSize?: number;
  /** Checks already run on `entries` (same order), whose compiled queries are reused. */
  readonly checks?: readonly RuleCheck[];
  /** EQL sequences and samples, threshold: distinct events a rule buffers before judging windows early (window-buffer.ts). */
  readonly windowBufferLimit?: number;
  /**
   * Evaluate every routed rule on every event instead of the rule program's picks (same alerts;
   * per-rule counts then cover every routed event rather than the events the rule was tried on).
   */
  readonly ruleAtATime?: boolean;
  /** Events all those rules buffer together before every buffer judges early (default STATE_BUDGET; window-buffer.ts). */
  readonly stateBudget?: number;
  /** Where the texts of events rules keep (alerts to be, sequence stages) are held; default the heap. */
  readonly keeper?: TextKeeper;
}

/** A rule as the detector sees it: whether it runs, and why not. */
export interface DetectorRuleStatus {
  readonly ruleId: string;
  readonly name: string;
  readonly type: string;
  readonly status: 'ok' | 'error' | 'unsupported';
  readonly messages: readonly string[];
  /** For rules that run: literals the raw JSON of every event the rule's query selects must contain. */
  readonly requires?: Requirement;
}

export interface DetectorResult {
  /**
   * Every alert document, in output order: built when first read, and all held at once (a large
   * scan's alerts take far more memory than its detections). Writers use `eachAlert` instead.
   */
  readonly alerts: AlertDocument[];
  /** How many alert documents `eachAlert` yields. */
  readonly alertCount: number;
  /** The alert documents in output order, each built when reached, so none need outlive its write. */
  eachAlert(): Generator<AlertDocument>;
  /**
   * `eachAlert` as JSON text (`stringifyJson` of each document, byte for byte), written without
   * building the documents and with each rule's constant fields serialised once: what NDJSON
   * writers use.
   */
  eachAlertText(): Generator<string>;
  readonly stats: ScanStats;
  /** The detections behind the alerts, in output order (kibanaLimits applied). */
  readonly detections: readonly { readonly ruleId: string; readonly detection: Detection }[];
  /** Why the new-terms state could not be saved, when it could not; the alerts are still valid. */
  readonly stateError?: string;
}

export interface Detector {
  readonly rules: readonly DetectorRuleStatus[];
  /**
   * `candidates` (from a prefilter, by rule position): only the rules marked 1 could match this
   * event, so the others skip it; absent, every rule sees it.
   */
  push(event: EventDoc, source: EventSource, candidates?: Uint8Array): void;
  /**
   * An event read elsewhere (a reader thread ran routing, query, exceptions, event time and each
   * evaluator's `read` on it, and counted what it saw: withFilterCounts): only the rules' ordered,
   * stateful part runs here. `text`: the event's JSON text, when one of the reads keeps the event.
   */
  pushReads(source: EventSource, reads: readonly RuleRead[], text: string | undefined): void;
  /** Counts events a prefilter showed no rule could match, which were therefore never parsed. */
  countNotParsed(count: number): void;
  /** A running figure for progress reports; `finish` gives the real alerts. */
  alertsSoFar(): AlertsSoFar;
  finish(): Promise<DetectorResult>;
}

export interface AlertsSoFar {
  /**
   * Alerts decided by rules that decide per event (query, plain EQL event queries) over the events
   * pushed so far. With `kibanaLimits` an upper bound: alerts past max_signals are dropped at finish.
   */
  readonly alerts: number;
  /** Runnable rules that decide only at finish (sequences, new_terms, threshold, EQL pipes). */
  readonly rulesDecidedAtEnd: number;
}

/** One rule's `RuleEvaluator.read` of one event, with the index the rule saw it under and its event time. */
export interface RuleRead {
  readonly rule: number;
  readonly index: string | null;
  readonly time: number;
  readonly read: unknown;
}

/** An event of `pushReads`, waiting for its batch. */
interface PendingReads {
  readonly source: EventSource;
  readonly reads: readonly RuleRead[];
  readonly text: string | undefined;
}

interface Pending {
  readonly event: EventDoc;
  readonly source: EventSource;
  readonly index: string | null;
  /** A second name the event is visible under (eventIndexAlias), or null. */
  readonly alias: string | null;
  readonly candidates: Uint8Array | undefined;
}

interface Counters {
  eventsSeen: number;
  eventsOfCategory: number;
  eventsMatched: number;
  eventsExcepted: number;
  eventsWithoutTimestamp: number;
  millis: number;
}

type FieldValues = ReturnType<FieldGetter>;

const DEFAULT_BATCH = 256;
const eventTimestamp = compileTimeField('@timestamp');

export function createDetector(entries: readonly RuleEntry[], options: DetectorOptions): Detector {
  const budget = new BufferBudget(options.stateBudget ?? STATE_BUDGET);
  const rules: DetectorRule[] = entries.map((entry, r) => {
    const check = options.checks?.[r];
    return prepareDetectorRule(entry, {
      now: options.now,
      budget,
      ...(check ? { check } : {}),
      ...(options.windowBufferLimit !== undefined ? { windowBufferLimit: options.windowBufferLimit } : {}),
    });
  });
  const counters: Counters[] = rules.map(() => ({ eventsSeen: 0, eventsOfCategory: 0, eventsMatched: 0, eventsExcepted: 0, eventsWithoutTimestamp: 0, millis: 0 }));
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  let batch: Pending[] = [];
  let events = 0;
  let eventsWithoutIndex = 0;
  let eventsWithoutTimestamp = 0;
  let eventsNotParsed = 0;
  let finished = false;
  // Each kept event's text goes to the keeper once, however many rules keep it.
  const keeper = options.keeper ?? KEEP_IN_MEMORY;
  const kept = new WeakMap<EventDoc, KeptText>();
  const keep = (event: EventDoc): KeptText => {
    let text = kept.get(event);
    if (text === undefined) kept.set(event, (text = keeper.keep(eventText(event))));
    return text;
  };

  // The rule program (rule-program.ts) picks the rules each event can trigger; rule-at-a-time
  // evaluation (every routed rule on every event) stays for tests and comparisons.
  const ruleAtATime = options.ruleAtATime === true;
  // With the program, rules are tried only on picked events, so routed and category counts are
  // tallied per index instead (seen-tally.ts), or per rule for events that come with a prefilter mask.
  const runnable = rules.map((rule) => (rule.status === 'ok' ? rule : undefined));
  // Compiled when the first event is pushed: a detector fed only readers' reads (pushReads, every
  // pooled scan) never uses it, and the whole library's program costs ~0.3 s to build.
  let byProgram: { readonly tally: SeenTally; readonly picks: PickBuckets } | undefined;
  const programmed = () => (byProgram ??= { tally: new SeenTally(runnable, options.ignoreIndex === true), picks: new PickBuckets(compileRuleProgram(rules.map(programTriggers)), rules.length) });

  // pushReads' events: each rule takes its reads of a batch in event order, rules in order, as runBatch runs them.
  let readBatch: PendingReads[] = [];
  const readBuckets: { e: number; read: RuleRead }[][] = rules.map(() => []);
  function runReadBatch(): void {
    const pending = readBatch;
    readBatch = [];
    const texts = pending.map(({ text }) => (text === undefined ? undefined : keeper.keep(text)));
    const touched: number[] = [];
    pending.forEach(({ reads }, e) => {
      for (const read of reads) {
        const bucket = readBuckets[read.rule]!;
        if (bucket.length === 0) touched.push(read.rule);
        bucket.push({ e, read });
      }
    });
    touched.sort((a, b) => a - b);
    for (const r of touched) {
      const evaluator = (rules[r] as RunnableRule).evaluator;
      const started = elapsedMillis();
      for (const { e, read } of readBuckets[r]!) evaluator.addRead(read.read, pending[e]!.source, read.index, read.time, texts[e]);
      counters[r]!.millis += elapsedMillis() - started;
      readBuckets[r]!.length = 0;
    }
  }

  function runBatch(): void {
    // Nothing pushed (a detector fed reads only, at finish): the rule program is not even compiled.
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    const categoryValues = categoryReader(pending);
    // `parts` (beside `events`): the rule's parts (sequence clauses) the program picked per event.
    const run = (rule: RunnableRule, r: number, events: readonly number[] | undefined, parts?: readonly number[]) => {
      const counter = counters[r]!;
      const started = elapsedMillis();
      const categories = rule.categories;
      const eventCategories = categories ? categoryValues(categories) : undefined;
      const count = events === undefined ? pending.length : events.length;
      for (let i = 0; i < count; i++) {
        const e = events === undefined ? i : events[i]!;
        const { event, source, index, alias, candidates } = pending[e]!;
        if (candidates !== undefined && candidates[r] !== 1) continue;
        // The rule's alert names the index it saw the event under.
        const seenAs = options.ignoreIndex || index === null ? index : routedIndex(rule.routes, index, alias);
        if (!options.ignoreIndex && index !== null && seenAs === null) continue;
        if (ruleAtATime) counter.eventsSeen++;
        if (categories !== undefined) {
          // Every EQL event query requires its category, so this count doubles as a cheap pre-test.
          if (categories !== null && !categories.includes(eventCategories![e]!)) continue;
          if (ruleAtATime) counter.eventsOfCategory++;
        }
        if (!(parts !== undefined && rule.matchesParts !== undefined ? rule.matchesParts(event, parts[i]!) : rule.matches(event))) continue;
        counter.eventsMatched++;
        if (rule.excepted(event)) {
          counter.eventsExcepted++;
          continue;
        }
        const time = rule.time(event);
        if (time === null) {
          counter.eventsWithoutTimestamp++;
          continue;
        }
        rule.evaluator.add(event, source, seenAs, time, keep);
      }
      counter.millis += elapsedMillis() - started;
    };
    if (ruleAtATime) {
      rules.forEach((rule, r) => {
        if (rule.status === 'ok') run(rule, r, undefined);
      });
      return;
    }
    programmed().picks.run(pending, (r, events, parts) => run(rules[r] as RunnableRule, r, events, parts));
  }

  return {
    rules: rules.map((rule) => {
      const { ruleId, name, type, status, messages } = rule;
      return { ruleId, name, type, status, messages, ...(rule.status === 'ok' ? { requires: rule.requires } : {}) };
    }),

    push(event, source, candidates) {
      if (finished) throw new Error('detector: push after finish');
      events++;
      const index = eventIndex(event, source.indexHint);
      if (index === null) eventsWithoutIndex++;
      if (eventTimestamp(event) === null) eventsWithoutTimestamp++;
      const alias = index === null ? null : eventIndexAlias(event, source.indexHint);
      if (!ruleAtATime) {
        const { tally } = programmed();
        if (candidates === undefined) tally.add(event, index, alias);
        else tally.addMasked(event, index, alias, candidates);
      }
      batch.push({ event, source, index, alias, candidates });
      if (batch.length >= batchSize) runBatch();
    },

    pushReads(source, reads, text) {
      if (finished) throw new Error('detector: push after finish');
      readBatch.push({ source, reads, text });
      if (readBatch.length >= batchSize) runReadBatch();
    },

    countNotParsed(count) {
      if (finished) throw new Error('detector: countNotParsed after finish');
      events += count;
      eventsNotParsed += count;
    },

    alertsSoFar() {
      // Progress asks at most every few hundred ms, so running the partial batch now costs nothing.
      if (!finished && batch.length > 0) runBatch();
      if (!finished && readBatch.length > 0) runReadBatch();
      let alerts = 0;
      let rulesDecidedAtEnd = 0;
      for (const rule of rules) {
        if (rule.status !== 'ok') continue;
        const count = rule.evaluator.alertsSoFar();
        if (count === undefined) rulesDecidedAtEnd++;
        else alerts += count;
      }
      return { alerts, rulesDecidedAtEnd };
    },

    async finish() {
      if (finished) throw new Error('detector: finish called twice');
      finished = true;
      runBatch();
      runReadBatch();
      if (byProgram !== undefined) {
        const { tally } = byProgram;
        counters.forEach((counter, r) => {
          const { eventsSeen, eventsOfCategory } = tally.counts(r);
          counter.eventsSeen += eventsSeen;
          counter.eventsOfCategory += eventsOfCategory;
        });
      }
      const outcomes: (RuleOutcome | undefined)[] = [];
      for (const [r, rule] of rules.entries()) {
        if (rule.status !== 'ok') {
          outcomes.push(undefined);
          continue;
        }
        const started = elapsedMillis();
        outcomes.push(await rule.evaluator.finish({ store: options.store }));
        counters[r]!.millis += elapsedMillis() - started;
      }
      const commitError = await commitState(options, outcomes);
      const totals = { events, eventsNotParsed, eventsWithoutIndex, eventsWithoutTimestamp };
      // A rule whose stored history was skipped lost this scan's terms as surely as a failed save.
      const problems = [...outcomes.flatMap((outcome) => (outcome?.stateSkipped !== undefined ? [outcome.stateSkipped] : [])), ...(commitError !== undefined ? [commitError] : [])];
      const result = assemble(rules, outcomes, counters, options, totals, commitError);
      return problems.length > 0 ? { ...result, stateError: problems.join('; ') } : result;
    },
  };
}

/** What the rule program knows of a rule: its triggers, part by part for a sequence; undefined when it does not run. */
export function programTriggers(rule: DetectorRule): Triggers | TriggerParts | undefined {
  if (rule.status !== 'ok') return undefined;
  return rule.triggerParts !== undefined ? { parts: rule.triggerParts } : rule.triggers;
}

/**
 * The category values of a batch's events, read once per category field however many EQL rules
 * share it (usually every one reads `event.category`).
 */
function categoryReader(pending: readonly Pending[]): (categories: EqlCategories) => readonly FieldValues[] {
  const byField = new Map<string, readonly FieldValues[]>();
  return ({ field, values }) => {
    let read = byField.get(field);
    if (read === undefined) byField.set(field, (read = pending.map(({ event }) => values(event))));
    return read;
  };
}

async function commitState(options: DetectorOptions, outcomes: readonly (RuleOutcome | undefined)[]): Promise<string | undefined> {
  const batches: RuleBatch[] = outcomes.flatMap((outcome) => (outcome?.stateBatch ? [outcome.stateBatch] : []));
  if (options.store === undefined || batches.length === 0) return undefined;
  try {
    await options.store.commit({ scanId: options.scanId, rules: batches });
    return undefined;
  } catch (error) {
    return `new-terms state was not saved: ${error instanceof Error ? error.message : String(error)}`;
  }
}

interface Ordered {
  readonly ruleId: string;
  readonly rule: RunnableRule;
  readonly detection: Detection;
  readonly uuid: string;
}

function assemble(
  rules: readonly DetectorRule[],
  outcomes: readonly (RuleOutcome | undefined)[],
  counters: readonly Counters[],
  options: DetectorOptions,
  totals: Omit<ScanStats, 'rules'>,
  stateError: string | undefined,
): DetectorResult {
  const ordered: Ordered[] = [];
  let alertCount = 0;
  const ruleStats: RuleScanStats[] = rules.map((rule, r) => {
    const { eventsOfCategory, ...counter } = counters[r]!;
    const outcome = outcomes[r];
    const base = {
      ruleId: rule.ruleId,
      name: rule.name,
      type: rule.type,
      status: rule.status,
      ...counter,
      ...(rule.status === 'ok' && rule.categories !== undefined ? { eventsOfCategory } : {}),
      millis: Math.round(counter.millis * 1000) / 1000,
      ...(rule.status === 'ok' ? runInfo(rule) : {}),
    };
    if (rule.status !== 'ok' || outcome === undefined) {
      return { ...base, duplicateEvents: 0, alerts: 0, alertsOverLimit: 0, alertsInScheduleGaps: 0, executions: 0, messages: rule.messages };
    }
    const { items, documents } = ruleAlerts(rule, outcome.detections, options);
    appendAll(ordered, items);
    alertCount += documents;
    const messages = [...rule.messages, ...outcome.messages, ...(stateError && outcome.stateBatch ? [stateError] : [])];
    return {
      ...base,
      duplicateEvents: outcome.duplicates,
      alerts: documents,
      alertsOverLimit: outcome.detections.filter((detection) => detection.fate === 'over-limit').length,
      alertsInScheduleGaps: outcome.detections.filter((detection) => detection.fate === 'schedule-gap').length,
      executions: outcome.executions,
      messages,
      ...(outcome.warnings !== undefined && outcome.warnings.length > 0 ? { warnings: outcome.warnings } : {}),
    };
  });
  ordered.sort((a, b) => a.detection.time - b.detection.time || compareText(a.ruleId, b.ruleId) || compareText(a.uuid, b.uuid));
  function* eachBuilt<T>(build: (prepared: PreparedRule, detection: Detection) => T[]): Generator<T> {
    const prepared = new Map<RunnableRule, PreparedRule>();
    for (const { rule, detection } of ordered) {
      let alertRule = prepared.get(rule);
      if (alertRule === undefined) prepared.set(rule, (alertRule = prepareAlertRuleOf(rule, options)));
      yield* build(alertRule, detection);
    }
  }
  const eachAlert = () => eachBuilt(detectionAlerts);
  let all: AlertDocument[] | undefined;
  return {
    get alerts() {
      return (all ??= [...eachAlert()]);
    },
    alertCount,
    eachAlert,
    eachAlertText: () => eachBuilt(detectionAlertTexts),
    stats: { ...totals, rules: ruleStats },
    detections: ordered.map(({ ruleId, detection }) => ({ ruleId, detection })),
    ...(stateError !== undefined ? { stateError } : {}),
  };
}

/** What a summary needs to explain a rule's silence: the fields it reads, and its time field when not `@timestamp`. */
function runInfo(rule: RunnableRule): Pick<RuleScanStats, 'fieldsRead' | 'timestampFields'> {
  const timeFields = ruleTimeFields(rule.entry.rule);
  return { fieldsRead: rule.fields, ...(timeFields.length === 1 && timeFields[0] === '@timestamp' ? {} : { timestampFields: timeFields }) };
}

const prepareAlertRuleOf = (rule: RunnableRule, options: DetectorOptions) => prepareAlertRule(rule.entry.rule, { now: options.now, ...(options.spaceId !== undefined ? { spaceId: options.spaceId } : {}) });

/**
 * A rule's detections that become alerts, each with the uuid of its first document (the output
 * order's last key), and how many documents they make, read without building the documents
 * (`eachAlert` builds them in output order).
 */
function ruleAlerts(rule: RunnableRule, detections: readonly Detection[], options: DetectorOptions): { items: Ordered[]; documents: number } {
  const kept = options.kibanaLimits ? detections.filter((detection) => detection.fate === 'created') : detections;
  if (kept.length === 0) return { items: [], documents: 0 };
  const prepared = prepareAlertRuleOf(rule, options);
  let documents = 0;
  const items = kept.flatMap((detection) => {
    const head = detectionHead(prepared, detection);
    if (head === undefined) return [];
    documents += head.documents;
    return [{ ruleId: rule.ruleId, rule, detection, uuid: head.uuid }];
  });
  return { items, documents };
}
