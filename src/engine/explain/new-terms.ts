/**
 * Why a new_terms alert is new: which combination of `new_terms_fields` values it alerted on
 * (the alert's `kibana.alert.new_terms`, in field order), when this event carried it, and the
 * history window in which no query-matching event had carried it (`[t - H, t)`, H from the rule's
 * `history_window_start`; see detect/rule-types/new-terms.ts).
 */
import { compileRuleTime } from '../detect/event-time.ts';
import { offsetBeforeNow } from '../detect/schedule.ts';
import type { EventDoc } from '../query/event.ts';
import type { Rule } from '../rules/model.ts';

export type NewTermValue = string | number | boolean | null;

export interface NewTermsReason {
  /** The new combination: each of the rule's `new_terms_fields` with its value. */
  readonly terms: readonly { readonly field: string; readonly value: NewTermValue }[];
  /** The event's time in the rule's time field (ISO): the combination's first sighting in the window. */
  readonly firstSeen: string;
  /** The rule's `history_window_start`, as written (`now-7d`). */
  readonly historyWindowStart: string;
  /** Start of the window that had no earlier sighting (ISO): `firstSeen` minus the window. */
  readonly historySince: string;
}

const isTermValue = (value: unknown): value is NewTermValue => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/**
 * Null when the rule is not a new_terms rule or the alert's terms do not fit its fields (an alert
 * from another version of the rule), or the event has no time or the window cannot be read (no
 * alert would have been raised then).
 */
export function explainNewTerms(rule: Rule, event: EventDoc, newTerms: unknown): NewTermsReason | null {
  const fields = rule.new_terms_fields ?? [];
  if (rule.type !== 'new_terms' || !Array.isArray(newTerms) || newTerms.length !== fields.length || fields.length === 0) return null;
  if (!newTerms.every(isTermValue)) return null;
  const historyWindowStart = rule.history_window_start ?? '';
  const historyMs = offsetBeforeNow(historyWindowStart);
  const time = compileRuleTime(rule)(event);
  if (historyMs === undefined || time === null) return null;
  return {
    terms: fields.map((field, index) => ({ field, value: newTerms[index] as NewTermValue })),
    firstSeen: new Date(time).toISOString(),
    historyWindowStart,
    historySince: new Date(time - historyMs).toISOString(),
  };
}
