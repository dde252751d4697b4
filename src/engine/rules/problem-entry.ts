import type { FilePosition, RuleEntry } from './model.ts';

/** An entry for text that could not be read as a rule at all (a TOML syntax error, a broken NDJSON line). */
export function problemEntry(file: string, position: FilePosition, message: string): RuleEntry {
  return {
    rule: { passthrough: {} },
    source: { file, start: position, fields: {} },
    issues: [{ message, ...position }],
    exceptionLists: [],
    missingExceptionLists: [],
  };
}
