/**
 * What every thread of one scan agrees on: the rule texts, which rules are switched off, and the
 * options that change what is read or how rules run. Each thread loads the same entries in the
 * same order from it, so per-rule counters line up by position.
 */
import { loadRuleTexts, type RuleText } from '../engine/rules/load.ts';
import type { RuleEntry } from '../engine/rules/model.ts';
import { packChecks, parsePackIndex } from '../engine/rules/pack/pack-index.ts';
import { precompiledCheck, summarizeCheck, type RuleSummary } from '../engine/rules/precompiled.ts';
import { checkRule, type RuleCheck } from '../engine/rules/check.ts';
import type { GeoIpFile } from '../sources/common/geoip/enrich.ts';

export interface ScanPlan {
  readonly rules: readonly RuleText[];
  /** Keys (`ruleKey`) of rules left out of this scan. */
  readonly disabled: readonly string[];
  /** Alert creation time, epoch ms. */
  readonly now: number;
  readonly scanId: string;
  readonly ignoreIndex: boolean;
  readonly kibanaLimits: boolean;
  readonly maxLineBytes: number;
  /** Decompression ratio limit (ingest/containers/limits.ts); the default when absent. */
  readonly maxRatio?: number;
  /** Keep process events (up to a cap) for ancestry views. */
  readonly keepProcessEvents: boolean;
  /** MaxMind databases (City/Country, ASN) the sources enrich addresses with (sources/common/geoip). */
  readonly geoip?: readonly GeoIpFile[];
  /**
   * A hunt (the app's query box): the plan's one rule is the query, and the scan returns the
   * events it selects (the first `limit` in input order, and how many there were) instead of alerts.
   */
  readonly hunt?: { readonly limit: number };
  /**
   * The coordinating thread's checks of the rules, by position in `planEntries`, as summaries
   * (rules/precompiled.ts; null: none): a reader then compiles a rule's query only when an event
   * first reaches it, instead of compiling the whole pack again. Sound only from the same engine
   * (threads of one build), as the CLI sends them.
   */
  readonly summaries?: readonly (RuleSummary | null)[];
  /**
   * The bundled library's pack index (JSON text, as the build wrote it beside the shards:
   * engine/rules/pack/pack-index.ts), when the rules include the library's: every thread loads
   * those rules from their summaries (`planChecks`) instead of compiling the pack, and the readers
   * need not wait for the coordinating thread's checks. Sound only with the shards of the same
   * build (both are assets of it).
   */
  readonly packIndex?: string;
}

/** Where the library's files are in the repository: the names its rules carry in messages and rule lists. */
export const LIBRARY_DIR = 'rules/elastic/';

/** A rule file's shard name as the pack index has it: only the library's own files (not an imported file of the same name). */
export function libraryShardOf(file: string): string | undefined {
  return file.startsWith(LIBRARY_DIR) && !file.includes('/', LIBRARY_DIR.length) ? file.slice(LIBRARY_DIR.length) : undefined;
}

/** Each entry's check (`planEntries(plan)` by default): from the plan's pack index where it has the rule, else checked here. */
export function planChecks(plan: Pick<ScanPlan, 'rules' | 'disabled' | 'packIndex'>, entries: readonly RuleEntry[] = planEntries(plan)): RuleCheck[] {
  const index = plan.packIndex === undefined ? undefined : parsePackIndex(plan.packIndex)?.rules;
  return index === undefined ? entries.map(checkRule) : packChecks(entries, index, libraryShardOf);
}

/**
 * A rule's stable key: its rule_id, else (no rule_id, or a later copy of one already loaded, as
 * when the public rule pack is imported over the bundled seeds) where it starts (`file:line`).
 */
export function ruleKey(entry: RuleEntry): string {
  return entry.duplicateOf === undefined && entry.rule.rule_id !== undefined ? entry.rule.rule_id : `${entry.source.file}:${entry.source.start.line}`;
}

export function planEntries(plan: Pick<ScanPlan, 'rules' | 'disabled'>): RuleEntry[] {
  const disabled = new Set(plan.disabled);
  return loadRuleTexts(plan.rules).entries.filter((entry) => !disabled.has(ruleKey(entry)));
}

/** The summaries of checked rules, for `ScanPlan.summaries`. */
export function planSummaries(checks: readonly RuleCheck[]): (RuleSummary | null)[] {
  return checks.map((check) => check.summary ?? summarizeCheck(check) ?? null);
}

/** Each entry's check from the plan's summaries; undefined where a reader must check the rule itself. */
export function summaryChecks(entries: readonly RuleEntry[], summaries: readonly (RuleSummary | null)[]): (RuleCheck | undefined)[] {
  return entries.map((entry, r) => {
    const summary = summaries[r];
    // As the CLI's pack index: only rules loaded without problems (their checks come out the same).
    return summary !== null && summary !== undefined && entry.issues.length === 0 && entry.duplicateOf === undefined ? precompiledCheck(entry, summary) : undefined;
  });
}
