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
import { prepareRule as prepareAlertRule, type AlertDocument } from '../alerts/index.ts';
import type { EventDoc } from '../query/event.ts';
import { eventIndex } from '../router/event-index.ts';
import type { RuleBatch } from '../state/model.ts';
import type { NewTermsStore } from '../state/store.ts';
import type { RuleEntry } from '../rules/model.ts';
import { elapsedMillis } from './clock.ts';
import type { EventSource, RuleScanStats, ScanStats } from './contract.ts';
import type { Detection } from './detection.ts';
import { compareText } from './event-ref.ts';
import { compileTimeField } from './event-time.ts';
import { prepareDetectorRule, type DetectorRule, type RunnableRule } from './prepare-rule.ts';
import type { RuleOutcome } from './rule-types/evaluator.ts';
import { detectionAlerts } from './to-alerts.ts';

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
}

/** A rule as the detector sees it: whether it runs, and why not. */
export interface DetectorRuleStatus {
  readonly ruleId: string;
  readonly name: string;
  readonly type: string;
  readonly status: 'ok' | 'error' | 'unsupported';
  readonly messages: readonly string[];
}

export interface DetectorResult {
  readonly alerts: AlertDocument[];
  readonly stats: ScanStats;
  /** The detections behind the alerts, in output order (kibanaLimits applied). */
  readonly detections: readonly { readonly ruleId: string; readonly detection: Detection }[];
  /** Why the new-terms state could not be saved, when it could not; the alerts are still valid. */
  readonly stateError?: string;
}

export interface Detector {
  readonly rules: readonly DetectorRuleStatus[];
  push(event: EventDoc, source: EventSource): void;
  finish(): Promise<DetectorResult>;
}

interface Pending {
  readonly event: EventDoc;
  readonly source: EventSource;
  readonly index: string | null;
}

interface Counters {
  eventsSeen: number;
  eventsMatched: number;
  eventsExcepted: number;
  eventsWithoutTimestamp: number;
  millis: number;
}

const DEFAULT_BATCH = 256;
const eventTimestamp = compileTimeField('@timestamp');

export function createDetector(entries: readonly RuleEntry[], options: DetectorOptions): Detector {
  const rules: DetectorRule[] = entries.map((entry) => prepareDetectorRule(entry, { now: options.now }));
  const counters: Counters[] = rules.map(() => ({ eventsSeen: 0, eventsMatched: 0, eventsExcepted: 0, eventsWithoutTimestamp: 0, millis: 0 }));
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  let batch: Pending[] = [];
  let events = 0;
  let eventsWithoutIndex = 0;
  let eventsWithoutTimestamp = 0;
  let finished = false;

  function runBatch(): void {
    const pending = batch;
    batch = [];
    rules.forEach((rule, r) => {
      if (rule.status !== 'ok') return;
      const counter = counters[r]!;
      const started = elapsedMillis();
      for (const { event, source, index } of pending) {
        if (!options.ignoreIndex && index !== null && !rule.routes(index)) continue;
        counter.eventsSeen++;
        if (!rule.matches(event)) continue;
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
        rule.evaluator.add(event, source, index, time);
      }
      counter.millis += elapsedMillis() - started;
    });
  }

  return {
    rules: rules.map(({ ruleId, name, type, status, messages }) => ({ ruleId, name, type, status, messages })),

    push(event, source) {
      if (finished) throw new Error('detector: push after finish');
      events++;
      const index = eventIndex(event, source.indexHint);
      if (index === null) eventsWithoutIndex++;
      if (eventTimestamp(event) === null) eventsWithoutTimestamp++;
      batch.push({ event, source, index });
      if (batch.length >= batchSize) runBatch();
    },

    async finish() {
      if (finished) throw new Error('detector: finish called twice');
      finished = true;
      runBatch();
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
      const stateError = await commitState(options, outcomes);
      return assemble(rules, outcomes, counters, options, { events, eventsWithoutIndex, eventsWithoutTimestamp }, stateError);
    },
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
  readonly detection: Detection;
  readonly documents: AlertDocument[];
  readonly uuid: string;
}

function assemble(
  rules: readonly DetectorRule[],
  outcomes: readonly (RuleOutcome | undefined)[],
  counters: readonly Counters[],
  options: DetectorOptions,
  totals: { events: number; eventsWithoutIndex: number; eventsWithoutTimestamp: number },
  stateError: string | undefined,
): DetectorResult {
  const ordered: Ordered[] = [];
  const ruleStats: RuleScanStats[] = rules.map((rule, r) => {
    const counter = counters[r]!;
    const outcome = outcomes[r];
    const base = { ruleId: rule.ruleId, name: rule.name, type: rule.type, status: rule.status, ...counter, millis: Math.round(counter.millis * 1000) / 1000 };
    if (rule.status !== 'ok' || outcome === undefined) {
      return { ...base, duplicateEvents: 0, alerts: 0, alertsOverLimit: 0, alertsInScheduleGaps: 0, executions: 0, messages: rule.messages };
    }
    const documents = ruleAlerts(rule, outcome.detections, options);
    ordered.push(...documents);
    const messages = [...rule.messages, ...outcome.messages, ...(stateError && outcome.stateBatch ? [stateError] : [])];
    return {
      ...base,
      duplicateEvents: outcome.duplicates,
      alerts: documents.reduce((sum, item) => sum + item.documents.length, 0),
      alertsOverLimit: outcome.detections.filter((detection) => detection.fate === 'over-limit').length,
      alertsInScheduleGaps: outcome.detections.filter((detection) => detection.fate === 'schedule-gap').length,
      executions: outcome.executions,
      messages,
    };
  });
  ordered.sort((a, b) => a.detection.time - b.detection.time || compareText(a.ruleId, b.ruleId) || compareText(a.uuid, b.uuid));
  return {
    alerts: ordered.flatMap((item) => item.documents),
    stats: { ...totals, rules: ruleStats },
    detections: ordered.map(({ ruleId, detection }) => ({ ruleId, detection })),
    ...(stateError !== undefined ? { stateError } : {}),
  };
}

function ruleAlerts(rule: RunnableRule, detections: readonly Detection[], options: DetectorOptions): Ordered[] {
  const kept = options.kibanaLimits ? detections.filter((detection) => detection.fate === 'created') : detections;
  if (kept.length === 0) return [];
  const prepared = prepareAlertRule(rule.entry.rule, { now: options.now, ...(options.spaceId !== undefined ? { spaceId: options.spaceId } : {}) });
  return kept.flatMap((detection) => {
    const documents = detectionAlerts(prepared, detection);
    if (documents.length === 0) return [];
    const uuid = documents[0]!['kibana.alert.uuid'];
    return [{ ruleId: rule.ruleId, detection, documents, uuid: typeof uuid === 'string' ? uuid : '' }];
  });
}
