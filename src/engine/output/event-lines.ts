/**
 * ECS events as text for loading into Elasticsearch: NDJSON (one event per line), or `_bulk`
 * request lines. Bulk actions are `create` (the only operation a data stream accepts) into the
 * event's index as the rules route it: the `_index` the input carried, else its data stream
 * (`data_stream.{type,dataset,namespace}`), else FALLBACK_INDEX. An input `_id` is kept, so
 * alerts from the loaded events get the ids Loupe's alerts have.
 */
import type { EventSource } from '../detect/contract.ts';
import { stringifyJson } from '../json/stringify.ts';
import type { EventDoc } from '../query/event.ts';
import { eventIndex } from '../router/event-index.ts';

/** Fleet's generic logs data stream (index template `logs-*-*`): for events that name none. */
export const FALLBACK_INDEX = 'logs-generic-default';

export function formatEventLine(event: EventDoc): string {
  return `${stringifyJson(event)}\n`;
}

export function formatBulkEvent(event: EventDoc, source?: Pick<EventSource, 'indexHint' | 'idHint'>): string {
  const index = eventIndex(event, source?.indexHint) ?? FALLBACK_INDEX;
  const action = { create: { _index: index, ...(source?.idHint !== undefined ? { _id: source.idHint } : {}) } };
  return `${JSON.stringify(action)}\n${stringifyJson(event)}\n`;
}
