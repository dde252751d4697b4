import { RULE_DEFAULTS, type Rule } from '../rules/model.ts';
import { recordFrom } from '../json/own-record.ts';

/**
 * `kibana.alert.rule.parameters`: the rule's params in snake_case, in the key order of Kibana's
 * `commonParamsCamelToSnake` + `typeSpecificCamelToSnake` (rule_management/normalization), with
 * the defaults Kibana fills in when a rule is created or imported. Keys with no value are left
 * out, as JSON serialisation leaves out Kibana's undefined ones.
 */
export function ruleParameters(rule: Rule): Record<string, unknown> {
  const value = (key: string): unknown => ruleValue(rule, key);
  const common: [string, unknown][] = [
    ['description', rule.description],
    ['risk_score', rule.risk_score],
    ['severity', rule.severity],
    ['building_block_type', rule.building_block_type],
    ['namespace', value('namespace')],
    ['note', rule.note],
    ['license', rule.license],
    ['timeline_id', value('timeline_id')],
    ['timeline_title', value('timeline_title')],
    ['meta', rule.meta],
    ['rule_name_override', rule.rule_name_override],
    ['timestamp_override', rule.timestamp_override],
    ['timestamp_override_fallback_disabled', rule.timestamp_override_fallback_disabled],
    ['investigation_fields', rule.investigation_fields],
    ['author', rule.author ?? []],
    ['false_positives', rule.false_positives ?? []],
    ['from', rule.from ?? RULE_DEFAULTS.from],
    ['rule_id', rule.rule_id],
    ['max_signals', rule.max_signals ?? RULE_DEFAULTS.max_signals],
    ['risk_score_mapping', rule.risk_score_mapping ?? []],
    ['severity_mapping', rule.severity_mapping ?? []],
    ['threat', rule.threat ?? []],
    ['to', rule.to ?? RULE_DEFAULTS.to],
    ['references', rule.references ?? []],
    ['version', rule.version ?? 1],
    ['exceptions_list', rule.exceptions_list ?? []],
    ['immutable', rule.immutable ?? false],
    ['rule_source', value('rule_source') ?? defaultRuleSource(rule)],
    ['related_integrations', value('related_integrations') ?? []],
    ['required_fields', value('required_fields') ?? []],
    ['setup', rule.setup ?? ''],
  ];
  return recordFrom([...common, ...typeSpecific(rule, value)]);
}

function typeSpecific(rule: Rule, value: (key: string) => unknown): [string, unknown][] {
  const responseActions = value('response_actions');
  switch (rule.type) {
    case 'eql':
      return [
        ['type', rule.type],
        ['language', rule.language ?? 'eql'],
        ['index', rule.index],
        ['data_view_id', rule.data_view_id],
        ['query', rule.query],
        ['filters', rule.filters],
        ['timestamp_field', value('timestamp_field')],
        ['event_category_override', rule.event_category_override],
        ['tiebreaker_field', rule.tiebreaker_field],
        ['alert_suppression', rule.alert_suppression],
        ['response_actions', responseActions],
      ];
    case 'new_terms':
      return [
        ['type', rule.type],
        ['query', rule.query],
        ['new_terms_fields', rule.new_terms_fields],
        ['history_window_start', rule.history_window_start],
        ['index', rule.index],
        ['filters', rule.filters],
        ['language', rule.language ?? 'kuery'],
        ['data_view_id', rule.data_view_id],
        ['alert_suppression', rule.alert_suppression],
        ['response_actions', responseActions],
      ];
    case 'threshold':
      return [
        ['type', rule.type],
        ['language', rule.language ?? 'kuery'],
        ['index', rule.index],
        ['data_view_id', rule.data_view_id],
        ['query', rule.query],
        ['filters', rule.filters],
        ['saved_id', rule.saved_id],
        ['threshold', normalizedThreshold(rule)],
        ['alert_suppression', thresholdSuppression(rule.alert_suppression)],
      ];
    default:
      // query and saved_query (the only other types Loupe runs).
      return [
        ['type', rule.type],
        ['language', rule.language ?? 'kuery'],
        ['index', rule.index],
        ['data_view_id', rule.data_view_id],
        ['query', rule.query],
        ['filters', rule.filters],
        ['saved_id', rule.saved_id],
        ['response_actions', responseActions],
        ['alert_suppression', rule.alert_suppression],
      ];
  }
}

/** A known rule field, else the same key from the passthrough (fields Loupe does not model). */
export function ruleValue(rule: Rule, key: string): unknown {
  const known = (rule as unknown as Record<string, unknown>)[key];
  return known !== undefined && key !== 'passthrough' ? known : Object.prototype.hasOwnProperty.call(rule.passthrough, key) ? rule.passthrough[key] : undefined;
}

/** Kibana stores `threshold.field` as an array since 7.12 (`normalizeThresholdObject`). */
export function normalizedThreshold(rule: Rule): Record<string, unknown> | undefined {
  const threshold = rule.threshold;
  if (threshold === undefined) return undefined;
  const field = typeof threshold.field === 'string' ? (threshold.field === '' ? [] : [threshold.field]) : [...threshold.field];
  return recordFrom([
    ['field', field],
    ['value', threshold.value],
    ['cardinality', threshold.cardinality],
  ]);
}

/** Threshold rules keep only the suppression duration in their params. */
function thresholdSuppression(suppression: Readonly<Record<string, unknown>> | undefined): unknown {
  const duration = suppression?.['duration'];
  return duration === undefined ? undefined : { duration };
}

/** Kibana's read-time default: prebuilt (immutable) rules are external and not customized. */
function defaultRuleSource(rule: Rule): Record<string, unknown> {
  return rule.immutable === true ? { type: 'external', is_customized: false } : { type: 'internal' };
}
