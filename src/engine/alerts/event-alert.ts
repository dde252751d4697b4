import type { AlertDocumentBuilder } from './document.ts';
import { ancestorsOf, hitAlert, isOwnAlert } from './hit-alert.ts';
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
  return eventAlert(prepared, event, notes)?.finish();
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
  return eventAlert(prepared, event, notes, newTerms)?.finish();
}

/** The document of `buildEventAlert` (of `buildNewTermsAlert` with `newTerms`) before it is finished, as an object or as text. */
export function eventAlert(prepared: PreparedRule, event: SourceEvent, notes?: AlertNotes, newTerms?: readonly NewTermValue[]): AlertDocumentBuilder | undefined {
  const id = eventIdentity(event);
  const builder = hitAlert(prepared, { index: event.index, id, source: event.source }, alertUuid(prepared, event.index, id, newTerms), true);
  if (newTerms !== undefined) builder?.set(ALERT_NEW_TERMS, [...newTerms]);
  return builder?.set(LOUPE_FIELD, loupeNotes([event.location], notes));
}

/**
 * The uuid of the alert `eventAlert` writes for the event, without building it; undefined when it
 * writes none.
 */
export function eventAlertHead(prepared: PreparedRule, event: SourceEvent, newTerms?: readonly NewTermValue[]): string | undefined {
  const id = eventIdentity(event);
  if (isOwnAlert(prepared, ancestorsOf({ index: event.index, id, source: event.source }))) return undefined;
  return alertUuid(prepared, event.index, id, newTerms);
}

function alertUuid(prepared: PreparedRule, index: string, id: string, newTerms: readonly NewTermValue[] | undefined): string {
  return newTerms === undefined ? eventAlertUuid(prepared, index, id) : eventAlertUuid(prepared, index, id, canonicalJson(newTerms));
}
