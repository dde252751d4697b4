/**
 * A buffered event: what a rule keeps of an event it may alert on. Identity follows the alert
 * builders (`eventIdentity`: the `_id` an export carried, else a hash of the event's canonical
 * JSON), so two copies of one event (the same file read twice, overlapping archives) are one
 * document and give one alert, as the same `_id` would in Elasticsearch.
 */
import { eventIdentity } from '../alerts/identity.ts';
import type { SourceEvent } from '../alerts/types.ts';
import type { EventDoc } from '../query/event.ts';
import type { EventSource } from './contract.ts';

export interface EventRef {
  readonly event: EventDoc;
  readonly source: EventSource;
  /** The event's index (`_index` hint or derived); null when unknown. */
  readonly index: string | null;
  /** The rule's event time (epoch ms). */
  readonly time: number;
  /** `_index` + NUL + `_id` (given or derived): equal for copies of one document. */
  readonly key: string;
}

export function sourceEvent(event: EventDoc, source: EventSource, index: string | null): SourceEvent {
  return {
    source: event,
    index: index ?? '',
    ...(source.idHint !== undefined ? { id: source.idHint } : {}),
    location: { file: source.file, line: source.line },
  };
}

export function eventRef(event: EventDoc, source: EventSource, index: string | null, time: number): EventRef {
  const key = `${index ?? ''}\u0000${eventIdentity(sourceEvent(event, source, index))}`;
  return { event, source, index, time, key };
}

export function toSourceEvent(ref: EventRef): SourceEvent {
  return sourceEvent(ref.event, ref.source, ref.index);
}

/** Code-unit order, for keys and file names (locale-independent). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Search order: time, then document identity (Elasticsearch breaks timestamp ties by shard and doc, unknowable offline). */
export function compareByTime(a: EventRef, b: EventRef): number {
  return a.time - b.time || compareText(a.key, b.key);
}

/** Of two copies of one document, the one whose provenance is reported: the first by file, then line. */
export function preferredCopy(a: EventRef, b: EventRef): EventRef {
  const byFile = compareText(a.source.file, b.source.file);
  if (byFile !== 0) return byFile < 0 ? a : b;
  return a.source.line <= b.source.line ? a : b;
}
