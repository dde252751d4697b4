import { hitAlert } from './hit-alert.ts';
import { eventAlertUuid, eventIdentity } from './identity.ts';
import { canonicalJson } from './canonical-json.ts';
import { ALERT_NEW_TERMS } from './fields.ts';
import { LOUPE_FIELD, loupeNotes } from './loupe-notes.ts';
import type { PreparedRule } from './prepared-rule.ts';
import type { AlertDocument, AlertNotes, SourceEvent } from './types.ts';

/**
 * The alert of a query, saved-query or non-sequence EQL rule for one matching event (Kibana's
 * `wrapHits`). Undefined when Kibana would write none (the event is this rule's own alert).
 */
export function buildEventAlert(prepared: PreparedRule, event: SourceEvent, notes?: AlertNotes): AlertDocument | undefined {
  const id = eventIdentity(event);
  const builder = hitAlert(prepared, { index: event.index, id, source: event.source }, eventAlertUuid(prepared, event.index, id), true);
  return builder?.set(LOUPE_FIELD, loupeNotes([event.location], notes)).finish();
}

export type NewTermValue = string | number | boolean | null;

/**
 * The alert of a new-terms rule for one new combination of values (Kibana's
 * `wrapNewTermsAlerts`): the event's alert plus `kibana.alert.new_terms` in field order. Kibana's
 * id is an `object-hash` of `[_index, _id, _version, "<space>:<rule>", newTerms]`; Loupe hashes
 * the same inputs with SHA-256 (see notes/alerts.md), so one event alerting on two new values
 * gets two ids.
 */
export function buildNewTermsAlert(
  prepared: PreparedRule,
  event: SourceEvent,
  newTerms: readonly NewTermValue[],
  notes?: AlertNotes,
): AlertDocument | undefined {
  const id = eventIdentity(event);
  const uuid = eventAlertUuid(prepared, event.index, id, canonicalJson(newTerms));
  const builder = hitAlert(prepared, { index: event.index, id, source: event.source }, uuid, true);
  return builder?.set(ALERT_NEW_TERMS, [...newTerms]).set(LOUPE_FIELD, loupeNotes([event.location], notes)).finish();
}
