import { compileFieldGetter } from '../fields/access.ts';
import { alertFieldEntries, type Ancestor } from './alert-fields.ts';
import { AlertDocumentBuilder } from './document.ts';
import { riskScoreOverride, ruleNameOverride, severityOverride } from './overrides.ts';
import type { PreparedRule } from './prepared-rule.ts';
import { buildReasonMessage } from './reason.ts';
import { isRecord } from '../json/own-record.ts';
import { getPath } from './source-path.ts';
import { alertSourceEntries } from './source-fields.ts';
import { originalTime } from './timestamps.ts';

/** A search hit as Kibana's `transformHitToAlert` receives it. */
export interface Hit {
  readonly index: string;
  readonly id: string;
  readonly source: Readonly<Record<string, unknown>>;
}

const timestampValues = compileFieldGetter('@timestamp');

/**
 * The alert Kibana's `transformHitToAlert` builds from one hit, before type-specific fields:
 * framework fields, then the hit's filtered source, then `buildAlertFields`. With
 * `applyOverrides` the rule's name/severity/risk-score mappings apply (they do not for EQL
 * building blocks). Returns undefined when Kibana would drop the alert: the hit is an alert this
 * same rule wrote (`wrapHits` never alerts on a rule's own alerts).
 */
export function hitAlert(prepared: PreparedRule, hit: Hit, uuid: string, applyOverrides: boolean): AlertDocumentBuilder | undefined {
  const ancestors = ancestorsOf(hit);
  if (isOwnAlert(prepared, ancestors)) return undefined;
  const rule = prepared.rule;
  const source = hit.source;
  const ruleName = applyOverrides ? ruleNameOverride(source, prepared.name, rule.rule_name_override) : prepared.name;
  const severity = applyOverrides ? severityOverride(source, prepared.severity, rule.severity_mapping) : prepared.severity;
  const riskScore = applyOverrides ? riskScoreOverride(source, prepared.riskScore, rule.risk_score_mapping) : prepared.riskScore;
  const parentDepth = ancestors[ancestors.length - 1]!.depth;
  return new AlertDocumentBuilder()
    .setAll(prepared.frameworkEntries)
    .setAll(alertSourceEntries(source))
    .setAll(
      alertFieldEntries(prepared, {
        uuid,
        ancestors,
        depth: parentDepth + 1,
        originalTime: originalTime(timestampValues(source)),
        reason: buildReasonMessage(ruleName, severity, source),
        ruleName,
        severity,
        riskScore,
      }),
    );
}

/** Whether the hit is an alert the rule itself wrote (`wrapHits` never alerts on those). */
export function isOwnAlert(prepared: PreparedRule, ancestors: readonly Ancestor[]): boolean {
  return ancestors.some((ancestor) => ancestor.rule === prepared.ruleUuid);
}

/**
 * Kibana's `buildAncestors`: the hit's own ancestors (when it is an alert) followed by the hit.
 * A hit is an alert when its source has `kibana.alert.uuid`. Entries of its ancestors that are not
 * objects describe no ancestor and are left out (Kibana would fail the rule run on a null one).
 */
export function ancestorsOf(hit: Hit): Ancestor[] {
  const source = hit.source;
  const isAlert = getPath(source, 'kibana.alert.uuid') !== undefined;
  if (!isAlert) return [{ id: hit.id, type: 'event', index: hit.index, depth: 0 }];
  const existing = getPath(source, 'kibana.alert.ancestors');
  const depth = getPath(source, 'kibana.alert.depth');
  const rule = getPath(source, 'kibana.alert.rule.uuid');
  return [
    ...(Array.isArray(existing) ? (existing.filter(isRecord) as unknown as Ancestor[]) : []),
    { id: hit.id, type: 'signal', index: hit.index, depth: typeof depth === 'number' ? depth : 1, rule: typeof rule === 'string' ? rule : undefined },
  ];
}
