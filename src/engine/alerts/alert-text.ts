import { stringifyJson } from '../json/stringify.ts';
import { alertFieldEntries } from './alert-fields.ts';
import type { JsonTexts } from './document.ts';
import type { PreparedRule } from './prepared-rule.ts';

/**
 * Most of an alert's ~20 KB is the same for every alert of a rule: `kibana.alert.rule.*`
 * (parameters, threat, note, ...), the framework entries and the key names. Their JSON text is
 * written once per prepared rule and reused by `AlertDocumentBuilder.text`, so an alert costs
 * what differs (its event, ids, reason) and not its rule's text again.
 */
const memo = new WeakMap<PreparedRule, JsonTexts>();

export function ruleTexts(prepared: PreparedRule): JsonTexts {
  let texts = memo.get(prepared);
  if (texts === undefined) memo.set(prepared, (texts = constantTexts(prepared)));
  return texts;
}

function constantTexts(prepared: PreparedRule): JsonTexts {
  const texts = new Map<unknown, string>();
  const add = (key: string, value: unknown): void => {
    if (!texts.has(key)) texts.set(key, JSON.stringify(key));
    if (value !== undefined && (typeof value === 'object' || typeof value === 'string') && !texts.has(value)) texts.set(value, stringifyJson(value));
  };
  for (const [key, value] of prepared.frameworkEntries) add(key, value);
  // The alert fields' keys and constant values, as any alert of this rule would have them.
  const sample = { uuid: '', ancestors: [], depth: 0, originalTime: undefined, reason: '', ruleName: prepared.name, severity: prepared.severity, riskScore: prepared.riskScore };
  for (const [key, value] of alertFieldEntries(prepared, sample)) add(key, Array.isArray(value) && value.length === 0 ? undefined : value);
  return texts;
}
