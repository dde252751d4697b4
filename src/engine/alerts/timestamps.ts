import { dateForm } from '../fields/values.ts';

/** The largest |epoch ms| a JavaScript Date (and so `toISOString`) accepts. */
const MAX_DATE_MS = 8.64e15;

/** ISO-8601 text of an epoch-millisecond time, or undefined when it is not a representable date. */
export function isoFromMillis(ms: number): string | undefined {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : undefined;
}

/**
 * `kibana.alert.original_time` of a source document: its first `@timestamp` value read as an
 * Elasticsearch date (`strict_date_optional_time||epoch_millis`), in ISO form. Kibana reads
 * `@timestamp` here even when the rule has a `timestamp_override`.
 */
export function originalTime(values: readonly (string | number | boolean)[]): string | undefined {
  const first = values[0];
  if (first === undefined) return undefined;
  const ms = dateForm(first);
  return ms === null ? undefined : isoFromMillis(ms);
}
