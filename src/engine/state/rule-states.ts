/**
 * One rule's stored new-terms history, listed and reset the same way by every host: the CLI's
 * `loupe state list|reset --state FILE` and the app's New-terms history panel call these two
 * functions over their own `NewTermsStore`.
 */
import type { NewTermsStore } from './store.ts';

/** Where a responder resets a rule's history; named by every message that asks for it. */
export const RESET_HINT = "'loupe state reset RULE_ID --state FILE', or Reset next to the rule in the app's New-terms history panel";

export interface RuleState {
  readonly ruleId: string;
  readonly fields: readonly string[];
  /** History window (ms) the stored runs were merged with. */
  readonly window: number;
  readonly terms: number;
  /** Last sighting of any term, epoch ms; undefined without terms. */
  readonly lastSeen?: number;
}

/** Every rule with stored history, by rule id. */
export async function listRuleStates(store: NewTermsStore): Promise<RuleState[]> {
  const { rules } = await store.export();
  return Object.keys(rules)
    .sort()
    .map((ruleId) => {
      const { fields, window, terms } = rules[ruleId]!;
      const runs = Object.values(terms);
      const lastSeen = runs.reduce<number | undefined>((latest, termRuns) => Math.max(latest ?? -Infinity, termRuns.at(-1)?.[1] ?? -Infinity), undefined);
      return { ruleId, fields, window, terms: runs.length, ...(lastSeen !== undefined && Number.isFinite(lastSeen) ? { lastSeen } : {}) };
    });
}

/** Forgets one rule's history (the committed-scan ledger stays); false when it had none. */
export async function resetRuleState(store: NewTermsStore, ruleId: string): Promise<boolean> {
  if ((await store.ruleMeta(ruleId)) === undefined) return false;
  await store.reset(ruleId);
  return true;
}
