/**
 * A rule's schedule in event time. Kibana runs a rule every `interval`; each execution started at
 * T searches `[T - from, T - to]` (date math against T, both ends inclusive). Loupe replays those
 * executions over the events' own times, anchored at the Unix epoch: execution k starts at
 * `k * interval`. The anchor depends on nothing in the input, so adding files never shifts it and
 * two scans sharing state agree (a real deployment's phase is unknowable offline).
 *
 * Catch-up: when `from` looks back less than `interval`, Kibana's gap check
 * (`getGapBetweenRuns` = time since the previous start minus the window length) finds a gap and
 * adds catch-up tuples, but each is the same window shifted back one interval, i.e. the previous
 * run's window again: the time between windows is never searched. Loupe reproduces that: events
 * there fall in no execution (counted as schedule gaps).
 */
import { RULE_DEFAULTS, type Rule } from '../rules/model.ts';

const UNIT_MS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, H: 3600e3, d: 86400e3, w: 604800e3 };

/** Kibana's `xpack.alerting.rules.run.alerts.max` default: larger `max_signals` are reduced to it. */
export const KIBANA_MAX_ALERTS_PER_RUN = 1000;

export interface RuleSchedule {
  readonly intervalMs: number;
  /** `now - from`: how far before the execution time its window starts. */
  readonly lookbackMs: number;
  /** `now - to`: how far before the execution time its window ends (0 for `to: now`). */
  readonly endOffsetMs: number;
  /** Alerts one execution may write. */
  readonly maxSignals: number;
}

export interface Execution {
  readonly index: number;
  /** Execution (start) time, epoch ms. */
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

/** `5m` → 300000; Kibana's `parseDuration` accepts whole s/m/h/d. */
export function intervalMillis(text: string): number | undefined {
  const match = /^([1-9]\d*)([smhd])$/.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : undefined;
}

/** Milliseconds before "now" of `now`, `now-<n><unit>` (fixed-length units); undefined otherwise. */
export function offsetBeforeNow(text: string): number | undefined {
  if (text === 'now') return 0;
  const match = /^now-(\d+)([smhHdw])$/.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : undefined;
}

/** The rule's schedule, with messages for values Loupe replaced by Kibana's defaults. */
export function ruleSchedule(rule: Rule): { schedule: RuleSchedule; messages: string[] } {
  const messages: string[] = [];
  const read = <T>(field: string, text: string, fallback: string, parse: (text: string) => T | undefined): T => {
    const value = parse(text);
    if (value !== undefined) return value;
    messages.push(`${field} "${text}" cannot be replayed in event time; using Kibana's default ${fallback}`);
    return parse(fallback)!;
  };
  const intervalMs = read('interval', rule.interval ?? RULE_DEFAULTS.interval, RULE_DEFAULTS.interval, intervalMillis);
  const lookbackMs = read('from', rule.from ?? RULE_DEFAULTS.from, RULE_DEFAULTS.from, offsetBeforeNow);
  const endOffsetMs = read('to', rule.to ?? RULE_DEFAULTS.to, RULE_DEFAULTS.to, offsetBeforeNow);
  let maxSignals = rule.max_signals ?? RULE_DEFAULTS.max_signals;
  if (maxSignals > KIBANA_MAX_ALERTS_PER_RUN) {
    messages.push(`max_signals ${maxSignals} is above Kibana's alerting limit; each execution writes at most ${KIBANA_MAX_ALERTS_PER_RUN}`);
    maxSignals = KIBANA_MAX_ALERTS_PER_RUN;
  }
  if (lookbackMs - endOffsetMs < intervalMs) {
    messages.push(`from (${rule.from ?? RULE_DEFAULTS.from}) looks back less than the interval (${rule.interval ?? RULE_DEFAULTS.interval}): Kibana never searches the time between windows`);
  }
  return { schedule: { intervalMs, lookbackMs, endOffsetMs, maxSignals }, messages };
}

export function execution(schedule: RuleSchedule, index: number): Execution {
  const at = index * schedule.intervalMs;
  return { index, at, from: at - schedule.lookbackMs, to: at - schedule.endOffsetMs };
}

/** First and last execution whose window holds `time`; first > last when it falls in a gap. */
export function executionsCovering(schedule: RuleSchedule, time: number): { first: number; last: number } {
  return {
    first: Math.ceil((time + schedule.endOffsetMs) / schedule.intervalMs),
    last: Math.floor((time + schedule.lookbackMs) / schedule.intervalMs),
  };
}
