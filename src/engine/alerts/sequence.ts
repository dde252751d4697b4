import { jsText } from '../json/js-text.ts';
import { alertFieldEntries, alertUrl, type Ancestor } from './alert-fields.ts';
import { AlertDocumentBuilder } from './document.ts';
import { ALERT_ANCESTORS, ALERT_BUILDING_BLOCK_TYPE, ALERT_GROUP_ID, ALERT_GROUP_INDEX, ALERT_URL, ALERT_UUID } from './fields.ts';
import { ancestorsOf, hitAlert, type Hit } from './hit-alert.ts';
import { eventIdentity } from './identity.ts';
import { intersectDocuments } from './intersection.ts';
import { LOUPE_FIELD, loupeNotes } from './loupe-notes.ts';
import type { PreparedRule } from './prepared-rule.ts';
import { buildReasonMessage } from './reason.ts';
import { sha256Hex } from './sha256.ts';
import type { AlertDocument, AlertNotes, SourceEvent } from './types.ts';

/** The alerts of one EQL sequence: Kibana writes the shell first, then the building blocks. */
export interface SequenceAlerts {
  readonly shell: AlertDocument;
  readonly buildingBlocks: readonly AlertDocument[];
}

/**
 * The alerts of one matched EQL sequence, as Kibana's `buildAlertGroupFromSequence`
 * (rule_types/eql/build_alert_group_from_sequence.ts) builds them:
 * - one building block per event (missing-event placeholders, `null` here, get none): the
 *   event's alert without severity/risk/name overrides, plus `kibana.alert.building_block_type:
 *   "default"`, `kibana.alert.group.id` (the shell's id) and `kibana.alert.group.index` (its
 *   position among the building blocks). Ids: SHA-256 of every block's ancestors' id+index and
 *   the rule uuid, followed by the block's position;
 * - one shell alert: the fields all building blocks share (see intersection.ts), then the
 *   alert fields with the building blocks as parents (ancestors: each block's event, then the
 *   block as a `signal` with index ""), depth 2, reason from the shared fields, and
 *   `kibana.alert.original_time` = the first building block's `@timestamp` (the alert time, a
 *   Kibana quirk kept as is). Id: SHA-256 of its ancestors' id+index and the rule uuid.
 * Undefined when the sequence has no events or one of them is an alert of this same rule.
 */
export function buildSequenceAlerts(
  prepared: PreparedRule,
  events: readonly (SourceEvent | null)[],
  notes?: AlertNotes,
): SequenceAlerts | undefined {
  const present = events.filter((event): event is SourceEvent => event !== null);
  if (present.length === 0) return undefined;
  const hits: Hit[] = present.map((event) => ({ index: event.index, id: eventIdentity(event), source: event.source }));
  if (hits.some((hit) => ancestorsOf(hit).some((ancestor) => ancestor.rule === prepared.ruleUuid))) return undefined;
  const blocks = hits.map((hit) => hitAlert(prepared, hit, '', false)!);
  const blockAncestors = blocks.map((block) => block.get(ALERT_ANCESTORS) as Record<string, unknown>[]);
  const base = blockAncestors.map((ancestors) => ancestors.map((a) => jsText(a['id']) + jsText(a['index'])).join('') + prepared.ruleUuid).join('');
  const blockIds = blocks.map((_, position) => sha256Hex(base + String(position)));
  blocks.forEach((block, position) => block.set(ALERT_UUID, blockIds[position]));
  const blockSources = blocks.map((block) => block.finish());

  const shellAncestors: Ancestor[] = blockAncestors.flatMap((ancestors, position) => [
    ...(ancestors as unknown as Ancestor[]),
    { id: blockIds[position]!, type: 'signal', index: '', depth: 1, rule: prepared.ruleUuid },
  ]);
  const shellId = sha256Hex(shellAncestors.map((a) => jsText(a.id) + jsText(a.index)).join('') + prepared.ruleUuid);
  const shared = intersectDocuments(blockSources);
  const shell = new AlertDocumentBuilder()
    .setAll(prepared.frameworkEntries)
    .setAll(Object.entries(shared ?? {}))
    .setAll(
      alertFieldEntries(prepared, {
        uuid: shellId,
        ancestors: shellAncestors,
        depth: 2,
        originalTime: prepared.now,
        reason: buildReasonMessage(prepared.name, prepared.severity, shared),
        ruleName: prepared.name,
        severity: prepared.severity,
        riskScore: prepared.riskScore,
      }),
    )
    .set(ALERT_GROUP_ID, shellId)
    .set(LOUPE_FIELD, loupeNotes(present.map((event) => event.location), notes))
    .finish();

  const buildingBlocks = blocks.map((block, position) =>
    new AlertDocumentBuilder()
      .setAll(prepared.frameworkEntries)
      .setAll(Object.entries(blockSources[position]!))
      .set(ALERT_BUILDING_BLOCK_TYPE, 'default')
      .set(ALERT_GROUP_ID, shellId)
      .set(ALERT_GROUP_INDEX, position)
      .set(ALERT_URL, alertUrl(prepared, blockIds[position]!))
      .set(LOUPE_FIELD, loupeNotes([present[position]!.location], notes))
      .finish(),
  );
  return { shell, buildingBlocks };
}
