/**
 * Alerts as Elasticsearch `_bulk` lines into Kibana's security alerts index, so a case moves
 * into Elastic Security with its triage: `create` into `.alerts-security.alerts-<space>` (the
 * alias Kibana writes through) with `_id` = `kibana.alert.uuid`, the id Kibana gives its alerts.
 * Fields outside Kibana's alerts mapping (`loupe.*`) stay in `_source` (the mapping is not dynamic).
 */
import type { AlertDocument } from '../alerts/types.ts';
import { stringifyJson } from '../json/stringify.ts';

export function alertsIndex(alert: AlertDocument): string {
  const spaces = alert['kibana.space_ids'];
  const space = Array.isArray(spaces) && typeof spaces[0] === 'string' ? spaces[0] : 'default';
  return `.alerts-security.alerts-${space}`;
}

export function formatKibanaBulkAlert(alert: AlertDocument): string {
  const uuid = alert['kibana.alert.uuid'];
  const action = { create: { _index: alertsIndex(alert), ...(typeof uuid === 'string' ? { _id: uuid } : {}) } };
  return `${JSON.stringify(action)}\n${stringifyJson(alert)}\n`;
}
