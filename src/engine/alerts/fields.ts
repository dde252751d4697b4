/**
 * Field names of Kibana's security alert documents (`@kbn/rule-data-utils` and
 * security_solution `common/field_maps/field_names.ts`). Alert fields are written as dotted
 * top-level keys of `_source`, exactly as Kibana sends them to Elasticsearch.
 */

export const TIMESTAMP = '@timestamp';
export const EVENT_KIND = 'event.kind';
export const SPACE_IDS = 'kibana.space_ids';
export const KIBANA_VERSION = 'kibana.version';

export const ALERT_UUID = 'kibana.alert.uuid';
export const ALERT_START = 'kibana.alert.start';
export const ALERT_LAST_DETECTED = 'kibana.alert.last_detected';
export const ALERT_ORIGINAL_TIME = 'kibana.alert.original_time';
export const ALERT_ORIGINAL_EVENT = 'kibana.alert.original_event';
export const ALERT_ORIGINAL_DATA_STREAM = 'kibana.alert.original_data_stream';
export const ALERT_ANCESTORS = 'kibana.alert.ancestors';
export const ALERT_DEPTH = 'kibana.alert.depth';
export const ALERT_STATUS = 'kibana.alert.status';
export const ALERT_WORKFLOW_STATUS = 'kibana.alert.workflow_status';
export const ALERT_WORKFLOW_TAGS = 'kibana.alert.workflow_tags';
export const ALERT_WORKFLOW_ASSIGNEE_IDS = 'kibana.alert.workflow_assignee_ids';
export const ALERT_REASON = 'kibana.alert.reason';
export const ALERT_SEVERITY = 'kibana.alert.severity';
export const ALERT_RISK_SCORE = 'kibana.alert.risk_score';
export const ALERT_BUILDING_BLOCK_TYPE = 'kibana.alert.building_block_type';
export const ALERT_URL = 'kibana.alert.url';
export const ALERT_INTENDED_TIMESTAMP = 'kibana.alert.intended_timestamp';
export const ALERT_GROUP_ID = 'kibana.alert.group.id';
export const ALERT_GROUP_INDEX = 'kibana.alert.group.index';
export const ALERT_NEW_TERMS = 'kibana.alert.new_terms';
export const ALERT_THRESHOLD_RESULT = 'kibana.alert.threshold_result';

export const ALERT_RULE_PREFIX = 'kibana.alert.rule.';
export const ALERT_RULE_PARAMETERS = 'kibana.alert.rule.parameters';
export const ALERT_RULE_UUID = 'kibana.alert.rule.uuid';
export const ALERT_RULE_META = 'kibana.alert.rule.meta';
export const ALERT_RULE_EXECUTION_TIMESTAMP = 'kibana.alert.rule.execution.timestamp';
export const ALERT_RULE_EXECUTION_UUID = 'kibana.alert.rule.execution.uuid';
export const ALERT_RULE_EXECUTION_TYPE = 'kibana.alert.rule.execution.type';

/** The alerts index of a Kibana space (the alias alerts are read through). */
export function alertsIndex(spaceId: string): string {
  return `.alerts-security.alerts-${spaceId}`;
}
