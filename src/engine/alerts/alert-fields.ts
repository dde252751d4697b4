import { alertsIndex } from './fields.ts';
import { recordFrom } from '../json/own-record.ts';
import type { PreparedRule } from './prepared-rule.ts';

/** One entry of `kibana.alert.ancestors`: the event or alert an alert was built from. */
export interface Ancestor {
  readonly id: string;
  readonly type: 'event' | 'signal';
  readonly index: string;
  readonly depth: number;
  /** The rule that wrote the ancestor, for alerts only. */
  readonly rule?: string;
}

/** What differs between the alerts of one rule execution. */
export interface AlertSpecifics {
  readonly uuid: string;
  readonly ancestors: readonly Ancestor[];
  readonly depth: number;
  readonly originalTime: string | undefined;
  readonly reason: string;
  readonly ruleName: string;
  readonly severity: string;
  readonly riskScore: number;
  /** Kibana writes the rule's own value; EQL building blocks get `default` afterwards. */
  readonly buildingBlockType?: string;
}

/**
 * The `kibana.alert.*` fields Kibana's `buildAlertFields` (factories/utils/build_alert.ts) adds to
 * every alert, in its order. Undefined values stay in the list (they fix a key's position, as in
 * Kibana's object literal) and are dropped when the document is finished.
 */
export function alertFieldEntries(prepared: PreparedRule, alert: AlertSpecifics): (readonly [string, unknown])[] {
  const rule = prepared.rule;
  const fields = prepared.ruleFields;
  const r = (name: string): [string, unknown] => [`kibana.alert.rule.${name}`, fields[name]];
  return [
    ['@timestamp', prepared.now],
    ['kibana.space_ids', [prepared.spaceId]],
    ['event.kind', 'signal'],
    ['kibana.alert.original_time', alert.originalTime],
    ['kibana.alert.rule.consumer', 'siem'],
    ['kibana.alert.ancestors', alert.ancestors.map(ancestorRecord)],
    ['kibana.alert.status', 'active'],
    ['kibana.alert.workflow_status', 'open'],
    ['kibana.alert.depth', alert.depth],
    ['kibana.alert.reason', alert.reason],
    ['kibana.alert.building_block_type', alert.buildingBlockType ?? rule.building_block_type],
    ['kibana.alert.severity', alert.severity],
    ['kibana.alert.risk_score', alert.riskScore],
    r('parameters'),
    r('actions'),
    r('author'),
    r('created_at'),
    r('created_by'),
    r('description'),
    r('enabled'),
    r('exceptions_list'),
    r('false_positives'),
    r('from'),
    r('immutable'),
    r('interval'),
    r('indices'),
    r('license'),
    r('max_signals'),
    ['kibana.alert.rule.name', alert.ruleName],
    r('namespace'),
    r('note'),
    r('references'),
    r('risk_score_mapping'),
    r('rule_id'),
    r('rule_name_override'),
    r('severity_mapping'),
    r('tags'),
    r('threat'),
    r('timeline_id'),
    r('timeline_title'),
    r('timestamp_override'),
    r('to'),
    r('type'),
    r('updated_at'),
    r('updated_by'),
    r('uuid'),
    r('version'),
    ['kibana.alert.url', alertUrl(prepared, alert.uuid)],
    ['kibana.alert.uuid', alert.uuid],
    ['kibana.alert.workflow_tags', []],
    ['kibana.alert.workflow_assignee_ids', []],
    ...prepared.metaEntries,
    // Not in the alerts mapping, but Kibana writes them (kept in _source).
    ['kibana.alert.rule.risk_score', prepared.riskScore],
    ['kibana.alert.rule.severity', prepared.severity],
    ['kibana.alert.rule.building_block_type', rule.building_block_type],
    ['kibana.alert.intended_timestamp', prepared.now],
    ['kibana.alert.rule.execution.type', 'scheduled'],
  ];
}

function ancestorRecord(ancestor: Ancestor): Record<string, unknown> {
  return recordFrom([
    ['id', ancestor.id],
    ['type', ancestor.type],
    ['index', ancestor.index],
    ['depth', ancestor.depth],
    ['rule', ancestor.rule],
  ]);
}

/**
 * Kibana's `getAlertDetailsUrl`: only with a public base URL; the default space has no `/s/<id>`.
 */
export function alertUrl(prepared: PreparedRule, uuid: string): string | undefined {
  const base = prepared.publicBaseUrl?.replace(/\/+$/, '');
  if (base === undefined) return undefined;
  const space = prepared.spaceId === 'default' ? '' : `/s/${prepared.spaceId}`;
  const index = alertsIndex(prepared.spaceId);
  return `${base}${space}/app/security/alerts/redirect/${uuid}?index=${index}&timestamp=${prepared.now}`;
}
