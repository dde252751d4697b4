import { fileURLToPath } from 'node:url';
import { checkRule, type RuleCheck } from '../engine/rules/check.ts';
import { filesWithoutRules, loadRuleTexts, noRulesMessage, type RuleText } from '../engine/rules/load.ts';
import { ruleLine, ruleProblemLines } from './check-report.ts';
import { readRuleTexts } from './files.ts';

/** The shipped pack, found from this file (the package), not from the working directory. */
export const BUNDLED_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export interface RulePack {
  readonly texts: readonly RuleText[];
  readonly checks: readonly RuleCheck[];
  /** Rule files that held no rules (`no rules found in FILE`). */
  readonly empty: readonly string[];
}

/** Loads and checks the rules at `paths` (files or folders), or the bundled pack when none are given. */
export async function loadRulePack(paths: readonly string[] | undefined): Promise<RulePack> {
  const texts = await readRuleTexts(paths && paths.length > 0 ? paths : [BUNDLED_RULES_DIR]);
  const loaded = loadRuleTexts(texts);
  return { texts, checks: loaded.entries.map(checkRule), empty: filesWithoutRules(texts, loaded) };
}

/** Files that held no rules, then the rules with errors, each with its problems as `file:line:column: message`. */
export function ruleErrorReport(pack: RulePack): string[] {
  return [
    ...pack.empty.map(noRulesMessage),
    ...pack.checks.filter((check) => check.status === 'error').flatMap((check) => [ruleLine(check), ...ruleProblemLines(check)]),
  ];
}

/** `--rules` values as a list (the option is repeatable). */
export function stringList(value: string | boolean | readonly string[] | undefined): string[] {
  if (value === undefined || typeof value === 'boolean') return [];
  return typeof value === 'string' ? [value] : [...value];
}
