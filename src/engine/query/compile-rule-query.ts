import { compileEql } from '../eql/compile.ts';
import { parseEql } from '../eql/parser.ts';
import { QuerySyntaxError } from '../errors.ts';
import { compileKql } from '../kql/compile.ts';
import { parseKql } from '../kql/parser.ts';
import { compileLucene } from '../lucene/compile.ts';
import { parseLucene } from '../lucene/parser.ts';
import type { Rule } from '../rules/model.ts';
import { effectiveLanguage } from '../rules/validate.ts';
import type { CompiledFilter } from './compiled.ts';
import { triggersOfAny, type Triggers } from './triggers.ts';

export type CompiledEqlQuery = ReturnType<typeof compileEql>;

/** A query error; `line`/`column`/`offset` are inside the text of `field` (the rule's query or threat_query). */
export interface RuleQueryError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly field: 'query' | 'threat_query';
}

export type CompiledRuleQuery =
  | { readonly language: 'kuery' | 'lucene'; readonly filter: CompiledFilter }
  | { readonly language: 'eql'; readonly eql: CompiledEqlQuery };

export type RuleQueryResult =
  | ({ readonly status: 'ok' } & CompiledRuleQuery)
  | { readonly status: 'error'; readonly errors: readonly RuleQueryError[] }
  | { readonly status: 'unsupported'; readonly reason: string };

type Attempt<T> = { ok: true; value: T } | { ok: false; error: RuleQueryError };

function attempt<T>(field: RuleQueryError['field'], run: () => T): Attempt<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (error instanceof QuerySyntaxError) {
      const { reason: message, line, column, offset } = error;
      return { ok: false, error: { message, line, column, offset, field } };
    }
    // A compiler bug must not take the whole rule pack down: report it on the rule.
    const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, error: { message, line: 1, column: 1, offset: 0, field } };
  }
}

function compileFilter(language: 'kuery' | 'lucene', text: string, field: RuleQueryError['field']): Attempt<CompiledFilter> {
  return attempt(field, () => (language === 'kuery' ? compileKql(parseKql(text)) : compileLucene(parseLucene(text))));
}

const isFilterLanguage = (language: string | undefined): language is 'kuery' | 'lucene' =>
  language === 'kuery' || language === 'lucene';

/**
 * Parses and compiles a rule's query with the parser its type and language call for.
 * Rule types Loupe cannot run come back `unsupported` (after their query is still checked where
 * Loupe can parse it); nothing here throws.
 */
export function compileRuleQuery(rule: Rule): RuleQueryResult {
  const language = effectiveLanguage(rule);
  switch (rule.type) {
    case 'machine_learning':
      return { status: 'unsupported', reason: 'machine learning rules read anomaly detection job results from Elasticsearch' };
    case 'esql':
      return { status: 'unsupported', reason: 'ES|QL rules are not supported yet' };
    case 'eql': {
      const text = rule.query ?? '';
      // Kibana's EQL request sends the rule's EQL `timestamp_field` (default @timestamp) to order events;
      // `timestamp_override` only drives the time-range filter (rule_types/eql/build_eql_search_request.ts).
      const timestampField = rule.passthrough.timestamp_field;
      const options = {
        text,
        eventCategoryField: rule.event_category_override,
        timestampField: typeof timestampField === 'string' && timestampField !== '' ? timestampField : undefined,
        tiebreakerField: rule.tiebreaker_field,
      };
      const compiled = attempt('query', () => compileEql(parseEql(text), options));
      return compiled.ok ? { status: 'ok', language: 'eql', eql: compiled.value } : { status: 'error', errors: [compiled.error] };
    }
    case 'saved_query':
    case 'query':
    case 'new_terms':
    case 'threshold':
    case 'threat_match': {
      if (rule.type === 'saved_query' && rule.query === undefined) {
        return { status: 'unsupported', reason: 'the saved query is stored in Kibana and not part of the rule' };
      }
      if (!isFilterLanguage(language)) return { status: 'unsupported', reason: `query language "${language}" is not valid here` };
      // Kibana runs a query rule without a query as the empty query, which matches every event.
      const compiled = compileFilter(language, rule.query ?? '', 'query');
      if (rule.type === 'threat_match') return threatMatchResult(rule, compiled);
      return compiled.ok ? { status: 'ok', language, filter: compiled.value } : { status: 'error', errors: [compiled.error] };
    }
    default:
      return { status: 'unsupported', reason: `unknown rule type "${rule.type ?? ''}"` };
  }
}

/**
 * Indicator match rules join events against a threat-intel index, which Loupe cannot search yet.
 * Their queries are still checked, so a broken one is an error rather than silently unsupported.
 */
function threatMatchResult(rule: Rule, compiled: Attempt<CompiledFilter>): RuleQueryResult {
  const errors: RuleQueryError[] = compiled.ok ? [] : [compiled.error];
  if (rule.threat_query !== undefined) {
    const threatLanguage = rule.threat_language ?? 'kuery';
    if (isFilterLanguage(threatLanguage)) {
      const threat = compileFilter(threatLanguage, rule.threat_query, 'threat_query');
      if (!threat.ok) errors.push(threat.error);
    }
  }
  if (errors.length > 0) return { status: 'error', errors };
  return { status: 'unsupported', reason: 'indicator match (threat_match) rules need a threat-intel index; the query is valid' };
}

/** The query's triggers (triggers.ts): for EQL sequences and samples, any clause's (and `until`'s). */
export function queryTriggers(compiled: CompiledRuleQuery): Triggers {
  if (compiled.language !== 'eql') return compiled.filter.triggers ?? null;
  const eql = compiled.eql;
  if (eql.kind === 'event') return eql.filter.triggers ?? null;
  const clauses = [...eql.clauses, ...(eql.kind === 'sequence' && eql.until ? [eql.until] : [])];
  return triggersOfAny(clauses.map((clause) => clause.filter.triggers ?? null));
}

/** Clause bits a sequence's per-clause tests take (`matchesSome`): past this many clauses, none. */
export const MAX_TRIGGER_PARTS = 31;

/**
 * An EQL sequence's triggers clause by clause (`until` last), so the rule program can tell which
 * clauses an event may match and the rule test only those (`matchesSome`); undefined for other
 * queries, and past MAX_TRIGGER_PARTS clauses.
 */
export function queryTriggerParts(compiled: CompiledRuleQuery): readonly Triggers[] | undefined {
  if (compiled.language !== 'eql' || compiled.eql.kind !== 'sequence') return undefined;
  const eql = compiled.eql;
  const clauses = [...eql.clauses, ...(eql.until ? [eql.until] : [])];
  return clauses.length > MAX_TRIGGER_PARTS ? undefined : clauses.map((clause) => clause.filter.triggers ?? null);
}
