import { parse, TomlDate, TomlError } from 'smol-toml';
import { kibanaRecordFromTomlRule } from './detection-rules-format.ts';
import { isPlainObject, ruleFromRecord } from './fields.ts';
import { LineIndex } from './line-index.ts';
import type { FilePosition, LoadedRuleFile, RuleEntry, RuleIssue, RuleSource } from './model.ts';
import { problemEntry } from './problem-entry.ts';
import { locateString } from './string-location.ts';
import type { StringSyntax } from './string-location.ts';
import { scanTomlRuleLayout } from './toml-keys.ts';

/** Dates become ISO strings, as they would in Kibana's JSON. */
function jsonValues(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonValues);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValues(v)]));
  return value;
}

function stringSyntaxAt(text: string, offset: number): StringSyntax | undefined {
  if (text.startsWith("'''", offset)) return 'toml-multiline-literal';
  if (text.startsWith('"""', offset)) return 'toml-multiline-basic';
  if (text[offset] === "'") return 'toml-literal';
  if (text[offset] === '"') return 'toml-basic';
  return undefined;
}

function fileOnly(entry: RuleEntry): LoadedRuleFile {
  return { entries: [entry], exceptionLists: [], exceptionItems: [], skippedLines: [] };
}

/** Loads one rule written in elastic/detection-rules TOML (`[metadata]`, `[rule]`, `[[rule.threat]]`...). */
export function loadTomlRules(text: string, file: string): LoadedRuleFile {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split('\n', 1)[0]!.replace(/^Invalid TOML document: /, '');
    return fileOnly(problemEntry(file, { line: error.line, column: error.column }, `invalid TOML: ${reason}`));
  }
  if (!isPlainObject(document.rule)) {
    return fileOnly(problemEntry(file, { line: 1, column: 1 }, 'no [rule] table: not a detection-rules TOML rule'));
  }

  const lines = new LineIndex(text);
  const layout = scanTomlRuleLayout(lines);
  const start = layout.ruleHeader ?? { line: 1, column: 1 };
  const fields: Record<string, FilePosition> = {};
  for (const [key, offset] of layout.valueOffsets) fields[key] = lines.positionOf(offset);
  for (const [key, position] of layout.subTables) fields[key] ??= position;
  if (fields.new_terms) {
    fields.new_terms_fields ??= fields.new_terms;
    fields.history_window_start ??= fields.new_terms;
  }

  const mapped = kibanaRecordFromTomlRule(jsonValues(document.rule) as Record<string, unknown>);
  const { rule, problems } = ruleFromRecord(mapped.record);
  const queryOffset = layout.valueOffsets.get('query');
  const syntax = queryOffset === undefined ? undefined : stringSyntaxAt(text, queryOffset);
  const located = syntax && queryOffset !== undefined ? locateString(lines, queryOffset, syntax) : undefined;
  const source: RuleSource = {
    file,
    start,
    fields,
    ...(located && located.value === rule.query ? { query: located.location } : {}),
  };
  const issues: RuleIssue[] = [...mapped.problems, ...problems].map((problem) => ({
    message: problem.message,
    ...(fields[problem.field] ?? start),
  }));
  const metadata = isPlainObject(document.metadata) ? (jsonValues(document.metadata) as Record<string, unknown>) : undefined;
  return fileOnly({
    rule,
    source,
    issues,
    ...(metadata ? { metadata } : {}),
    exceptionLists: [],
    missingExceptionLists: [],
  });
}
