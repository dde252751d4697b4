import { isDateMath, isInterval, millisBeforeNow } from './date-math.ts';
import type { FieldProblem } from './fields.ts';
import { isPlainObject } from './fields.ts';
import { RULE_TYPES } from './model.ts';
import type { Rule, RuleType } from './model.ts';

/** Languages Kibana accepts per rule type; the first is the default when `language` is absent. */
const LANGUAGES: Record<RuleType, readonly string[]> = {
  query: ['kuery', 'lucene'],
  saved_query: ['kuery', 'lucene'],
  threshold: ['kuery', 'lucene'],
  threat_match: ['kuery', 'lucene'],
  new_terms: ['kuery', 'lucene'],
  // Kibana requires `language: "eql"` on EQL rules; Loupe infers it from the type when absent.
  eql: ['eql'],
  esql: ['esql'],
  machine_learning: [],
};

/** Types whose `query` is required. A `query` rule without one searches everything (Kibana's default ""). */
const QUERY_REQUIRED: ReadonlySet<RuleType> = new Set(['eql', 'threshold', 'threat_match', 'new_terms', 'esql']);

const REQUIRED_FIELDS = ['rule_id', 'name', 'description', 'type', 'severity', 'risk_score'] as const;
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const MAX_NEW_TERMS_FIELDS = 3;
const MAX_THRESHOLD_FIELDS = 5;

export function isRuleType(type: string | undefined): type is RuleType {
  return (RULE_TYPES as readonly (string | undefined)[]).includes(type);
}

/** The language a rule's query is written in, after Kibana's defaults. */
export function effectiveLanguage(rule: Rule): string | undefined {
  if (rule.language !== undefined) return rule.language;
  return isRuleType(rule.type) ? LANGUAGES[rule.type][0] : undefined;
}

const isWholeNumber = (value: number, min: number) => Number.isInteger(value) && value >= min;

/** Problems Kibana's rule schema would reject the rule for (checked on what Loupe runs and shows). */
export function validateRule(rule: Rule): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  for (const field of REQUIRED_FIELDS) {
    // A value of the wrong type sits in the passthrough and was reported when loading; null counts as missing.
    const present = rule[field] !== undefined || (rule.passthrough[field] ?? null) !== null;
    if (!present) problem(field, `missing required field ${field}`);
  }
  if (rule.severity !== undefined && !SEVERITIES.includes(rule.severity)) {
    problem('severity', `severity must be one of ${SEVERITIES.join(', ')}`);
  }
  if (rule.risk_score !== undefined && !(isWholeNumber(rule.risk_score, 0) && rule.risk_score <= 100)) {
    problem('risk_score', 'risk_score must be a whole number from 0 to 100');
  }
  if (rule.max_signals !== undefined && !isWholeNumber(rule.max_signals, 1)) {
    problem('max_signals', 'max_signals must be a whole number of at least 1');
  }
  if (rule.interval !== undefined && !isInterval(rule.interval)) {
    problem('interval', `interval "${rule.interval}" is not a duration like 5m`);
  }
  for (const field of ['from', 'to'] as const) {
    const value = rule[field];
    if (value !== undefined && !isDateMath(value)) problem(field, `${field} "${value}" is not date math like now-9m`);
  }
  if (rule.building_block_type !== undefined && rule.building_block_type !== 'default') {
    problem('building_block_type', 'building_block_type must be "default"');
  }
  validateThreat(rule, problem);
  validateExceptionRefs(rule, problem);

  if (rule.type === undefined) return problems;
  if (!isRuleType(rule.type)) {
    problem('type', `unknown rule type "${rule.type}" (expected one of ${RULE_TYPES.join(', ')})`);
    return problems;
  }
  const languages = LANGUAGES[rule.type];
  if (rule.language !== undefined && languages.length > 0 && !languages.includes(rule.language)) {
    problem('language', `language "${rule.language}" is not valid for ${rule.type} rules (expected ${languages.join(' or ')})`);
  }
  if (QUERY_REQUIRED.has(rule.type) && rule.query === undefined) problem('query', `${rule.type} rules need a query`);
  if (rule.type === 'new_terms') validateNewTerms(rule, problem);
  if (rule.type === 'threshold') validateThreshold(rule, problem);
  return problems;
}

