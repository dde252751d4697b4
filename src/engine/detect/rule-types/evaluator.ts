import type { RuleBatch } from '../../state/model.ts';
import type { NewTermsStore } from '../../state/store.ts';
import type { EventDoc } from '../../query/event.ts';
import type { EventSource } from '../contract.ts';
import type { Detection } from '../detection.ts';
import { eventText, type KeptText } from '../event-ref.ts';

/**
 * One rule type's evaluation. The detector routes, matches, applies exceptions and reads the
 * event time; the evaluator receives only events the rule's search would return (in any order)
 * and decides alerts in `finish`, once every event is in.
 *
 * `add` is two steps, which may run in different threads: `read` takes what the rule keeps of
 * the event (stateless, order-free: bucket terms, join keys, copy key; data that survives
 * structured cloning), and `addRead` adds that to the rule's state, in input order, with the
 * event's JSON text (`eventText`) when `keepsEvent` says the rule may keep the event itself. So
 * reader threads do the per-event work and only the ordered, stateful part runs in one place.
 */
export interface RuleEvaluator {
  /**
   * `addRead(read(…))`, with the event's text when the rule may keep it: `keep(event)` when given
   * (the detector's, once per event whatever the rules keeping it), else `eventText(event)`.
   */
  add(event: EventDoc, source: EventSource, index: string | null, time: number, keep?: (event: EventDoc) => KeptText): void;
  read(event: EventDoc, source: EventSource, index: string | null, time: number): unknown;
  /** Whether `addRead` needs the event's text for what `read` returned. */
  keepsEvent(read: unknown): boolean;
  addRead(read: unknown, source: EventSource, index: string | null, time: number, text: KeptText | undefined): void;
  /**
   * Alerts decided so far, for progress while events are still arriving; undefined for rule
   * types that can only decide at `finish` (sequences, new_terms, threshold, EQL pipes).
   */
  alertsSoFar(): number | undefined;
  finish(context: FinishContext): Promise<RuleOutcome>;
}

export interface FinishContext {
  readonly store: NewTermsStore | undefined;
}

export interface RuleOutcome {
  readonly detections: Detection[];
  readonly executions: number;
  readonly duplicates: number;
  readonly messages: string[];
  /** Of `messages`, those saying matches may have been lost (the scan summary leads with them). */
  readonly warnings?: readonly string[];
  /** new_terms: this scan's sightings, for the detector's single atomic commit. */
  readonly stateBatch?: RuleBatch;
  /** new_terms: why the stored history was neither used nor added to (a scan problem, like a failed save). */
  readonly stateSkipped?: string;
}

/** An evaluator from its typed steps (`R`: what `read` returns), with `add` composed of them. */
export function splitEvaluator<R>(steps: {
  read(event: EventDoc, source: EventSource, index: string | null, time: number): R;
  keepsEvent(read: R): boolean;
  addRead(read: R, source: EventSource, index: string | null, time: number, text: KeptText | undefined): void;
  alertsSoFar(): number | undefined;
  finish(context: FinishContext): Promise<RuleOutcome>;
}): RuleEvaluator {
  const { read, keepsEvent, addRead } = steps;
  return {
    add(event, source, index, time, keep = eventText) {
      const data = read(event, source, index, time);
      addRead(data, source, index, time, keepsEvent(data) ? keep(event) : undefined);
    },
    read,
    keepsEvent: keepsEvent as (read: unknown) => boolean,
    addRead: addRead as (read: unknown, source: EventSource, index: string | null, time: number, text: KeptText | undefined) => void,
    alertsSoFar: () => steps.alertsSoFar(),
    finish: (context) => steps.finish(context),
  };
}
