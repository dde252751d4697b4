import type { RuleBatch } from '../../state/model.ts';
import type { NewTermsStore } from '../../state/store.ts';
import type { EventDoc } from '../../query/event.ts';
import type { EventSource } from '../contract.ts';
import type { Detection } from '../detection.ts';

/**
 * One rule type's evaluation. The detector routes, matches, applies exceptions and reads the
 * event time; the evaluator receives only events the rule's search would return (in any order)
 * and decides alerts in `finish`, once every event is in.
 */
export interface RuleEvaluator {
  add(event: EventDoc, source: EventSource, index: string | null, time: number): void;
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
