import { arrayElementOffsets } from './json-keys.ts';
import { describeJsonError } from './json-errors.ts';
import { KibanaRecords } from './kibana-records.ts';
import { LineIndex } from './line-index.ts';
import type { LoadedRuleFile } from './model.ts';
import { loadNdjsonRules } from './ndjson.ts';
import { problemEntry } from './problem-entry.ts';

/**
 * Loads a `.json` file: one Kibana rule object, or an array of them. A file that is not one JSON
 * document but whose first line is, is read as NDJSON (exports saved under a .json name).
 */
export function loadJsonRules(text: string, file: string): LoadedRuleFile {
  const lines = new LineIndex(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (looksLikeNdjson(text)) return loadNdjsonRules(text, file);
    const { message, position } = describeJsonError(error, lines, 0);
    return { entries: [problemEntry(file, position, message)], exceptionLists: [], exceptionItems: [], skippedLines: [] };
  }
  const records = new KibanaRecords(file, lines);
  const open = text.length - text.trimStart().length;
  if (Array.isArray(value)) {
    const offsets = arrayElementOffsets(text, open);
    value.forEach((element, index) => records.add(element, offsets[index] ?? open));
  } else {
    records.add(value, open);
  }
  return records;
}

function looksLikeNdjson(text: string): boolean {
  const firstLine = text.trimStart().split('\n', 1)[0] ?? '';
  try {
    JSON.parse(firstLine);
    return true;
  } catch {
    return false;
  }
}
