/** The detection engine core: see detector.ts and notes/detect.md. */
export { createDetector, type AlertsSoFar, type Detector, type RuleRead, type DetectorOptions, type DetectorResult, type DetectorRuleStatus } from './detector.ts';
export type { EventSource, RuleScanStats, ScanStats } from './contract.ts';
export type { Detection, EventDetection, NewTermsDetection, SequenceDetection, ThresholdDetection } from './detection.ts';
export type { Fate } from './executions.ts';
