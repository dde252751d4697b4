/**
 * A detection-rules release as Loupe's bundled pack: its production rules (deprecated and
 * development rules left out), each checked as `loupe check` checks it, written as one Kibana
 * rule-import NDJSON (one JSON.parse per rule at load: no TOML parsing at run time) cut into shard
 * files of under 2 MB (shards.ts), a catalogue
 * (pack order) for filtering and listing without loading rules, and a manifest saying where it
 * came from and which rules Loupe cannot run, with the reason.
 */
import { checkRule, type RuleCheck } from '../../src/engine/rules/check.ts';
import { ruleToRecord } from '../../src/engine/rules/fields.ts';
import { loadRuleTexts } from '../../src/engine/rules/load.ts';
import type { RuleEntry } from '../../src/engine/rules/model.ts';
import { catalogueEntry, type CatalogueEntry, type PackCatalogue } from '../../src/engine/rules/pack/catalogue.ts';
import type { PackManifest } from '../../src/engine/rules/pack/manifest.ts';
import type { Release } from './read-release.ts';
import { cutShards, shardRecords, SHARD_MAX_BYTES, type Shard } from './shards.ts';

export interface BuiltPack {
  readonly ndjson: string;
  /** `ndjson` cut into the files it ships as. */
  readonly shards: readonly Shard[];
  readonly catalogue: PackCatalogue;
  readonly manifest: PackManifest;
}

interface Candidate {
  readonly entry: RuleEntry;
  readonly path: string;
}

/**
 * A production rule: detection-rules' own `maturity`, outside `_deprecated/`. (The corpus
 * conversion's `meta.deprecated` also flags two production rules whose *names* say "deprecated",
 * so it is not used.)
 */
function isProduction(maturity: unknown, path: string): boolean {
  return maturity === 'production' && !path.split('/').includes('_deprecated');
}

const LEADING_KEYS = ['rule_id', 'name', 'type', 'language'];

/** Keys in one order whatever the input format: rule_id, name, type, language, then by name. */
function canonicalRecord(record: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(record).sort((a, b) => {
    const rank = (key: string) => (LEADING_KEYS.includes(key) ? LEADING_KEYS.indexOf(key) : LEADING_KEYS.length);
    return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  });
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

function tomlCandidates(release: Release): Candidate[] {
  const loaded = loadRuleTexts(release.files.map((file) => ({ file: file.path, text: file.text })));
  return loaded.entries
    .filter((entry) => isProduction(entry.metadata?.maturity, entry.source.file))
    .map((entry) => ({ entry, path: entry.source.file }));
}

/** The corpus NDJSON: `meta` is the conversion's own record (path, maturity), not a Kibana field: it is read, then dropped. */
function ndjsonCandidates(release: Release): Candidate[] {
  const paths: string[] = [];
  const lines: string[] = [];
  for (const file of release.files) {
    for (const line of file.text.split('\n')) {
      if (line.trim() === '') continue;
      const { meta, ...rule } = JSON.parse(line) as { meta?: { source_path?: string; maturity?: string } };
      const path = meta?.source_path ?? '';
      if (!isProduction(meta?.maturity, path)) continue;
      paths.push(path);
      lines.push(JSON.stringify(rule));
    }
  }
  const loaded = loadRuleTexts([{ file: 'release.ndjson', text: `${lines.join('\n')}\n` }]);
  return loaded.entries.map((entry, i) => ({ entry, path: paths[i] ?? '' }));
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export interface BuildOptions {
  /** The file or folder the release was read from (its base name is recorded). */
  readonly input: string;
  /** When the pack was generated (ISO date). */
  readonly generated: string;
  /** Largest shard (bytes); SHARD_MAX_BYTES unless a test wants several small ones. */
  readonly shardBytes?: number;
}

export function buildPack(release: Release, options: BuildOptions): BuiltPack {
  const candidates = release.kind === 'toml' ? tomlCandidates(release) : ndjsonCandidates(release);
  // Pack order: by repository path, so a TOML tree and its NDJSON conversion give the same pack.
  candidates.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const checks: RuleCheck[] = candidates.map((candidate) => checkRule(candidate.entry));
  const entries: CatalogueEntry[] = checks.map((check, i) => catalogueEntry(check, candidates[i]!.path));
  const ndjson = checks.map((check) => `${JSON.stringify(canonicalRecord(ruleToRecord(check.entry.rule)))}\n`).join('');
  const notRunnable = entries.filter((entry) => entry.status !== 'ok');
  const shards = cutShards(ndjson, options.shardBytes ?? SHARD_MAX_BYTES);
  const manifest: PackManifest = {
    pack: 'elastic',
    title: 'Elastic prebuilt detection rules',
    source: {
      repository: 'https://github.com/elastic/detection-rules',
      ...(release.commit !== undefined ? { commit: release.commit } : {}),
      ...(release.version !== undefined ? { version: release.version } : {}),
      input: options.input,
    },
    generated: options.generated,
    licence: 'Elastic License 2.0: LICENSE.txt and NOTICE.txt in this folder',
    selection: 'production rules of rules/ and rules_building_block/; deprecated and development rules left out',
    counts: {
      rules: entries.length,
      runnable: entries.length - notRunnable.length,
      not_runnable: notRunnable.length,
      building_blocks: entries.filter((entry) => entry.building_block).length,
      by_type: countBy(entries, (entry) => entry.type),
      by_os: countBy(entries.flatMap((entry) => (entry.os.length > 0 ? entry.os : ['(none)'])), (os) => os),
    },
    files: shardRecords(shards),
    not_runnable: notRunnable.map((entry) => ({ rule_id: entry.rule_id, name: entry.name, type: entry.type, status: entry.status, reason: entry.reason ?? '' })),
  };
  return { ndjson, shards, catalogue: { entries }, manifest };
}