type Report = (field: string, message: string) => void;

function validateNewTerms(rule: Rule, problem: Report): void {
  const fields = rule.new_terms_fields;
  if (fields === undefined) {
    problem('new_terms_fields', 'new_terms rules need new_terms_fields');
  } else if (fields.length < 1 || fields.length > MAX_NEW_TERMS_FIELDS) {
    problem('new_terms_fields', `new_terms_fields must list 1 to ${MAX_NEW_TERMS_FIELDS} fields (has ${fields.length})`);
  } else if (fields.some((field) => field.trim() === '')) {
    problem('new_terms_fields', 'new_terms_fields must not contain empty field names');
  }
  const history = rule.history_window_start;
  if (history === undefined) {
    problem('history_window_start', 'new_terms rules need history_window_start');
    return;
  }
  if (!isDateMath(history)) {
    problem('history_window_start', `history_window_start "${history}" is not date math like now-7d`);
    return;
  }
  // Kibana rejects a history window that does not reach back before the rule's own window.
  const historyMillis = millisBeforeNow(history);
  const fromMillis = millisBeforeNow(rule.from ?? 'now-6m');
  if (historyMillis !== undefined && fromMillis !== undefined && historyMillis <= fromMillis) {
    problem('history_window_start', `history_window_start (${history}) must be earlier than from (${rule.from ?? 'now-6m'})`);
  }
}

function validateThreshold(rule: Rule, problem: Report): void {
  const threshold = rule.threshold;
  if (threshold === undefined) {
    problem('threshold', 'threshold rules need a threshold { field, value }');
    return;
  }
  const { field, value, cardinality } = threshold as { field?: unknown; value?: unknown; cardinality?: unknown };
  const fields = typeof field === 'string' ? [field] : field;
  if (!Array.isArray(fields) || !fields.every((name) => typeof name === 'string')) {
    problem('threshold', 'threshold.field must be a field name or an array of field names');
  } else if (fields.length > MAX_THRESHOLD_FIELDS) {
    problem('threshold', `threshold.field may group by at most ${MAX_THRESHOLD_FIELDS} fields`);
  }
  if (typeof value !== 'number' || !isWholeNumber(value, 1)) {
    problem('threshold', 'threshold.value must be a whole number of at least 1');
  }
  if (cardinality === undefined) return;
  const valid =
    Array.isArray(cardinality) &&
    cardinality.every(
      (item) => isPlainObject(item) && typeof item.field === 'string' && typeof item.value === 'number' && isWholeNumber(item.value, 0),
    );
  if (!valid) {
    problem('threshold', 'threshold.cardinality must be a list of { field, value } with a whole-number value');
  } else if (Array.isArray(fields) && cardinality.some((item: { field: string }) => fields.includes(item.field))) {
    problem('threshold', 'threshold.cardinality cannot count a field the rule groups by (its cardinality is always 1)');
  }
}

function hasEntryShape(value: unknown): boolean {
  return isPlainObject(value) && typeof value.id === 'string' && typeof value.name === 'string' && typeof value.reference === 'string';
}

function validateThreat(rule: Rule, problem: Report): void {
  for (const [index, threat] of (rule.threat ?? []).entries()) {
    const where = `threat[${index}]`;
    if (typeof threat.framework !== 'string') problem('threat', `${where} needs a framework`);
    if (!hasEntryShape(threat.tactic)) problem('threat', `${where}.tactic needs id, name and reference`);
    const techniques: unknown = threat.technique ?? [];
    const techniquesValid =
      Array.isArray(techniques) &&
      techniques.every(
        (technique) =>
          hasEntryShape(technique) &&
          (technique.subtechnique === undefined || (Array.isArray(technique.subtechnique) && technique.subtechnique.every(hasEntryShape))),
      );
    if (!techniquesValid) problem('threat', `${where}.technique entries need id, name and reference`);
  }
}

function validateExceptionRefs(rule: Rule, problem: Report): void {
  for (const ref of rule.exceptions_list ?? []) {
    const valid = ['id', 'list_id', 'type', 'namespace_type'].every((key) => typeof (ref as unknown as Record<string, unknown>)[key] === 'string');
    if (!valid) problem('exceptions_list', 'exceptions_list entries need id, list_id, type and namespace_type');
  }
}
