/**
 * Event order as Elasticsearch EQL sorts hits: `@timestamp`, then the optional tiebreaker field
 * (missing tiebreakers last), then arrival order (ES's implicit `_shard_doc` tiebreaker).
 */
import { compileFieldGetter } from '../fields/access.ts';
import { dateForm } from '../fields/values.ts';
import type { EventDoc } from '../query/event.ts';
import { compareValues } from './values.ts';

export interface Ordinal {
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly tiebreaker: string | number | boolean | null;
  /** Arrival position, the last resort. */
  readonly index: number;
}

export function compareOrdinals(a: Ordinal, b: Ordinal): number {
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  if (a.tiebreaker !== b.tiebreaker) {
    if (a.tiebreaker === null) return 1;
    if (b.tiebreaker === null) return -1;
    const order = compareValues(a.tiebreaker, b.tiebreaker) ?? String(a.tiebreaker).localeCompare(String(b.tiebreaker));
    if (order !== 0) return order;
  }
  return a.index - b.index;
}

/** Reads an event's ordinal; null when it has no usable timestamp (such events never match EQL). */
export type OrdinalReader = (event: EventDoc, index: number) => Ordinal | null;

export function compileOrdinalReader(timestampField: string, tiebreakerField: string | undefined): OrdinalReader {
  const timestamps = compileFieldGetter(timestampField);
  const tiebreakers = tiebreakerField === undefined ? undefined : compileFieldGetter(tiebreakerField);
  return (event, index) => {
    const raw = timestamps(event)[0];
    const timestamp = raw === undefined ? null : dateForm(raw);
    if (timestamp === null) return null;
    return { timestamp, tiebreaker: tiebreakers?.(event)[0] ?? null, index };
  };
}
