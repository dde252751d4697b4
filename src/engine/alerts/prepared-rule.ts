import { RULE_DEFAULTS, type Rule } from '../rules/model.ts';
import { ALERT_RULE_META } from './fields.ts';
import { ruleParameters, ruleValue } from './parameters.ts';
import { flattenWithPrefix } from './source-fields.ts';
import { isoFromMillis } from './timestamps.ts';
import { DEFAULT_KIBANA_VERSION, DEFAULT_SPACE_ID, type AlertRunContext } from './types.ts';
import { uuidFromText } from './uuid.ts';

/** The rule types Loupe writes alerts for, with the alerting framework's id and name for each. */
const RULE_TYPE_IDS = {
  query: { id: 'siem.queryRule', category: 'Custom Query Rule' },
  saved_query: { id: 'siem.savedQueryRule', category: 'Saved Query Rule' },
  eql: { id: 'siem.eqlRule', category: 'Event Correlation Rule' },
  new_terms: { id: 'siem.newTermsRule', category: 'New Terms Rule' },
  threshold: { id: 'siem.thresholdRule', category: 'Threshold Rule' },
} as const;

export type AlertRuleType = keyof typeof RULE_TYPE_IDS;

/**
 * Everything about a rule and its execution that is the same for each of its alerts, computed
 * once. Values are shared between the alerts of a run (as Kibana shares its params objects),
 * so treat them as read-only.
 */
export interface PreparedRule {
  readonly rule: Rule;
  readonly type: AlertRuleType;
  /** `kibana.alert.rule.uuid`: the rule's saved-object `id`, or an id derived from its `rule_id`. */
  readonly ruleUuid: string;
  readonly ruleId: string;
  readonly name: string;
  readonly severity: string;
  readonly riskScore: number;
  readonly spaceId: string;
  /** Execution time, ISO-8601: `@timestamp`, `kibana.alert.start`, ... */
  readonly now: string;
  readonly nowMillis: number;
  readonly indices: readonly string[];
  readonly publicBaseUrl: string | undefined;
  /** Entries Kibana's alerting framework puts first in every alert (`augmentAlerts`). */
  readonly frameworkEntries: readonly (readonly [string, unknown])[];
  /** `kibana.alert.rule.*` values of `buildAlertFields`, by field name. */
  readonly ruleFields: Readonly<Record<string, unknown>>;
  readonly metaEntries: readonly (readonly [string, unknown])[];
}

export function prepareRule(rule: Rule, context: AlertRunContext): PreparedRule {
  const type = alertRuleType(rule.type);
  const now = isoFromMillis(context.now);
  if (now === undefined) throw new RangeError(`alert time ${context.now} is not a valid epoch-millisecond time`);
  const ruleId = rule.rule_id ?? '';
  const ruleUuid = rule.id ?? uuidFromText(`loupe:rule:${ruleId}`);
  const spaceId = context.spaceId ?? DEFAULT_SPACE_ID;
  const parameters = ruleParameters(rule);
  const tags = rule.tags ?? [];
  const name = rule.name ?? '';
  const frameworkEntries: [string, unknown][] = [
    ['kibana.alert.rule.execution.timestamp', now],
    ['kibana.alert.start', now],
    ['kibana.alert.last_detected', now],
    ['kibana.version', context.kibanaVersion ?? DEFAULT_KIBANA_VERSION],
    ['kibana.alert.rule.parameters', parameters],
    ['kibana.alert.rule.category', RULE_TYPE_IDS[type].category],
    ['kibana.alert.rule.consumer', 'siem'],
    ['kibana.alert.rule.execution.uuid', uuidFromText(`loupe:execution:${ruleUuid}:${now}`)],
    ['kibana.alert.rule.name', name],
    ['kibana.alert.rule.producer', 'siem'],
    ['kibana.alert.rule.revision', rule.revision ?? 0],
    ['kibana.alert.rule.rule_type_id', RULE_TYPE_IDS[type].id],
    ['kibana.alert.rule.uuid', ruleUuid],
    ['kibana.space_ids', [spaceId]],
    ['kibana.alert.rule.tags', tags],
    ['@timestamp', now],
  ];
  const ruleFields: Record<string, unknown> = {
    parameters,
    actions: arrayOr(ruleValue(rule, 'actions')),
    author: parameters['author'],
    created_at: stringOr(ruleValue(rule, 'created_at'), now),
    created_by: stringOr(ruleValue(rule, 'created_by'), ''),
    description: rule.description,
    enabled: rule.enabled ?? true,
    exceptions_list: parameters['exceptions_list'],
    false_positives: parameters['false_positives'],
    from: parameters['from'],
    immutable: parameters['immutable'],
    interval: rule.interval ?? RULE_DEFAULTS.interval,
    indices: context.indices ?? rule.index ?? [],
    license: rule.license,
    max_signals: parameters['max_signals'],
    namespace: parameters['namespace'],
    note: rule.note,
    references: parameters['references'],
    risk_score_mapping: parameters['risk_score_mapping'],
    rule_id: rule.rule_id,
    rule_name_override: rule.rule_name_override,
    severity_mapping: parameters['severity_mapping'],
    tags,
    threat: parameters['threat'],
    timeline_id: parameters['timeline_id'],
    timeline_title: parameters['timeline_title'],
    timestamp_override: rule.timestamp_override,
    to: parameters['to'],
    type: rule.type,
    updated_at: stringOr(ruleValue(rule, 'updated_at'), now),
    updated_by: stringOr(ruleValue(rule, 'updated_by'), ''),
    uuid: ruleUuid,
    version: parameters['version'],
  };
  return {
    rule,
    type,
    ruleUuid,
    ruleId,
    name,
    severity: rule.severity ?? '',
    riskScore: rule.risk_score ?? 0,
    spaceId,
    now,
    nowMillis: context.now,
    indices: context.indices ?? rule.index ?? [],
    publicBaseUrl: context.publicBaseUrl,
    frameworkEntries,
    ruleFields,
    metaEntries: flattenWithPrefix(ALERT_RULE_META, rule.meta),
  };
}

function alertRuleType(type: string | undefined): AlertRuleType {
  if (type !== undefined && Object.prototype.hasOwnProperty.call(RULE_TYPE_IDS, type)) return type as AlertRuleType;
  throw new RangeError(`Loupe writes no alerts for rules of type ${type ?? '(none)'}`);
}

function arrayOr(value: unknown): unknown {
  return Array.isArray(value) ? value : [];
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
