/** Kibana-shaped alert documents for the rules Loupe runs. See notes/alerts.md. */
export { prepareRule, type PreparedRule, type AlertRuleType } from './prepared-rule.ts';
export { buildEventAlert, buildNewTermsAlert, type NewTermValue } from './event-alert.ts';
export { buildSequenceAlerts, type SequenceAlerts } from './sequence.ts';
export { buildThresholdAlert, type ThresholdBucket, type ThresholdTermValue } from './threshold.ts';
export { buildReasonMessage } from './reason.ts';
export { eventIdentity } from './identity.ts';
export { sha256Hex } from './sha256.ts';
export { LOUPE_FIELD } from './loupe-notes.ts';
export * from './types.ts';
