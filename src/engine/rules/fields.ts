import { setOwn } from '../json/own-record.ts';
import type { KnownRuleFields, Rule } from './model.ts';

/** The JSON shape each known field must have; a value of another shape is reported and passed through. */
type FieldKind = 'string' | 'number' | 'boolean' | 'strings' | 'object' | 'objects';

const FIELD_KINDS: { readonly [K in keyof Required<KnownRuleFields>]: FieldKind } = {
  id: 'string',
  rule_id: 'string',
  name: 'string',
  description: 'string',
  type: 'string',
  language: 'string',
  query: 'string',
  index: 'strings',
  data_view_id: 'string',
  filters: 'objects',
  saved_id: 'string',
  from: 'string',
  to: 'string',
  interval: 'string',
  max_signals: 'number',
  severity: 'string',
  severity_mapping: 'objects',
  risk_score: 'number',
  risk_score_mapping: 'objects',
  tags: 'strings',
  references: 'strings',
  false_positives: 'strings',
  note: 'string',
  setup: 'string',
  threat: 'objects',
  threshold: 'object',
  new_terms_fields: 'strings',
  history_window_start: 'string',
  exceptions_list: 'objects',
  building_block_type: 'string',
  timestamp_override: 'string',
  timestamp_override_fallback_disabled: 'boolean',
  event_category_override: 'string',
  tiebreaker_field: 'string',
  alert_suppression: 'object',
  investigation_fields: 'object',
  rule_name_override: 'string',
  threat_query: 'string',
  threat_language: 'string',
  threat_index: 'strings',
  threat_mapping: 'objects',
  threat_indicator_path: 'string',
  author: 'strings',
  license: 'string',
  version: 'number',
  revision: 'number',
  enabled: 'boolean',
  immutable: 'boolean',
  meta: 'object',
};

const KIND_NAMES: Record<FieldKind, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  strings: 'an array of strings',
  object: 'an object',
  objects: 'an array of objects',
};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasKind(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === kind;
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'object':
      return isPlainObject(value);
    case 'objects':
      return Array.isArray(value) && value.every(isPlainObject);
  }
}

function isKnownField(key: string): key is keyof KnownRuleFields {
  return Object.hasOwn(FIELD_KINDS, key);
}

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Splits a rule object in Kibana field names into typed known fields and the passthrough.
 * Known fields holding the wrong JSON type go to the passthrough too, so nothing is lost.
 */
export function ruleFromRecord(record: Readonly<Record<string, unknown>>): { rule: Rule; problems: FieldProblem[] } {
  const rule: Rule = { passthrough: {} };
  const known = rule as unknown as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (!isKnownField(key)) {
      setOwn(rule.passthrough, key, value);
    } else if (hasKind(value, FIELD_KINDS[key])) {
      known[key] = value;
    } else if (value === null) {
      // Kibana exports unset optional fields as null (e.g. `"timeline_id": null`): not an error.
      setOwn(rule.passthrough, key, value);
    } else {
      setOwn(rule.passthrough, key, value);
      problems.push({ field: key, message: `${key} must be ${KIND_NAMES[FIELD_KINDS[key]]}` });
    }
  }
  return { rule, problems };
}

/** The rule as a Kibana export/import object: the inverse of `ruleFromRecord`. */
export function ruleToRecord(rule: Rule): Record<string, unknown> {
  const { passthrough, ...known } = rule;
  return { ...known, ...passthrough };
}
