/**
 * What a rule found, before it becomes Kibana alert documents: plain records the detector sorts,
 * counts, filters (`kibanaLimits`) and hands to the alert builders.
 */
import type { ThresholdBucket } from '../alerts/threshold.ts';
import type { EventRef } from './event-ref.ts';
import type { Fate } from './executions.ts';
import type { TermCombination } from './term-values.ts';

interface DetectionBase {
  readonly fate: Fate;
  /** Time of the replayed execution that writes the alert; null when Kibana would write none. */
  readonly createdAt: number | null;
  /** Event time the output is ordered by (the alert's original time). */
  readonly time: number;
}

export interface EventDetection extends DetectionBase {
  readonly kind: 'event';
  readonly event: EventRef;
}

export interface NewTermsDetection extends DetectionBase {
  readonly kind: 'new_terms';
  readonly event: EventRef;
  readonly terms: TermCombination;
}

export interface SequenceDetection extends DetectionBase {
  readonly kind: 'sequence';
  /** One per sequence stage; null for a missing-event clause. Samples have no nulls. */
  readonly events: readonly (EventRef | null)[];
}

export interface ThresholdDetection extends DetectionBase {
  readonly kind: 'threshold';
  readonly bucket: ThresholdBucket;
}

export type Detection = EventDetection | NewTermsDetection | SequenceDetection | ThresholdDetection;
