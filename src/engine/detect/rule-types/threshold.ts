/**
 * Threshold rules, replayed execution by execution (rule_types/threshold/*):
 * - each execution aggregates its window's matching events by the group-by fields (composite
 *   `terms` sources: every value combination is a bucket; an event missing a field is in none;
 *   no fields: one bucket of everything) and keeps buckets with `count >= value` and, with a
 *   cardinality, `distinct(cardinality.field) >= cardinality.value` (only the first cardinality
 *   entry counts, as in Kibana);
 * - Kibana's signal history: a written alert records its bucket's terms and latest event time
 *   (`original_time` = the bucket's max timestamp); later executions exclude events at or before
 *   it that carry those terms (a `must_not` of `range <= last` AND `term` per field, so an event
 *   with several values is excluded when any of its combinations is in the history);
 * - buckets come in composite key order and `buckets.slice(0, max_signals)` are written.
 *
 * Buckets an execution could not write (beyond max_signals) do not enter Kibana's history, so a
 * later execution may still write them. Loupe reports such a bucket once, marked, for each
 * stretch of events not already reported that way; if a later execution writes the bucket, both
 * appear (the marked one shows the run that lost it).
 *
 * Memory: every matching event's time, bucket keys and cardinality values are buffered.
 */
import { compileFieldGetter } from '../../fields/access.ts';
import { keywordForm } from '../../fields/values.ts';
import type { Threshold } from '../../rules/model.ts';
import type { ThresholdDetection } from '../detection.ts';
import { DocumentSet } from '../document-set.ts';
import { compareByTime, eventRef, type EventRef } from '../event-ref.ts';
import { forEachBusyExecution, type Fate } from '../executions.ts';
import type { RuleSchedule } from '../schedule.ts';
import { combinationKeys, combinations, compareCombinations, compileTermFields, type TermCombination } from '../term-values.ts';
import type { RuleEvaluator, RuleOutcome } from './evaluator.ts';

interface ThresholdEntry {
  readonly ref: EventRef;
  readonly buckets: readonly { readonly key: string; readonly terms: TermCombination }[];
  readonly cardinalityValues: readonly string[];
}

interface Bucket {
  readonly terms: TermCombination;
  count: number;
  firstTime: number;
  lastTime: number;
  readonly distinct: Set<string>;
}

export function thresholdFields(threshold: Threshold): string[] {
  const field = threshold.field;
  return (typeof field === 'string' ? [field] : [...field]).filter((name) => name.trim() !== '');
}

export function createThresholdEvaluator(threshold: Threshold, schedule: RuleSchedule): RuleEvaluator {
  const fields = thresholdFields(threshold);
  const readTerms = compileTermFields(fields);
  const cardinality = threshold.cardinality?.[0];
  const readCardinality = cardinality === undefined ? undefined : compileFieldGetter(cardinality.field);
  let missingFields = 0;
  const documents = new DocumentSet<ThresholdEntry>((ref) => {
    const perField = readTerms(ref.event)!;
    const buckets = combinations(perField).map((terms) => ({ key: JSON.stringify(combinationKeys(terms)), terms }));
    const cardinalityValues = readCardinality ? [...new Set(readCardinality(ref.event).map(keywordForm))] : [];
    return { ref, buckets, cardinalityValues };
  });

  function qualifies(bucket: Bucket): boolean {
    if (bucket.count < threshold.value) return false;
    return cardinality === undefined || bucket.distinct.size >= cardinality.value;
  }

  return {
    add(event, source, index, time) {
      if (readTerms(event) === null) {
        missingFields++;
        return;
      }
      documents.add(eventRef(event, source, index, time));
    },

    // Buckets are judged per execution window, which needs every event first.
    alertsSoFar: () => undefined,
    async finish(): Promise<RuleOutcome> {
      const entries = documents.sorted((a, b) => compareByTime(a.ref, b.ref));
      const kibanaHistory = new Map<string, number>();
      const reportedOverLimit = new Map<string, number>();
      const detections: ThresholdDetection[] = [];
      const detection = (bucket: Bucket, fate: Fate, createdAt: number | null): ThresholdDetection => ({
        kind: 'threshold',
        bucket: {
          terms: fields.map((field, i) => ({ field, value: bucket.terms[i]!.value })),
          count: bucket.count,
          firstTime: bucket.firstTime,
          lastTime: bucket.lastTime,
          ...(cardinality !== undefined ? { cardinality: bucket.distinct.size } : {}),
        },
        time: bucket.lastTime,
        fate,
        createdAt,
      });

      const executions = forEachBusyExecution(
        entries.map((entry) => entry.ref.time),
        schedule,
        (execution, lo, hi) => {
          const buckets = new Map<string, Bucket>();
          for (let i = lo; i < hi; i++) {
            const entry = entries[i]!;
            const time = entry.ref.time;
            if (entry.buckets.some(({ key }) => time <= (kibanaHistory.get(key) ?? -Infinity))) continue;
            for (const { key, terms } of entry.buckets) {
              let bucket = buckets.get(key);
              if (bucket === undefined) buckets.set(key, (bucket = { terms, count: 0, firstTime: time, lastTime: time, distinct: new Set() }));
              bucket.count++;
              bucket.firstTime = Math.min(bucket.firstTime, time);
              bucket.lastTime = Math.max(bucket.lastTime, time);
              for (const value of entry.cardinalityValues) bucket.distinct.add(value);
            }
          }
          const ready = [...buckets.entries()].filter(([, bucket]) => qualifies(bucket));
          ready.sort(([, a], [, b]) => compareCombinations(a.terms, b.terms));
          ready.forEach(([key, bucket], position) => {
            if (position < schedule.maxSignals) {
              kibanaHistory.set(key, Math.max(kibanaHistory.get(key) ?? -Infinity, bucket.lastTime));
              detections.push(detection(bucket, 'created', execution.at));
            } else if (bucket.lastTime > (reportedOverLimit.get(key) ?? -Infinity)) {
              reportedOverLimit.set(key, bucket.lastTime);
              detections.push(detection(bucket, 'over-limit', null));
            }
          });
        },
      );
      const messages = missingFields > 0 ? [`${missingFields} matching events lack a value in one of ${fields.join(', ')} and are in no bucket`] : [];
      return { detections, executions, duplicates: documents.duplicates, messages };
    },
  };
}
