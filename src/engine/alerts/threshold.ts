import type { AlertDocumentBuilder } from './document.ts';
import { ancestorsOf, hitAlert, isOwnAlert, type Hit } from './hit-alert.ts';
import { eventAlertUuid } from './identity.ts';
import { ALERT_THRESHOLD_RESULT } from './fields.ts';
import { LOUPE_FIELD, loupeNotes } from './loupe-notes.ts';
import { recordFrom, setOwn } from '../json/own-record.ts';
import { normalizedThreshold } from './parameters.ts';
import type { PreparedRule } from './prepared-rule.ts';
import { sha256Hex } from './sha256.ts';
import { isoFromMillis } from './timestamps.ts';
import type { AlertDocument, AlertNotes } from './types.ts';

export type ThresholdTermValue = string | number | boolean;

/** One threshold bucket that reached the rule's `threshold.value` (and cardinality). */
export interface ThresholdBucket {
  /** The group-by values, in the rule's `threshold.field` order; empty without group-by fields. */
  readonly terms: readonly { readonly field: string; readonly value: ThresholdTermValue }[];
  /** Matching events in the bucket. */
  readonly count: number;
  /** Earliest and latest event time in the bucket (epoch ms). */
  readonly firstTime: number;
  readonly lastTime: number;
  /** Distinct values of the rule's cardinality field, when the rule has one. */
  readonly cardinality?: number;
  /**
   * Start of the execution that found the bucket (epoch ms). Kibana hashes it into the bucket id,
   * so the same bucket found again by a later execution is a different alert. Defaults to `now`.
   */
  readonly executionTime?: number;
}

/**
 * The alert of a threshold rule for one bucket, as Kibana's `transformBucketIntoHit` +
 * `wrapHits` build it (rule_types/threshold/bulk_create_threshold_signals.ts):
 * - the alert's source is only `@timestamp` = the bucket's *latest* event time (so
 *   `kibana.alert.original_time` is the latest event, not the earliest) and the group-by values
 *   as dotted top-level keys (`"host.name": "h1"`);
 * - `kibana.alert.threshold_result: {cardinality?, count, from, terms: [{field, value}]}` with
 *   `from` = the earliest event time;
 * - its one ancestor is the bucket: id = a hash of rule_id, execution time, group-by fields and
 *   the sorted values (Kibana: UUIDv5 of that text; Loupe: SHA-256 of the same text), index =
 *   the rule's index patterns joined with ",".
 */
export function buildThresholdAlert(prepared: PreparedRule, bucket: ThresholdBucket, notes?: AlertNotes): AlertDocument | undefined {
  return thresholdAlert(prepared, bucket, notes)?.finish();
}

/** `buildThresholdAlert`'s document before it is finished, as an object or as text. */
export function thresholdAlert(prepared: PreparedRule, bucket: ThresholdBucket, notes?: AlertNotes): AlertDocumentBuilder | undefined {
  const { hit, thresholdResult } = bucketHit(prepared, bucket);
  const builder = hitAlert(prepared, hit, thresholdAlertUuid(prepared, hit), true);
  return builder?.set(ALERT_THRESHOLD_RESULT, thresholdResult).set(LOUPE_FIELD, loupeNotes([], notes));
}

/** The uuid of the bucket's alert, without building it; undefined when there is none (group-by values naming this rule's own alert). */
export function thresholdAlertHead(prepared: PreparedRule, bucket: ThresholdBucket): string | undefined {
  const { hit } = bucketHit(prepared, bucket);
  return isOwnAlert(prepared, ancestorsOf(hit)) ? undefined : thresholdAlertUuid(prepared, hit);
}

function thresholdAlertUuid(prepared: PreparedRule, hit: Hit): string {
  return eventAlertUuid(prepared, hit.index, hit.id);
}

/** The hit Kibana's `transformBucketIntoHit` makes of a bucket, and its `threshold_result`. */
function bucketHit(prepared: PreparedRule, bucket: ThresholdBucket): { hit: Hit; thresholdResult: Record<string, unknown> } {
  const threshold = normalizedThreshold(prepared.rule);
  const fields = (threshold?.['field'] as string[] | undefined) ?? [];
  const cardinality = prepared.rule.threshold?.cardinality;
  const sortedValues = bucket.terms.map((term) => String(term.value)).sort();
  const executedAt = bucket.executionTime === undefined ? prepared.now : isoFromMillis(bucket.executionTime);
  const bucketId = sha256Hex(`${prepared.ruleId}${executedAt}${fields.join(',')}${sortedValues.join(',')}`);
  const index = prepared.indices.join(',');
  const source: Record<string, unknown> = {};
  setOwn(source, '@timestamp', isoFromMillis(bucket.lastTime));
  for (const term of bucket.terms) setOwn(source, term.field, term.value);
  const thresholdResult = recordFrom([
    [
      'cardinality',
      cardinality !== undefined && cardinality.length > 0 ? [{ field: cardinality[0]!.field, value: bucket.cardinality }] : undefined,
    ],
    ['count', bucket.count],
    ['from', isoFromMillis(bucket.firstTime) ?? prepared.now],
    ['terms', bucket.terms.map((term) => ({ field: term.field, value: term.value }))],
  ]);
  // Kibana puts threshold_result in the hit's source; it is then stripped and re-added as a kibana.alert field.
  setOwn(source, 'threshold_result', thresholdResult);
  return { hit: { index, id: bucketId, source }, thresholdResult };
}
