import { getPath } from './source-path.ts';

/**
 * Per-alert rule overrides, as Kibana's `build_severity_from_mapping.ts`,
 * `build_risk_score_from_mapping.ts` and `build_rule_name_from_mapping.ts` compute them from the
 * source event (lodash-`get` semantics, see source-path.ts).
 */

export interface AlertOverrides {
  readonly ruleName: string;
  readonly severity: string;
  readonly riskScore: number;
}

const SEVERITY_ORDER: Readonly<Record<string, number>> = { low: 0, medium: 1, high: 2, critical: 3 };
const ECS_SEVERITY_FIELD = 'event.severity';

export function ruleNameOverride(source: unknown, ruleName: string, field: string | undefined): string {
  if (field === undefined) return ruleName;
  const value = getPath(source, field);
  return typeof value === 'string' ? value : ruleName;
}

/** The highest severity whose mapping matches; `event.severity` is compared as an integer. */
export function severityOverride(source: unknown, severity: string, mapping: readonly unknown[] | undefined): string {
  let best: string | undefined;
  for (const item of mapping ?? []) {
    const entry = item as { field?: unknown; value?: unknown; severity?: unknown };
    if (typeof entry.field !== 'string' || typeof entry.severity !== 'string') continue;
    const rank = SEVERITY_ORDER[entry.severity];
    if (rank === undefined) continue;
    if (!severityValueMatches(getPath(source, entry.field), entry.field, entry.value)) continue;
    // Kibana sorts the mapping low→high and keeps the last match: ties keep the later entry.
    if (best === undefined || rank >= SEVERITY_ORDER[best]!) best = entry.severity;
  }
  return best ?? severity;
}

function severityValueMatches(eventValue: unknown, field: string, mappingValue: unknown): boolean {
  const values = Array.isArray(eventValue) ? eventValue : [eventValue];
  if (field === ECS_SEVERITY_FIELD) {
    const wanted = Math.floor(Number(mappingValue));
    return values.some((value) => typeof value === 'number' && Number.isSafeInteger(value) && value === wanted);
  }
  const wanted = mappingValue as string;
  return values.some(
    (value) => (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) && String(value) === wanted,
  );
}

/** The largest value of the first mapping's field that is a number (or numeric text) in [0, 100]. */
export function riskScoreOverride(source: unknown, riskScore: number, mapping: readonly unknown[] | undefined): number {
  const first = mapping?.[0] as { field?: unknown } | undefined;
  if (first === undefined || typeof first.field !== 'string') return riskScore;
  const eventValue = getPath(source, first.field);
  let best = -1;
  for (const value of Array.isArray(eventValue) ? eventValue : [eventValue]) {
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    if (Number.isFinite(number) && number >= 0 && number <= 100 && number > best) best = number;
  }
  return best >= 0 ? best : riskScore;
}
