/**
 * Detections to Kibana alert documents, through the alert builders. Loupe's marks: an alert
 * Kibana would not have written carries `loupe.kibana_limit_exceeded: true` (max_signals) or
 * `loupe.kibana_schedule_gap: true` (its events fall between two executions' windows).
 */
import { buildEventAlert, buildNewTermsAlert, buildSequenceAlerts, buildThresholdAlert, type AlertDocument, type AlertNotes, type PreparedRule } from '../alerts/index.ts';
import type { Detection } from './detection.ts';
import { toSourceEvent } from './event-ref.ts';

/** The alert documents of one detection, in Kibana's write order (a sequence's shell first). */
export function detectionAlerts(prepared: PreparedRule, detection: Detection): AlertDocument[] {
  const notes: AlertNotes | undefined =
    detection.fate === 'over-limit' ? { kibanaLimitExceeded: true } : detection.fate === 'schedule-gap' ? { kibanaScheduleGap: true } : undefined;
  return build(prepared, detection, notes);
}

function build(prepared: PreparedRule, detection: Detection, notes: AlertNotes | undefined): AlertDocument[] {
  switch (detection.kind) {
    case 'event':
      return present(buildEventAlert(prepared, toSourceEvent(detection.event), notes));
    case 'new_terms':
      return present(buildNewTermsAlert(prepared, toSourceEvent(detection.event), detection.terms.map((term) => term.value), notes));
    case 'threshold':
      return present(buildThresholdAlert(prepared, { ...detection.bucket, executionTime: detection.createdAt ?? undefined }, notes));
    case 'sequence': {
      const alerts = buildSequenceAlerts(prepared, detection.events.map((ref) => (ref === null ? null : toSourceEvent(ref))), notes);
      return alerts === undefined ? [] : [alerts.shell, ...alerts.buildingBlocks];
    }
  }
}

function present(document: AlertDocument | undefined): AlertDocument[] {
  return document === undefined ? [] : [document];
}
