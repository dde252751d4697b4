/**
 * A rule pack as Kibana's rule export NDJSON (`POST /api/detection_engine/rules/_export`), which
 * `_import` and Kibana's "Import rules" accept: one rule per line in Kibana's field names (the
 * loaded model plus passthrough, so nothing Loupe does not model is lost), then the exception
 * lists the rules reference, each followed by its items, then the export-details line with
 * Kibana's counters. Rules with errors are left out (Kibana would refuse them) and listed under
 * `missing_rules`; lists referenced but not loaded under `missing_exception_lists`.
 * No Node imports: the browser can produce the same file.
 */
import type { RuleCheck } from './check.ts';
import { ruleToRecord } from './fields.ts';
import type { ExceptionList } from './model.ts';

export interface KibanaExport {
  readonly ndjson: string;
  readonly rules: number;
  readonly exceptionLists: number;
  readonly exceptionItems: number;
  /** rule_ids (or positions) of rules left out because of errors. */
  readonly leftOut: readonly string[];
}

export function kibanaExport(checks: readonly RuleCheck[]): KibanaExport {
  const exported = checks.filter((check) => check.status !== 'error').map((check) => check.entry);
  const leftOut = checks
    .filter((check) => check.status === 'error')
    .map(({ entry }) => entry.rule.rule_id ?? `${entry.source.file}:${entry.source.start.line}`);

  const lists = new Map<string, ExceptionList>();
  const missingLists = new Map<string, string>();
  for (const entry of exported) {
    for (const list of entry.exceptionLists) lists.set(`${list.namespace_type}\u0000${list.list_id}`, list);
    for (const ref of entry.missingExceptionLists) missingLists.set(`${ref.namespace_type}\u0000${ref.list_id}`, ref.list_id);
  }
  const listLines = [...lists.values()].flatMap((list) => [list.raw, ...list.items.map((item) => item.raw)]);
  const itemCount = [...lists.values()].reduce((sum, list) => sum + list.items.length, 0);

  const details = {
    exported_count: exported.length + lists.size + itemCount,
    exported_rules_count: exported.length,
    missing_rules: leftOut.map((rule_id) => ({ rule_id })),
    missing_rules_count: leftOut.length,
    exported_exception_list_count: lists.size,
    exported_exception_list_item_count: itemCount,
    missing_exception_list_item_count: 0,
    missing_exception_list_items: [],
    missing_exception_lists: [...missingLists.values()].map((list_id) => ({ list_id })),
    missing_exception_lists_count: missingLists.size,
    exported_action_connector_count: 0,
    missing_action_connection_count: 0,
    missing_action_connections: [],
    excluded_action_connection_count: 0,
    excluded_action_connections: [],
  };
  const lines = [...exported.map((entry) => ruleToRecord(entry.rule)), ...listLines, details];
  return {
    ndjson: lines.map((line) => `${JSON.stringify(line)}\n`).join(''),
    rules: exported.length,
    exceptionLists: lists.size,
    exceptionItems: itemCount,
    leftOut,
  };
}
