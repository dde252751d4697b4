/**
 * The time a rule's searches see for an event. Kibana's range filter runs on `timestamp_override`
 * when the rule has one and, unless `timestamp_override_fallback_disabled`, falls back to
 * `@timestamp` for documents without the override field (rule_types/utils/build_events_query.ts).
 * Values are read as the `date` type indexes them; an event whose field holds no parseable date
 * is never inside a time range.
 */
import { compileFieldGetter } from '../fields/access.ts';
import { dateForm } from '../fields/values.ts';
import type { EventDoc } from '../query/event.ts';
import type { Rule } from '../rules/model.ts';

export type EventTimeReader = (event: EventDoc) => number | null;

const TIMESTAMP = '@timestamp';

/** Epoch ms of a field's first value, or null. */
export function compileTimeField(field: string): EventTimeReader {
  const values = compileFieldGetter(field);
  return (event) => {
    const first = values(event)[0];
    return first === undefined ? null : dateForm(first);
  };
}

/** The fields `compileRuleTime` reads, in the order it tries them. */
export function ruleTimeFields(rule: Rule): string[] {
  const override = rule.timestamp_override;
  if (override === undefined || override === '' || override === TIMESTAMP) return [TIMESTAMP];
  return rule.timestamp_override_fallback_disabled === true ? [override] : [override, TIMESTAMP];
}

export function compileRuleTime(rule: Rule): EventTimeReader {
  const override = rule.timestamp_override;
  if (override === undefined || override === '' || override === TIMESTAMP) return compileTimeField(TIMESTAMP);
  const primary = compileFieldGetter(override);
  const primaryTime = compileTimeField(override);
  if (rule.timestamp_override_fallback_disabled === true) return primaryTime;
  const fallback = compileTimeField(TIMESTAMP);
  // Fallback applies only when the override field is absent; a present but unparseable value is no date.
  return (event) => (primary(event).length > 0 ? primaryTime(event) : fallback(event));
}
