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

/**
 * Lets go of the rule files' texts, which Kibana-format entries keep to locate field positions for
 * messages when first asked (the public library's: 16 MB, held as 32 MB because some lines need
 * two-byte strings). For a host that has checked the entries and keeps them only to run them (a
 * CLI scan): a message asked for later points at the rule's first line instead of the field.
 */
export function releaseRuleTexts(loaded: LoadedRuleSet): void {
  for (const file of loaded.files) file.releaseText?.();
}

/**
 * The files that added no rule: no rule in them, and no exception list that a rule loaded with
 * them (or, with `rulesElsewhere`, rules already loaded) could use. Loading such a file does
 * nothing, which must never pass as "0 rules, all ok" (a Kibana export of something else, an
 * empty file, the wrong file picked).
 */
export function filesWithoutRules(texts: readonly RuleText[], loaded: LoadedRuleSet, options: { readonly rulesElsewhere?: boolean } = {}): string[] {
  const rules = options.rulesElsewhere === true || loaded.entries.length > 0;
  return loaded.files.flatMap((file, index) => {
    const exceptionsUsed = rules && file.exceptionLists.length + file.exceptionItems.length > 0;
    return file.entries.length === 0 && !exceptionsUsed ? [texts[index]!.file] : [];
  });
}

export function noRulesMessage(file: string): string {
  return `no rules found in ${file}`;
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
