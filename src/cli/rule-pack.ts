import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { checkRule, type RuleCheck } from '../engine/rules/check.ts';
import { filesWithoutRules, loadRuleTexts, noRulesMessage, releaseRuleTexts, type RuleText } from '../engine/rules/load.ts';
import { catalogueEntry, selectLibrary, type CatalogueEntry, type PackCatalogue } from '../engine/rules/pack/catalogue.ts';
import { isEmptyFilter, matchesFilter, ruleFacets, type PackFilter } from '../engine/rules/pack/facets.ts';
import type { PackManifest } from '../engine/rules/pack/manifest.ts';
import { UsageError } from './args.ts';
import { ruleLine, ruleProblemLines } from './check-report.ts';
import { PACK_MANIFEST, packRuleFiles, readRuleTexts, reasonOf } from './files.ts';
import { packChecks, readPackIndex, sha256Hex } from './pack-index.ts';
import { lazyCheck } from '../engine/rules/precompiled.ts';
import { ruleKey, type ScanPlan } from '../workers/scan-plan.ts';
import type { RuleEntry } from '../engine/rules/model.ts';

/**
 * The seed pack's folder (rules/: the five macOS rules, TOML), found from this file (the package),
 * not from the working directory. Walking it skips the generated library in rules/elastic/.
 */
export const BUNDLED_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));
/** The bundled Elastic library (`npm run rules:update`): rules-NN.ndjson (shards), catalogue.json, MANIFEST.json. */
export const ELASTIC_PACK_DIR = fileURLToPath(new URL('../../rules/elastic/', import.meta.url));

export const PACKS = ['elastic', 'seed'] as const;
export type PackName = (typeof PACKS)[number];
export const DEFAULT_PACK: PackName = 'elastic';

export interface RulePack {
  /**
   * The rule files as read: for the scan id and for reader threads. The entries do not keep them
   * (checked, then `releaseRuleTexts`): a caller done with them lets go of the pack's texts too.
   */
  readonly texts: readonly RuleText[];
  readonly checks: readonly RuleCheck[];
  /** Rule files that held no rules (`no rules found in FILE`). */
  readonly empty: readonly string[];
  /** Rules of the chosen pack and filters that Loupe cannot run, listed instead of loaded (bundled library only). */
  readonly notRunnable: readonly CatalogueEntry[];
  /** Keys (`ruleKey`) of the rules in `texts` the filters left out: reader threads load `texts` without them. */
  readonly disabled: readonly string[];
}

export interface PackChoice {
  /** Rule files and folders (`--rules`); when given, no bundled pack is loaded. */
  readonly paths?: readonly string[];
  readonly pack?: PackName;
  readonly filter?: PackFilter;
}

async function readJson<T>(file: string): Promise<T> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    throw new UsageError(`cannot read the bundled rule pack '${file}': ${reasonOf(error)} (regenerate it: npm run rules:update FILE)`);
  }
}

export function readPackManifest(dir = ELASTIC_PACK_DIR): Promise<PackManifest> {
  return readJson<PackManifest>(`${dir}${PACK_MANIFEST}`);
}

export function readPackCatalogue(dir = ELASTIC_PACK_DIR): Promise<PackCatalogue> {
  return readJson<PackCatalogue>(`${dir}catalogue.json`);
}

/** The library's rule shards in order (engine/rules/pack/shards.ts), and the SHA-256 of them all (the pack index's key). */
export async function readLibraryShards(dir = ELASTIC_PACK_DIR): Promise<{ shards: RuleText[]; sha256: string }> {
  const regenerate = '(regenerate it: npm run rules:update FILE)';
  let files: string[];
  let contents: Buffer[];
  try {
    files = await packRuleFiles(dir);
    contents = await Promise.all(files.map((file) => readFile(file)));
  } catch (error) {
    throw new UsageError(`cannot read the bundled rule pack '${dir}': ${reasonOf(error)} ${regenerate}`);
  }
  if (files.length === 0) throw new UsageError(`the bundled rule pack '${dir}' has no rules-NN.ndjson ${regenerate}`);
  // Each shard ends a line, so no UTF-8 sequence is cut between two.
  return { shards: files.map((file, at) => ({ file, text: contents[at]!.toString('utf8') })), sha256: sha256Hex(contents) };
}

