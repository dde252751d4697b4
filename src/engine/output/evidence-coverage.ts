/**
 * Which rules could see the evidence of a scan, and why the others could not: "812 rules can see
 * this evidence; 1,053 need data it lacks". Read from the scan's per-rule stats, so it is exact
 * for what was scanned: a rule can see the evidence when events reached it through its index
 * patterns (and, for EQL, events of a category its query names). With the literal prefilter
 * (the default), lines holding none of a rule's required text never reach it: "can see" then means
 * some event in its indices holds what its query looks for, and the reason says so
 * (`--no-prefilter` counts index routing alone). Rules that did not run (unsupported, errors) are not counted here:
 * the summary lists them apart.
 */
import type { RuleScanStats } from '../detect/contract.ts';

export interface CoverageEntry {
  readonly rule: RuleScanStats;
  /** Why the rule could not see the evidence; absent when it could. */
  readonly lacks?: string;
}

export interface EvidenceCoverage {
  readonly seeing: readonly CoverageEntry[];
  readonly lacking: readonly CoverageEntry[];
}

/**
 * Why a rule that ran saw none of the evidence, or undefined when it saw some. `prefiltered`: the
 * scan ran the literal prefilter, so `eventsSeen` counts only events holding the rule's required text.
 */
export function lacksReason(stats: RuleScanStats, prefiltered: boolean): string | undefined {
  if (stats.eventsSeen === 0 && prefiltered) return 'no candidate events: no line held the text its query requires, or none was in its indices';
  if (stats.eventsSeen === 0) return 'no events in its indices';
  if (stats.eventsOfCategory === 0) return 'no events of its category';
  return undefined;
}

export function evidenceCoverage(rules: readonly RuleScanStats[], prefiltered: boolean): EvidenceCoverage {
  const seeing: CoverageEntry[] = [];
  const lacking: CoverageEntry[] = [];
  for (const rule of rules) {
    if (rule.status !== 'ok') continue;
    const lacks = lacksReason(rule, prefiltered);
    if (lacks === undefined) seeing.push({ rule });
    else lacking.push({ rule, lacks });
  }
  return { seeing, lacking };
}
