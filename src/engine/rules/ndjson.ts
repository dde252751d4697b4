import { describeJsonError } from './json-errors.ts';
import { KibanaRecords } from './kibana-records.ts';
import { LineIndex } from './line-index.ts';
import type { LoadedRuleFile } from './model.ts';
import { problemEntry } from './problem-entry.ts';

/**
 * Loads a Kibana rule export (`_export` NDJSON): one rule per line, then any exception lists and
 * items, action connectors, and the export-details summary line.
 */
export function loadNdjsonRules(text: string, file: string): LoadedRuleFile {
  const lines = new LineIndex(text);
  const records = new KibanaRecords(file, lines);
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    const indent = line.length - line.trimStart().length;
    if (line.trim() !== '') {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        const { message, position } = describeJsonError(error, lines, start);
        records.entries.push(problemEntry(file, position, message));
        value = undefined;
      }
      if (value !== undefined) records.add(value, start + indent);
    }
    start = end + 1;
  }
  return records;
}
