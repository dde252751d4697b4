/**
 * The detection engine's host-facing contract: hosts (CLI, Web Worker) push parsed events with their
 * provenance, then ask for the alerts. Everything a rule type needs (index routing, ordering,
 * new_terms history, max_signals accounting) happens behind it, so hosts never know rule types.
 */

/** Where an event came from: enough to find it again and to derive its index. */
export interface EventSource {
  /** File (or archive entry path) the event was read from. */
  readonly file: string;
  /** 1-based line number (or record number for JSON arrays) within that file. */
  readonly line: number;
  /** `_index` of an Elasticsearch export (hits.hits[]._index, elasticdump `_index`), when the input carried one. */
  readonly indexHint?: string;
  /** `_id` of an Elasticsearch export, when present (alert ids then match Kibana's identity inputs). */
  readonly idHint?: string;
}

/** Per-rule outcome of a scan, for summaries and the UI. */
export interface RuleScanStats {
  readonly ruleId: string;
  readonly name: string;
  readonly type: string;
  readonly status: 'ok' | 'error' | 'unsupported';
  /**
   * Events routed to the rule (its index patterns accepted them) and evaluated; with a prefilter,
   * only the events it could not rule out for this rule.
   */
  readonly eventsSeen: number;
  /**
   * EQL rules only: routed events whose category field (`event.category` or the rule's
   * `event_category_override`) holds a category the query names; every routed event when a clause
   * is `any`. Zero explains a silent rule: the evidence has no events of its kind. Like
   * `eventsSeen`, counted over the events the detector evaluates for the rule (with a prefilter,
   * the host must count it over every event for that reading to hold).
   */
  readonly eventsOfCategory?: number;
  /** Events that matched the rule's query (before exceptions). */
  readonly eventsMatched: number;
  /** Events removed by the rule's exception lists. */
  readonly eventsExcepted: number;
  /** Matching events without a usable time in the rule's timestamp field: Kibana's time range never returns them. */
  readonly eventsWithoutTimestamp: number;
  /**
   * Where the rule reads an event's time, when not `@timestamp` alone: its `timestamp_override`,
   * then `@timestamp` unless the fallback is disabled.
   */
  readonly timestampFields?: readonly string[];
  /**
   * Fields the rule's query reads (empty: it reads none, so every event it sees matches). Evidence
   * holding none of the fields any rule reads can raise no alert. Absent in scans saved before it was kept.
   */
  readonly fieldsRead?: readonly string[];
  /** Matching events identical to one seen before (same index and `_id`, or same content): one document, one alert. */
  readonly duplicateEvents: number;
  readonly alerts: number;
  /** Alerts Kibana would not have written because of max_signals (kept and marked unless kibanaLimits). */
  readonly alertsOverLimit: number;
  /**
   * Alerts whose events fall between two executions' windows (a `from` look-back shorter than the
   * `interval`): Kibana never searches that time. Kept and marked like over-limit alerts unless kibanaLimits.
   */
  readonly alertsInScheduleGaps: number;
  /** Simulated executions that had events in their window. */
  readonly executions: number;
  /** Milliseconds spent evaluating the rule. */
  readonly millis: number;
  readonly messages: readonly string[];
  /** Of `messages`, those saying matches may have been lost (a capped sequence buffer): summaries lead with them. */
  readonly warnings?: readonly string[];
}

export interface ScanStats {
  readonly events: number;
  /**
   * Of `events`, those a prefilter showed no rule could match, counted but never parsed (absent or
   * 0 without a prefilter). The index and timestamp counts below are over the parsed events only.
   */
  readonly eventsNotParsed?: number;
  readonly eventsWithoutIndex: number;
  readonly eventsWithoutTimestamp: number;
  readonly rules: readonly RuleScanStats[];
}
