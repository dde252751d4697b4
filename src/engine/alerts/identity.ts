import { canonicalJson } from './canonical-json.ts';
import type { PreparedRule } from './prepared-rule.ts';
import { sha256Hex } from './sha256.ts';
import type { SourceEvent } from './types.ts';

const derivedIds = new WeakMap<object, string>();

/**
 * The `_id` an event is known by: its Elasticsearch `_id` when the input carried one, else
 * `loupe-` + SHA-256 of the event's canonical JSON (keys sorted), so the same event gets the same
 * id whichever file layout it came in. Two identical events in one index share an id, as a
 * re-ingested duplicate would in Kibana's eyes only if it had the same `_id`: Loupe then writes
 * one alert for both.
 */
export function eventIdentity(event: SourceEvent): string {
  if (event.id !== undefined) return event.id;
  let id = derivedIds.get(event.source);
  if (id === undefined) {
    id = `loupe-${sha256Hex(canonicalJson(event.source))}`;
    derivedIds.set(event.source, id);
  }
  return id;
}

/**
 * Records the identity already derived for another copy of `source`'s content (a buffered event
 * parsed again from its JSON text), so it is not hashed twice.
 */
export function rememberIdentity(source: object, id: string): void {
  derivedIds.set(source, id);
}

/**
 * Kibana's `generateId(_index, _id, String(_version), "<space>:<rule uuid>")`: SHA-256 of the
 * concatenation. Kibana's searches do not request versions, so `_version` is the text
 * `undefined`. With an exported event's real `_index` and `_id` and the rule's real `id`, this is
 * the very `kibana.alert.uuid` Kibana writes for a query or EQL event alert.
 */
export function eventAlertUuid(prepared: PreparedRule, index: string, id: string, extra = ''): string {
  return sha256Hex(`${index}${id}undefined${prepared.spaceId}:${prepared.ruleUuid}${extra}`);
}
