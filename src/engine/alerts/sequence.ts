import { jsText } from '../json/js-text.ts';
import { alertFieldEntries, alertUrl, type Ancestor } from './alert-fields.ts';
import { AlertDocumentBuilder } from './document.ts';
import { ALERT_BUILDING_BLOCK_TYPE, ALERT_GROUP_ID, ALERT_GROUP_INDEX, ALERT_URL, ALERT_UUID } from './fields.ts';
import { ancestorsOf, hitAlert, isOwnAlert, type Hit } from './hit-alert.ts';
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
  const alerts = sequenceAlerts(prepared, events, notes);
  return alerts === undefined ? undefined : { shell: alerts.shell.finish(), buildingBlocks: alerts.buildingBlocks.map((block) => block.finish()) };
}

/** `buildSequenceAlerts`' documents before they are finished, as objects or as text. */
export function sequenceAlerts(
  prepared: PreparedRule,
  events: readonly (SourceEvent | null)[],
  notes?: AlertNotes,
): { readonly shell: AlertDocumentBuilder; readonly buildingBlocks: readonly AlertDocumentBuilder[] } | undefined {
  const present = events.filter((event): event is SourceEvent => event !== null);
  const ids = sequenceIds(prepared, present);
  if (ids === undefined) return undefined;
  const { blockIds, shellAncestors, shellId } = ids;
  const blocks = present.map((event, position) => hitAlert(prepared, hitOf(event), '', false)!.set(ALERT_UUID, blockIds[position]));
  const blockSources = blocks.map((block) => block.finish());
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
    .set(LOUPE_FIELD, loupeNotes(present.map((event) => event.location), notes));

  const buildingBlocks = blocks.map((block, position) =>
    new AlertDocumentBuilder()
      .setAll(prepared.frameworkEntries)
      .setAll(Object.entries(blockSources[position]!))
      .set(ALERT_BUILDING_BLOCK_TYPE, 'default')
      .set(ALERT_GROUP_ID, shellId)
      .set(ALERT_GROUP_INDEX, position)
      .set(ALERT_URL, alertUrl(prepared, blockIds[position]!))
      .set(LOUPE_FIELD, loupeNotes([present[position]!.location], notes)),
  );
  return { shell, buildingBlocks };
}

/** The shell's uuid and how many documents the sequence writes, without building them; undefined when it writes none. */
export function sequenceAlertHead(prepared: PreparedRule, events: readonly (SourceEvent | null)[]): { readonly uuid: string; readonly documents: number } | undefined {
  const present = events.filter((event): event is SourceEvent => event !== null);
  const ids = sequenceIds(prepared, present);
  return ids === undefined ? undefined : { uuid: ids.shellId, documents: 1 + present.length };
}

function hitOf(event: SourceEvent): Hit {
  return { index: event.index, id: eventIdentity(event), source: event.source };
}

/**
 * Building-block ids: SHA-256 of every block's ancestors' id+index and the rule uuid, then the
 * block's position; the shell's: of all its ancestors (each block's, then the block) and the rule
 * uuid. Undefined when there are no events or one is this rule's own alert.
 */
function sequenceIds(prepared: PreparedRule, present: readonly SourceEvent[]): { blockIds: string[]; shellAncestors: Ancestor[]; shellId: string } | undefined {
  if (present.length === 0) return undefined;
  const blockAncestors = present.map((event) => ancestorsOf(hitOf(event)));
  if (blockAncestors.some((ancestors) => isOwnAlert(prepared, ancestors))) return undefined;
  const base = blockAncestors.map((ancestors) => ancestors.map((a) => jsText(a.id) + jsText(a.index)).join('') + prepared.ruleUuid).join('');
  const blockIds = blockAncestors.map((_, position) => sha256Hex(base + String(position)));
  const shellAncestors: Ancestor[] = blockAncestors.flatMap((ancestors, position) => [
    ...ancestors,
    { id: blockIds[position]!, type: 'signal', index: '', depth: 1, rule: prepared.ruleUuid },
  ]);
  const shellId = sha256Hex(shellAncestors.map((a) => jsText(a.id) + jsText(a.index)).join('') + prepared.ruleUuid);
  return { blockIds, shellAncestors, shellId };
}
