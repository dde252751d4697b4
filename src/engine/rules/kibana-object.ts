import { ruleFromRecord } from './fields.ts';
import { objectValueOffsets } from './json-keys.ts';
import type { LineIndex } from './line-index.ts';
import type { FilePosition, RuleEntry, RuleIssue, RuleSource } from './model.ts';
import { locateString } from './string-location.ts';

/**
 * A rule entry from one Kibana rule object (an export NDJSON line, or an object of a JSON file).
 * `open` is the offset of the object's `{` in the file text, used to point at its fields.
 */
export function entryFromKibanaObject(
  record: Readonly<Record<string, unknown>>,
  file: string,
  lines: LineIndex,
  open: number,
): RuleEntry {
  const { rule, problems } = ruleFromRecord(record);
  // Field positions serve messages only: found when first asked for (a library of 1,700 clean rules
  // never asks). Once the host released the file's text (`releaseRuleTexts`), they are not found:
  // messages then point at the rule's first line (`start`, found now).
  let located: Pick<RuleSource, 'fields' | 'query'> | undefined;
  const locate = () => (located ??= locateFields(rule.query, lines, open));
  const source: RuleSource = {
    file,
    start: lines.positionOf(open),
    get fields() {
      return locate().fields;
    },
    get query() {
      return locate().query;
    },
  };
  const issues: RuleIssue[] = problems.map((problem) => ({
    message: problem.message,
    ...(source.fields[problem.field] ?? source.start),
  }));
  return { rule, source, issues, exceptionLists: [], missingExceptionLists: [] };
}

function locateFields(query: string | undefined, lines: LineIndex, open: number): Pick<RuleSource, 'fields' | 'query'> {
  if (lines.released) return { fields: {} };
  const offsets = objectValueOffsets(lines.text, open);
  const fields: Record<string, FilePosition> = {};
  for (const [key, offset] of offsets) fields[key] = lines.positionOf(offset);
  const queryOpen = offsets.get('query');
  const located = queryOpen === undefined ? undefined : locateString(lines, queryOpen, 'json');
  return { fields, ...(located && located.value === query ? { query: located.location } : {}) };
}
