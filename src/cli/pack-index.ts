/**
 * The bundled library's pack index: each runnable rule's summary (engine/rules/precompiled.ts),
 * so `loupe scan` loads the 1,700-rule library without parsing or compiling a query (a rule's
 * query is compiled when an event first reaches it; rules no event reaches never are).
 *
 * The build writes it beside the CLI bundle (scripts/build-cli.mjs runs pack-index-build.ts), so
 * it always comes from the compiler in that bundle; it holds the SHA-256 of the rule shards it was
 * made from (rules-NN.ndjson, hashed in order: the digest of the pack's whole NDJSON), and any other
 * rules (a `rules:update` since the build) are loaded and compiled in full, as is the library when
 * `loupe` runs from its sources (no index beside them).
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRule, type RuleCheck } from '../engine/rules/check.ts';
import { loadRuleTexts, type RuleText } from '../engine/rules/load.ts';
import type { RuleEntry } from '../engine/rules/model.ts';
import { selectLibrary, type PackCatalogue } from '../engine/rules/pack/catalogue.ts';
import { lazyCheck, precompiledCheck, summarizeCheck, type RuleSummary } from '../engine/rules/precompiled.ts';

/** Beside the module: build/cli/ for the bundle; nothing is ever written beside the sources. */
export const PACK_INDEX_FILE = fileURLToPath(new URL('./elastic-pack-index.json', import.meta.url));

/** Bumped when the file's shape changes. */
const FORMAT = 2;

interface PackIndexFile {
  readonly format: number;
  /** SHA-256 (hex) of the rule shards the summaries were made from, in order. */
  readonly rulesSha256: string;
  /** By rule_id: the rule's shard (base name) and line there, and its summary. */
  readonly rules: Readonly<Record<string, { readonly file: string; readonly line: number; readonly summary: RuleSummary }>>;
}

export type PackIndex = PackIndexFile['rules'];

/** SHA-256 (hex) of the parts one after another: of the shards, the digest of the pack's whole NDJSON. */
export function sha256Hex(parts: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** The index for exactly these rule shards (their `sha256Hex`); undefined when absent, unreadable or made from other rules. */
export async function readPackIndex(rulesSha256: string, file = PACK_INDEX_FILE): Promise<PackIndex | undefined> {
  let parsed: Partial<PackIndexFile>;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<PackIndexFile>;
  } catch {
    return undefined;
  }
  if (parsed.format !== FORMAT || parsed.rulesSha256 !== rulesSha256 || typeof parsed.rules !== 'object' || parsed.rules === null) return undefined;
  return parsed.rules;
}

/**
 * Each entry's check: from the index when it summarises this rule (same rule_id on the same line
 * of the same shard, loaded without problems), else checked now.
 */
export function packChecks(entries: readonly RuleEntry[], index: PackIndex | undefined): RuleCheck[] {
  return entries.map((entry) => {
    const id = entry.rule.rule_id;
    const stored = index !== undefined && id !== undefined && Object.hasOwn(index, id) ? index[id] : undefined;
    const clean = entry.issues.length === 0 && entry.duplicateOf === undefined;
    const here = stored !== undefined && stored.line === entry.source.start.line && stored.file === basename(entry.source.file);
    return stored !== undefined && here && clean ? precompiledCheck(entry, stored.summary) : lazyCheck(checkRule(entry));
  });
}

/** Checks every runnable rule of the library (its shards, whose `sha256Hex` is `rulesSha256`) and writes the summaries of those that are `ok`. */
export async function writePackIndex(catalogue: PackCatalogue, shards: readonly RuleText[], rulesSha256: string, out = PACK_INDEX_FILE): Promise<number> {
  const { texts } = selectLibrary(catalogue, shards, {});
  const summaries = new Map<string, { file: string; line: number; summary: RuleSummary }>();
  for (const check of loadRuleTexts(texts).entries.map(checkRule)) {
    const { entry } = check;
    const id = entry.rule.rule_id;
    const summary = summarizeCheck(check);
    if (id === undefined || summary === undefined || entry.issues.length > 0 || entry.duplicateOf !== undefined) continue;
    summaries.set(id, { file: basename(entry.source.file), line: entry.source.start.line, summary });
  }
  // fromEntries defines own properties: a rule_id such as __proto__ stays a key.
  const file: PackIndexFile = { format: FORMAT, rulesSha256, rules: Object.fromEntries(summaries) };
  await writeFile(out, `${JSON.stringify(file)}\n`);
  return summaries.size;
}
