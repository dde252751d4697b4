import { linkExceptionLists } from './exceptions.ts';
import { loadJsonRules } from './json.ts';
import type { LoadedRuleFile, RuleEntry } from './model.ts';
import { loadNdjsonRules } from './ndjson.ts';
import { loadTomlRules } from './toml.ts';

export const RULE_FILE_EXTENSIONS = ['.toml', '.ndjson', '.json'] as const;

const LOADERS: Record<(typeof RULE_FILE_EXTENSIONS)[number], (text: string, file: string) => LoadedRuleFile> = {
  '.toml': loadTomlRules,
  '.ndjson': loadNdjsonRules,
  '.json': loadJsonRules,
};

export function isRuleFileName(name: string): boolean {
  return RULE_FILE_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension));
}

/** A rule file's name (as it should appear in messages) and its text. */
export interface RuleText {
  readonly file: string;
  readonly text: string;
}

export interface LoadedRuleSet {
  readonly entries: readonly RuleEntry[];
  readonly files: readonly LoadedRuleFile[];
}

/**
 * Loads rule files of any supported format together: exception lists join the rules that
 * reference them across files, and a rule_id defined twice is an error on the later copy
 * (Kibana's import refuses the same rule_id twice).
 */
export function loadRuleTexts(texts: readonly RuleText[]): LoadedRuleSet {
  const files = texts.map(({ file, text }) => {
    const extension = RULE_FILE_EXTENSIONS.find((candidate) => file.toLowerCase().endsWith(candidate));
    if (!extension) throw new Error(`not a rule file (expected ${RULE_FILE_EXTENSIONS.join(', ')}): ${file}`);
    return LOADERS[extension](text, file);
  });
  const entries = files.flatMap((file) => file.entries);
  linkExceptionLists(
    entries,
    files.flatMap((file) => file.exceptionLists),
    files.flatMap((file) => file.exceptionItems),
  );
  markDuplicateRuleIds(entries);
  return { entries, files };
}

function markDuplicateRuleIds(entries: readonly RuleEntry[]): void {
  const first = new Map<string, RuleEntry>();
  for (const entry of entries) {
    const id = entry.rule.rule_id;
    if (id === undefined) continue;
    const original = first.get(id);
    if (!original) {
      first.set(id, entry);
      continue;
    }
    const where = `${original.source.file}:${original.source.start.line}`;
    entry.duplicateOf = where;
    entry.issues.push({ message: `duplicate rule_id ${id} (first defined at ${where})`, ...(entry.source.fields.rule_id ?? entry.source.start) });
  }
}
