/**
 * The bundled library's pack index: each runnable rule's summary (rules/precompiled.ts) by
 * rule_id, so a scan loads the 1,700-rule library without parsing or compiling a query (a rule's
 * query is compiled when an event first reaches it; rules no event reaches never are). Written by
 * a build from the compiler in that build: beside the CLI bundle (cli/pack-index.ts) and as an
 * asset of the site (scripts/vite-pack-index.ts), where compiling the whole library in the scan
 * worker took ~2 s before any event was read.
 */
import { checkRule, type RuleCheck } from '../check.ts';
import { loadRuleTexts, type RuleText } from '../load.ts';
import type { RuleEntry } from '../model.ts';
import { lazyCheck, precompiledCheck, summarizeCheck, type RuleSummary } from '../precompiled.ts';
import { selectLibrary, type PackCatalogue } from './catalogue.ts';

/** Bumped when the file's shape changes. */
export const PACK_INDEX_FORMAT = 2;

export interface PackIndexFile {
  readonly format: number;
  /** SHA-256 (hex) of the rule shards the summaries were made from, in order. */
  readonly rulesSha256: string;
  /** By rule_id: the rule's shard (base name) and line there, and its summary. */
  readonly rules: Readonly<Record<string, { readonly file: string; readonly line: number; readonly summary: RuleSummary }>>;
}

export type PackIndex = PackIndexFile['rules'];

/** The index of every runnable rule of the library (its shards, whose digest is `rulesSha256`) that checks `ok`. */
export function packIndexOf(catalogue: PackCatalogue, shards: readonly RuleText[], rulesSha256: string): PackIndexFile {
  const { texts } = selectLibrary(catalogue, shards, {});
  const summaries = new Map<string, { file: string; line: number; summary: RuleSummary }>();
  for (const check of loadRuleTexts(texts).entries.map(checkRule)) {
    const { entry } = check;
    const id = entry.rule.rule_id;
    const summary = summarizeCheck(check);
    if (id === undefined || summary === undefined || entry.issues.length > 0 || entry.duplicateOf !== undefined) continue;
    summaries.set(id, { file: baseName(entry.source.file), line: entry.source.start.line, summary });
  }
  // fromEntries defines own properties: a rule_id such as __proto__ stays a key.
  return { format: PACK_INDEX_FORMAT, rulesSha256, rules: Object.fromEntries(summaries) };
}

/** An index file from its text; undefined when it is not one of this format. */
export function parsePackIndex(text: string): PackIndexFile | undefined {
  let parsed: Partial<PackIndexFile>;
  try {
    parsed = JSON.parse(text) as Partial<PackIndexFile>;
  } catch {
    return undefined;
  }
  const { format, rulesSha256, rules } = parsed;
  return format === PACK_INDEX_FORMAT && typeof rulesSha256 === 'string' && typeof rules === 'object' && rules !== null ? { format, rulesSha256, rules } : undefined;
}

/** A path's last segment ('/' or '\\'). */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * Each entry's check: from the index when it summarises this rule (same rule_id on the same line
 * of the same shard, loaded without problems), else checked now. `shardOf` names an entry's shard
 * as the index does (undefined: not a library file, never served from the index).
 */
export function packChecks(entries: readonly RuleEntry[], index: PackIndex | undefined, shardOf: (file: string) => string | undefined = baseName): RuleCheck[] {
  return entries.map((entry) => {
    const id = entry.rule.rule_id;
    const stored = index !== undefined && id !== undefined && Object.hasOwn(index, id) ? index[id] : undefined;
    const clean = entry.issues.length === 0 && entry.duplicateOf === undefined;
    const here = stored !== undefined && stored.line === entry.source.start.line && stored.file === shardOf(entry.source.file);
    return stored !== undefined && here && clean ? precompiledCheck(entry, stored.summary) : lazyCheck(checkRule(entry));
  });
}
