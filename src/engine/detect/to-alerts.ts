/**
 * Detections to Kibana alert documents, through the alert builders. Loupe's marks: an alert
 * Kibana would not have written carries `loupe.kibana_limit_exceeded: true` (max_signals) or
 * `loupe.kibana_schedule_gap: true` (its events fall between two executions' windows).
 */
import type { AlertDocument, AlertNotes, PreparedRule } from '../alerts/index.ts';
import { ruleTexts } from '../alerts/alert-text.ts';
import type { AlertDocumentBuilder } from '../alerts/document.ts';
import { eventAlert, eventAlertHead } from '../alerts/event-alert.ts';
import { sequenceAlertHead, sequenceAlerts } from '../alerts/sequence.ts';
import { thresholdAlert, thresholdAlertHead } from '../alerts/threshold.ts';
import type { Detection } from './detection.ts';
import { toSourceEvent } from './event-ref.ts';

/** The alert documents of one detection, in Kibana's write order (a sequence's shell first). */
export function detectionAlerts(prepared: PreparedRule, detection: Detection): AlertDocument[] {
  return build(prepared, detection).map((builder) => builder.finish());
}

/**
 * `detectionAlerts` as JSON text, document by document (each equal to `stringifyJson` of the
 * document): the rule's constant values are written once per rule (alert-text.ts), and no object
 * is built for the document itself.
 */
export function detectionAlertTexts(prepared: PreparedRule, detection: Detection): string[] {
  const texts = ruleTexts(prepared);
  return build(prepared, detection).map((builder) => builder.text(texts));
}

/**
 * What the output order and the counts need of a detection without building its documents: the
 * uuid of its first document and how many it writes (none when Kibana would write none).
 */
export function detectionHead(prepared: PreparedRule, detection: Detection): { readonly uuid: string; readonly documents: number } | undefined {
  switch (detection.kind) {
    case 'event':
    case 'new_terms': {
      const terms = detection.kind === 'new_terms' ? newTermValues(detection) : undefined;
      const uuid = eventAlertHead(prepared, toSourceEvent(detection.event), terms);
      return uuid === undefined ? undefined : { uuid, documents: 1 };
    }
    case 'threshold': {
      const uuid = thresholdAlertHead(prepared, thresholdBucket(detection));
      return uuid === undefined ? undefined : { uuid, documents: 1 };
    }
    case 'sequence':
      return sequenceAlertHead(prepared, sequenceEvents(detection));
  }
}

function build(prepared: PreparedRule, detection: Detection): AlertDocumentBuilder[] {
  const notes: AlertNotes | undefined =
    detection.fate === 'over-limit' ? { kibanaLimitExceeded: true } : detection.fate === 'schedule-gap' ? { kibanaScheduleGap: true } : undefined;
  switch (detection.kind) {
    case 'event':
      return present(eventAlert(prepared, toSourceEvent(detection.event), notes));
    case 'new_terms':
      return present(eventAlert(prepared, toSourceEvent(detection.event), notes, newTermValues(detection)));
    case 'threshold':
      return present(thresholdAlert(prepared, thresholdBucket(detection), notes));
    case 'sequence': {
      const alerts = sequenceAlerts(prepared, sequenceEvents(detection), notes);
      return alerts === undefined ? [] : [alerts.shell, ...alerts.buildingBlocks];
    }
  }
}

const newTermValues = (detection: Extract<Detection, { kind: 'new_terms' }>) => detection.terms.map((term) => term.value);
const thresholdBucket = (detection: Extract<Detection, { kind: 'threshold' }>) => ({ ...detection.bucket, executionTime: detection.createdAt ?? undefined });
const sequenceEvents = (detection: Extract<Detection, { kind: 'sequence' }>) => detection.events.map((ref) => (ref === null ? null : toSourceEvent(ref)));

function present(builder: AlertDocumentBuilder | undefined): AlertDocumentBuilder[] {
  return builder === undefined ? [] : [builder];
}
