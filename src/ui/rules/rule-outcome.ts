/** Why a rule raised no alerts in a scan, read from its scan stats. */
import type { RuleScanStats } from '../../engine/detect/contract.ts';
import { lacksReason } from '../../engine/output/evidence-coverage.ts';

export type RuleStats = RuleScanStats;

/**
 * `eventsNotParsed`: lines of the scan the literal prefilter skipped because no rule could match
 * them. Per-rule `eventsSeen` then counts parsed candidates only, so zero seen no longer proves
 * the rule's indices were empty: it may just mean no line held the text the query requires.
 */
export function zeroHitReason(stats: RuleStats, eventsNotParsed = 0): string | undefined {
  if (stats.alerts > 0) return undefined;
  if (stats.status !== 'ok') return stats.messages.length > 0 ? stats.messages.join('; ') : `did not run (${stats.status})`;
  const lacks = lacksReason(stats, eventsNotParsed > 0);
  if (lacks !== undefined) return lacks;
  if (stats.eventsMatched === 0) return 'no match';
  if (stats.eventsExcepted >= stats.eventsMatched) return 'every match was removed by an exception';
  if (stats.eventsWithoutTimestamp >= stats.eventsMatched - stats.eventsExcepted) return 'matches had no usable timestamp, so Kibana would never search them';
  if (stats.type === 'new_terms') return 'matches found, but every term was already in the history';
  if (stats.type === 'threshold') return 'matches found, but no group reached the threshold';
  if (stats.type === 'eql') return 'matches found, but no sequence completed';
  return 'matches found, but no alert was written';
}

/** Stats of one rule: by rule id, else by name (rules without a valid id still run by name). */
export function statsFor(stats: readonly RuleStats[], ruleId: string | undefined, name: string): RuleStats | undefined {
  return stats.find((item) => (ruleId !== undefined ? item.ruleId === ruleId : item.name === name));
}