/**
 * The library's rules through its catalogue: only the runnable rules the filter selects are
 * loaded, the others stay text. Unselected lines become blank lines, so every position in a
 * message is still the rule's line in its shard. With the build's pack index for these very
 * shards (pack-index.ts), no query is compiled until an event reaches its rule.
 */
async function loadLibrary(filter: PackFilter): Promise<RulePack> {
  const [catalogue, { shards, sha256 }] = await Promise.all([readPackCatalogue(), readLibraryShards()]);
  const index = await readPackIndex(sha256);
  const { texts, notRunnable } = selectLibrary(catalogue, shards, filter);
  const loaded = loadRuleTexts(texts);
  const checks = packChecks(loaded.entries, index);
  releaseRuleTexts(loaded);
  return { texts, checks, empty: [], notRunnable, disabled: [] };
}

/**
 * How a pack's loaded entries are checked: one by one in this thread, or (a scan with reader
 * threads) shared with a reader (workers/shared-check.ts). `rules` is what a reader needs to load
 * the same entries (`planEntries`).
 */
export type PackChecker = (entries: readonly RuleEntry[], rules: Pick<ScanPlan, 'rules' | 'disabled'>) => Promise<RuleCheck[]>;

/**
 * Each rule checked, keeping its summary rather than its compiled query (`lazyCheck`): a scan
 * compiles a rule again when an event first reaches it, and the many no event reaches hold none.
 */
const checkHere: PackChecker = async (entries) => entries.map((entry) => lazyCheck(checkRule(entry)));

/** Loads and checks the rules of `--rules` paths (files or folders), else of the chosen bundled pack, narrowed by the filter. */
export async function loadRulePack(choice: PackChoice = {}, check: PackChecker = checkHere): Promise<RulePack> {
  const filter = choice.filter ?? {};
  const paths = choice.paths ?? [];
  if (paths.length === 0 && (choice.pack ?? DEFAULT_PACK) === 'elastic') return loadLibrary(filter);
  const texts = await readRuleTexts(paths.length > 0 ? paths : [BUNDLED_RULES_DIR]);
  const loaded = loadRuleTexts(texts);
  const entries = isEmptyFilter(filter) ? loaded.entries : loaded.entries.filter((entry) => matchesFilter(ruleFacets(entry.rule), filter));
  const kept = new Set(entries);
  const disabled = loaded.entries.filter((entry) => !kept.has(entry)).map(ruleKey);
  const checks = await check(entries, { rules: texts, disabled });
  releaseRuleTexts(loaded);
  return { texts, checks, empty: filesWithoutRules(texts, loaded), notRunnable: [], disabled };
}

/** The pack's rules as catalogue entries (the library's catalogue as written; other packs checked now). */
export async function catalogueOf(choice: PackChoice): Promise<readonly CatalogueEntry[]> {
  if ((choice.paths ?? []).length === 0 && (choice.pack ?? DEFAULT_PACK) === 'elastic') {
    const catalogue = await readPackCatalogue();
    return catalogue.entries.filter((entry) => matchesFilter(entry, choice.filter ?? {}));
  }
  const pack = await loadRulePack(choice);
  return pack.checks.map((check) => catalogueEntry(check));
}

/** Files that held no rules, then the rules with errors, each with its problems as `file:line:column: message`. */
export function ruleErrorReport(pack: Pick<RulePack, 'empty' | 'checks'>): string[] {
  return [
    ...pack.empty.map(noRulesMessage),
    ...pack.checks.filter((check) => check.status === 'error').flatMap((check) => [ruleLine(check), ...ruleProblemLines(check)]),
  ];
}

/** `--rules` values as a list (the option is repeatable). */
export function stringList(value: string | boolean | readonly string[] | undefined): string[] {
  if (value === undefined || typeof value === 'boolean') return [];
  return typeof value === 'string' ? [value] : [...value];
}
