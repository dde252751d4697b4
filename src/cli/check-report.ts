import type { RuleCheck, RuleStatus } from '../engine/rules/check.ts';
import { formatCount, plural } from '../engine/output/plural.ts';
import { effectiveLanguage } from '../engine/rules/validate.ts';
import { appendAll } from '../engine/append-all.ts';

const MARKS: Record<RuleStatus, string> = { ok: '✓', error: '✗', unsupported: '–' };

/** One `--json` line: the fields scripts rely on, in a fixed order. */
export function checkJsonLine(check: RuleCheck): string {
  const { rule, source } = check.entry;
  return JSON.stringify({
    rule_id: rule.rule_id ?? null,
    name: rule.name ?? null,
    type: rule.type ?? null,
    language: effectiveLanguage(rule) ?? null,
    status: check.status,
    ok: check.status !== 'error',
    errors: check.errors.map(({ message, line, column }) => ({ message, line, column })),
    file: source.file,
    ...(check.reason !== undefined ? { reason: check.reason } : {}),
  });
}

export function ruleLine(check: RuleCheck): string {
  const { rule, source } = check.entry;
  const name = rule.name ?? `(unnamed rule at ${source.file}:${source.start.line})`;
  return `${MARKS[check.status]} ${name} (${rule.rule_id ?? 'no rule_id'})`;
}

/** A rule's problems, indented, as `file:line:column: message`, then its unsupported reason and notes. */
export function ruleProblemLines(check: RuleCheck): string[] {
  const { file } = check.entry.source;
  const lines = check.errors.map((error) => `    ${file}:${error.line}:${error.column}: ${error.message}`);
  if (check.reason !== undefined) lines.push(`    unsupported: ${check.reason}`);
  for (const missing of check.entry.missingExceptionLists) {
    lines.push(`    note: exception list ${missing.list_id} was not among the loaded files; its exceptions are not applied`);
  }
  return lines;
}

/** The human report: one line per rule, its problems indented as file:line:column, then a summary. */
export function checkTextReport(checks: readonly RuleCheck[]): string {
  const lines: string[] = [];
  for (const check of checks) {
    lines.push(ruleLine(check));
    appendAll(lines, ruleProblemLines(check));
  }
  const count = (status: RuleStatus) => checks.filter((check) => check.status === status).length;
  lines.push(`${plural(checks.length, 'rule')}: ${formatCount(count('ok'))} ok, ${plural(count('error'), 'error')}, ${formatCount(count('unsupported'))} unsupported`);
  return lines.join('\n');
}
