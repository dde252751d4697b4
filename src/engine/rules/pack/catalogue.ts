/**
 * A bundled pack's catalogue: one small record per rule, in the order of the pack's rules, so
 * listing and filtering the pack (`loupe rules list`, `--os/--source/--tactic`, the app's chooser)
 * reads no rule and compiles nothing, and a scan loads only the rules it selected. Written by
 * `npm run rules:update` together with the rules; a test checks it still agrees with `loupe check`.
 */
import type { RuleCheck, RuleStatus } from '../check.ts';
import type { RuleText } from '../load.ts';
import { ruleFacets, matchesFilter, type PackFilter, type RuleFacets } from './facets.ts';
import { libraryTexts } from './shards.ts';

export interface CatalogueEntry extends RuleFacets {
  readonly rule_id: string;
  readonly name: string;
  readonly type: string;
  readonly language?: string;
  readonly severity?: string;
  readonly building_block: boolean;
  /** As `loupe check` says: `unsupported` rules are listed, never run. */
  readonly status: RuleStatus;
  readonly reason?: string;
  /** Where the rule lives in its source (detection-rules path), when known. */
  readonly path?: string;
}

export interface PackCatalogue {
  readonly entries: readonly CatalogueEntry[];
}

export function catalogueEntry(check: RuleCheck, path?: string): CatalogueEntry {
  const { rule } = check.entry;
  return {
    rule_id: rule.rule_id ?? '',
    name: rule.name ?? '',
    type: rule.type ?? '',
    ...(rule.language !== undefined ? { language: rule.language } : {}),
    ...(rule.severity !== undefined ? { severity: rule.severity } : {}),
    building_block: rule.building_block_type !== undefined,
    ...ruleFacets(rule),
    status: check.status,
    ...(check.reason !== undefined ? { reason: check.reason } : check.status === 'error' ? { reason: check.errors.map((error) => error.message).join('; ') } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}

/** Positions (in pack order) of the catalogue's rules that pass the filter. */
export function selectEntries(catalogue: PackCatalogue, filter: PackFilter): number[] {
  const chosen: number[] = [];
  catalogue.entries.forEach((entry, position) => {
    if (matchesFilter(entry, filter)) chosen.push(position);
  });
  return chosen;
}

/**
 * A library's rule texts (its shards, shards.ts) narrowed to the runnable rules the filter selects:
 * the others become blank lines, so every position a message gives is still the rule's line in its
 * shard. Also the selected rules Loupe cannot run, which are listed instead of loaded.
 */
export function selectLibrary(catalogue: PackCatalogue, shards: readonly RuleText[], filter: PackFilter): { texts: RuleText[]; notRunnable: CatalogueEntry[] } {
  const chosen = catalogue.entries.map((entry) => matchesFilter(entry, filter));
  const runnable = (position: number) => chosen[position] === true && catalogue.entries[position]?.status === 'ok';
  return {
    texts: libraryTexts(shards, runnable),
    notRunnable: catalogue.entries.filter((entry, position) => chosen[position] === true && entry.status !== 'ok'),
  };
}

/** Counts by value, largest first then by name: what a chooser offers and `loupe rules pack` prints. */
export function facetCounts(entries: readonly CatalogueEntry[], facet: (entry: CatalogueEntry) => readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const entry of entries) for (const value of facet(entry)) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** The catalogue file: one entry per line, so a regenerated pack diffs rule by rule. */
export function catalogueJson(catalogue: PackCatalogue): string {
  return `{"entries":[\n${catalogue.entries.map((entry) => JSON.stringify(entry)).join(',\n')}\n]}\n`;
}
