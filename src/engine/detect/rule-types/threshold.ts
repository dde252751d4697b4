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
 * Memory: a threshold alert carries only its bucket (terms, count, first and last time,
 * cardinality), never an event, so each matching event is kept as a mark in a window buffer
 * (window-buffer.ts `addMark`): its time, its copy key (copies of one document count once) and
 * what it counts for (bucket keys and cardinality values; one shared object per bucket when the
 * rule has no cardinality and the event is in one bucket), with no provenance or object of its
 * own; executions are judged in time order through that buffer, which forgets events no window
 * still to be judged holds once it reaches its cap. Kibana's history and the over-limit marks keep one entry per
 * bucket, dropped once every event it could exclude has left the buffer.
 */
import { compileFieldGetter } from '../../fields/access.ts';
import { keywordForm } from '../../fields/values.ts';
import type { Threshold } from '../../rules/model.ts';
import type { ThresholdDetection } from '../detection.ts';
import { copyKey, type DocumentRef } from '../event-ref.ts';
import type { MarkWindow } from '../mark-log.ts';
import type { Fate } from '../executions.ts';
import type { RuleSchedule } from '../schedule.ts';
import { combinationKeys, combinations, compareCombinations, compileTermFields, type TermCombination } from '../term-values.ts';
import { capMessages, WINDOW_BUFFER_LIMIT, WindowBuffer, type BufferBudget } from '../window-buffer.ts';
import { splitEvaluator, type RuleEvaluator, type RuleOutcome } from './evaluator.ts';

interface BucketRef {
  readonly key: string;
  readonly terms: TermCombination;
}

/** What a matching event counts for (its mark's value in the window buffer). */
interface Counted {
  readonly buckets: readonly BucketRef[];
  readonly cardinalityValues: readonly string[];
}

/** What `read` takes of a matching event. */
interface ThresholdRead {
  readonly copyKey: string;
  readonly counted: Counted;
}

interface Bucket {
  readonly terms: TermCombination;
  count: number;
  firstTime: number;
  lastTime: number;
  readonly distinct: Set<string>;
}

const NO_VALUES: readonly string[] = [];
const BUCKETS_KEPT = 10_000;

export function thresholdFields(threshold: Threshold): string[] {
  const field = threshold.field;
  return (typeof field === 'string' ? [field] : [...field]).filter((name) => name.trim() !== '');
}

/** `bufferLimit`: events buffered before executions are judged early (default WINDOW_BUFFER_LIMIT); `budget`: the scan's shared one. */
export function createThresholdEvaluator(threshold: Threshold, schedule: RuleSchedule, bufferLimit = WINDOW_BUFFER_LIMIT, budget?: BufferBudget): RuleEvaluator {
  const fields = thresholdFields(threshold);
  const readTerms = compileTermFields(fields);
  const cardinality = threshold.cardinality?.[0];
  const readCardinality = cardinality === undefined ? undefined : compileFieldGetter(cardinality.field);
  let missingFields = 0;
  /** Kibana's signal history: per bucket key, the latest event time of the alerts written for it. */
  const kibanaHistory = new Map<string, number>();
  /** Per bucket key, the latest event time of the marked over-limit detections already reported. */
  const reportedOverLimit = new Map<string, number>();
  const detections: ThresholdDetection[] = [];
  /**
   * What an event in one bucket counts for, without cardinality: shared by every event of that
   * bucket (bucket keys recur on event after event; a key's terms are a function of it), so
   * buffered marks hold no objects of their own: in `read`, and again in `addRead` for reads
   * made in another thread (structured cloning made them copies). Forgotten past BUCKETS_KEPT keys.
   */
  const shared = new Map<string, Counted>();
  const sharedCounted = (bucketKey: string, make: () => Counted): Counted => {
    let counted = shared.get(bucketKey);
    if (counted === undefined) {
      if (shared.size >= BUCKETS_KEPT) shared.clear();
      shared.set(bucketKey, (counted = make()));
    }
    return counted;
  };
  const sharing = readCardinality === undefined;

  function qualifies(bucket: Bucket): boolean {
    if (bucket.count < threshold.value) return false;
    return cardinality === undefined || bucket.distinct.size >= cardinality.value;
  }

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

  /** The window's buckets: its events' counts, not those Kibana's signal history excludes. */
  function bucketsOf(marks: MarkWindow<Counted>): Map<string, Bucket> {
    const buckets = new Map<string, Bucket>();
    marks.forEach((time, _unused, counted) => {
      if (counted.buckets.some(({ key }) => time <= (kibanaHistory.get(key) ?? -Infinity))) return;
      for (const { key, terms } of counted.buckets) {
        let bucket = buckets.get(key);
        if (bucket === undefined) buckets.set(key, (bucket = { terms, count: 0, firstTime: time, lastTime: time, distinct: new Set() }));
        bucket.count++;
        bucket.firstTime = Math.min(bucket.firstTime, time);
        bucket.lastTime = Math.max(bucket.lastTime, time);
        for (const value of counted.cardinalityValues) bucket.distinct.add(value);
      }
    });
    return buckets;
  }

  // Every event is a mark: the buffer holds no documents.
  const buffer = new WindowBuffer<{ readonly ref: DocumentRef }, Counted>({
    schedule,
    entry: (ref) => ({ ref }),
    limit: bufferLimit,
    ...(budget !== undefined ? { budget } : {}),
    judge(execution, _documents, marks) {
      const buckets = bucketsOf(marks);
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
    forget(before) {
      // An entry at or before `before` can exclude or outdate only events no window still holds.
      for (const marks of [kibanaHistory, reportedOverLimit]) for (const [key, time] of marks) if (time < before) marks.delete(key);
    },
  });

  return splitEvaluator({
    // An event in no bucket is only counted; a threshold alert holds no event.
    read(event, source, index): ThresholdRead | null {
      const perField = readTerms(event);
      if (perField === null) return null;
      const combined = combinations(perField);
      const key = copyKey(event, source, index);
      if (combined.length === 1 && sharing) {
        const terms = combined[0]!;
        const bucketKey = JSON.stringify(combinationKeys(terms));
        return { copyKey: key, counted: sharedCounted(bucketKey, () => ({ buckets: [{ key: bucketKey, terms }], cardinalityValues: NO_VALUES })) };
      }
      const buckets = combined.map((terms) => ({ key: JSON.stringify(combinationKeys(terms)), terms }));
      const cardinalityValues = readCardinality ? [...new Set(readCardinality(event).map(keywordForm))] : NO_VALUES;
      return { copyKey: key, counted: { buckets, cardinalityValues } };
    },
    keepsEvent: () => false,
    addRead(read, _source, _index, time) {
      if (read === null) missingFields++;
      else buffer.addMark(time, 0, sharing && read.counted.buckets.length === 1 ? sharedCounted(read.counted.buckets[0]!.key, () => read.counted) : read.counted, read.copyKey);
    },

    // Buckets are judged per execution window, which needs every event first.
    alertsSoFar: () => undefined,
    async finish(): Promise<RuleOutcome> {
      buffer.finish();
      const messages = missingFields > 0 ? [`${missingFields} matching events lack a value in one of ${fields.join(', ')} and are in no bucket`] : [];
      const warnings = capMessages('threshold', 'threshold alerts may be missed or miscounted', buffer);
      return { detections, executions: buffer.executions, duplicates: buffer.duplicates, messages: [...messages, ...warnings], warnings };
    },
  });
}
