/**
 * `loupe scan --profile`: where the time went, per rule (slowest first) with its hits, after
 * what the prefilter did with the lines. Rule time is the detector's (query, filters, exceptions
 * and the rule type's own work), measured per batch of events.
 */
import type { ScanStats } from '../engine/detect/contract.ts';
import { formatCount as count, plural } from '../engine/output/plural.ts';
import type { Prefilter } from '../engine/prefilter/prefilter.ts';
import type { LineScanCounts } from '../engine/scan/line-scan.ts';


/** `prefilterAsked`: the scan was not run with --no-prefilter (the prefilter is then absent only when it could pass over no line). */
export function profileLines(stats: ScanStats, counts: LineScanCounts, prefilter: Prefilter | undefined, prefilterAsked: boolean): string[] {
  const lines = [
    prefilter
      ? `profile: prefilter parsed ${plural(counts.candidates, 'candidate line')} and ${plural(counts.parsedToClassify, 'other line')} to classify them; ` +
        `${plural(counts.notParsed, 'line')} not parsed; ${plural(prefilter.unconstrainedRules, 'rule')} without a usable literal see${prefilter.unconstrainedRules === 1 ? 's' : ''} every event`
      : prefilterAsked
        ? 'profile: no prefilter: a rule without any literal makes every line a candidate, so every line is parsed and the rule program alone picks the rules tried'
        : `profile: no prefilter (--no-prefilter): every line parsed`,
  ];
  const rules = stats.rules.filter((rule) => rule.status === 'ok').sort((a, b) => b.millis - a.millis || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const total = rules.reduce((sum, rule) => sum + rule.millis, 0);
  lines.push(`profile: ${plural(rules.length, 'rule')} ran in ${total.toFixed(1)} ms (slowest first: ms, events evaluated, matched, alerts)`);
  for (const rule of rules) {
    lines.push(`  ${rule.millis.toFixed(1).padStart(9)} ms ${count(rule.eventsSeen).padStart(11)} ${count(rule.eventsMatched).padStart(9)} ${count(rule.alerts).padStart(7)}  ${rule.name} (${rule.ruleId})`);
  }
  return lines;
}
