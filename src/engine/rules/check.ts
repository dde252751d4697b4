import { compileRuleQuery } from '../query/compile-rule-query.ts';
import type { CompiledRuleQuery, RuleQueryError } from '../query/compile-rule-query.ts';
import { ruleToRecord } from './fields.ts';
import type { RuleSummary } from './precompiled.ts';
import type { FilePosition, RuleEntry, RuleIssue } from './model.ts';
import { positionInFile } from './string-location.ts';
import { validateRule } from './validate.ts';
import { appendAll } from '../append-all.ts';

export type RuleStatus = 'ok' | 'error' | 'unsupported';

/** The verdict on one rule: what `loupe check` prints, and the compiled query a scan can reuse. */
export interface RuleCheck {
  readonly entry: RuleEntry;
  readonly status: RuleStatus;
  /** Every problem, in file order of discovery: load, schema, then query. Empty unless status is error. */
  readonly errors: readonly RuleIssue[];
  /** Why Loupe cannot run the rule (status unsupported). */
  readonly reason?: string;
  readonly compiled?: CompiledRuleQuery;
  /**
   * Instead of `compiled`, for a rule of a precompiled pack (precompiled.ts): what routes events to
   * it; the query is compiled when an event first reaches the rule.
   */
  readonly summary?: RuleSummary;
}

function queryIssue(entry: RuleEntry, error: RuleQueryError): RuleIssue {
  const { source } = entry;
  const mapped = error.field === 'query' && source.query ? positionInFile(source.query, error.offset) : undefined;
  const position: FilePosition = mapped ?? source.fields[error.field] ?? source.start;
  return {
    message: `${error.message} (${error.field} ${error.line}:${error.column})`,
    ...position,
    query: { line: error.line, column: error.column, offset: error.offset },
  };
}

/** Validates a loaded rule against Kibana's schema and compiles its query. */
export function checkRule(entry: RuleEntry): RuleCheck {
  const errors: RuleIssue[] = [...entry.issues];
  const readable = Object.keys(ruleToRecord(entry.rule)).length > 0;
  if (!readable) return { entry, status: 'error', errors };

  for (const problem of validateRule(entry.rule)) {
    errors.push({ message: problem.message, ...(entry.source.fields[problem.field] ?? entry.source.start) });
  }
  const result = compileRuleQuery(entry.rule);
  if (result.status === 'error') appendAll(errors, result.errors.map((error) => queryIssue(entry, error)));
  if (errors.length > 0 || result.status === 'error') return { entry, status: 'error', errors };
  if (result.status === 'unsupported') return { entry, status: 'unsupported', errors, reason: result.reason };
  const { status: _status, ...compiled } = result;
  return { entry, status: 'ok', errors, compiled };
}
