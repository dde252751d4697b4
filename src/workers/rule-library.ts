/**
 * The rules the app scans with: the bundled pack (built in at build time) plus the files the
 * user imported (kept in IndexedDB), and which rules are switched off (kept by rule key). Without
 * a database (the browser refused storage) both last as long as the page.
 */
import type { RuleText } from '../engine/rules/load.ts';
import { facetCounts, selectEntries, selectLibrary, type CatalogueEntry, type PackCatalogue } from '../engine/rules/pack/catalogue.ts';
import { matchesFilter, type PackFilter } from '../engine/rules/pack/facets.ts';
import type { LibrarySource } from './library-pack.ts';
import type { LoupeDb, LoupeSchema } from './loupe-db.ts';
import { storageError } from './saved-scan.ts';

const DISABLED = 'disabledRules';
const PACK = 'rulePack';

/** Which bundled pack the app scans with: the seed pack (built in) or the Elastic library, narrowed. */
export interface PackSetting {
  readonly pack: 'seed' | 'elastic';
  readonly filter: PackFilter;
}

/** What the pack chooser shows: the setting, whether the library is there, and what it can be narrowed by. */
export interface RulePackView {
  readonly setting: PackSetting;
  readonly libraryAvailable: boolean;
  /** Library rules the filter selects (runnable or not); 0 with the seed pack. */
  readonly selected: number;
  readonly notRunnable: number;
  readonly facets: { readonly os: readonly [string, number][]; readonly sources: readonly [string, number][]; readonly tactics: readonly [string, number][] };
}

/** The app's default until the page stays responsive with the whole library (issue 14 item 8). */
const DEFAULT_SETTING: PackSetting = { pack: 'seed', filter: {} };

function packSettingOf(value: unknown): PackSetting {
  if (typeof value !== 'object' || value === null) return DEFAULT_SETTING;
  const { pack, filter } = value as { pack?: unknown; filter?: unknown };
  const list = (key: string) => {
    const values = typeof filter === 'object' && filter !== null ? (filter as Record<string, unknown>)[key] : undefined;
    return Array.isArray(values) ? values.filter((item): item is string => typeof item === 'string') : [];
  };
  return { pack: pack === 'elastic' ? 'elastic' : 'seed', filter: { os: list('os'), source: list('source'), tactic: list('tactic') } };
}

type RuleFile = LoupeSchema['ruleFiles']['value'];

export class RuleLibrary {
  /** Used when there is no database. */
  private readonly memory = { files: new Map<string, RuleFile>(), disabled: new Set<string>(), pack: DEFAULT_SETTING };

  constructor(
    private readonly db: LoupeDb | undefined,
    /** The seed pack, as `rules/...` paths with their text. */
    readonly bundled: readonly RuleText[],
    /** The Elastic library's files, when this build carries them (not the single file). */
    private readonly library?: LibrarySource,
  ) {}

  async packSetting(): Promise<PackSetting> {
    if (!this.db || !this.library) return this.library ? this.memory.pack : DEFAULT_SETTING;
    return packSettingOf((await this.db.get('settings', PACK))?.value);
  }

  async setPackSetting(setting: PackSetting): Promise<void> {
    const checked = packSettingOf(setting);
    if (!this.db) {
      this.memory.pack = checked;
      return;
    }
    try {
      await this.db.put('settings', { name: PACK, value: checked });
    } catch (error) {
      throw storageError(error, 'the rule pack choice');
    }
  }

  /** The chosen pack's rules as rule files, and the chosen library rules Loupe cannot run (listed, never loaded). */
  async chosen(): Promise<{ rules: readonly RuleText[]; notRunnable: readonly CatalogueEntry[]; packIndex?: string }> {
    const setting = await this.packSetting();
    if (setting.pack === 'seed' || !this.library) return { rules: this.bundled, notRunnable: [] };
    const { catalogue, shards, packIndex } = await this.library();
    // Kept while the filter stays: selecting cuts and joins the 15 MB pack, which a scan's start did on the page each time.
    const key = JSON.stringify(setting.filter);
    if (this.#selected?.key !== key || this.#selected.shards !== shards) this.#selected = { key, shards, ...selectLibrary(catalogue, shards, setting.filter) };
    const { texts, notRunnable } = this.#selected;
    return { rules: texts, notRunnable, ...(packIndex !== undefined ? { packIndex } : {}) };
  }

  #selected: { readonly key: string; readonly shards: readonly RuleText[]; readonly texts: readonly RuleText[]; readonly notRunnable: readonly CatalogueEntry[] } | undefined;

  /**
   * The chosen library rules as positions (pack order, across the shards), for listing from the
   * catalogue without loading or compiling a rule; undefined with the seed pack.
   */
  async chosenCatalogue(): Promise<{ readonly positions: readonly number[]; readonly catalogue: PackCatalogue; readonly shards: readonly RuleText[] } | undefined> {
    const setting = await this.packSetting();
    if (setting.pack === 'seed' || !this.library) return undefined;
    const { catalogue, shards } = await this.library();
    return { positions: selectEntries(catalogue, setting.filter), catalogue, shards };
  }

  async packView(): Promise<RulePackView> {
    const setting = await this.packSetting();
    const none = { os: [], sources: [], tactics: [] };
    if (!this.library) return { setting, libraryAvailable: false, selected: 0, notRunnable: 0, facets: none };
    const { catalogue } = await this.library();
    const entries = catalogue.entries;
    const selected = entries.filter((entry) => matchesFilter(entry, setting.filter));
    return {
      setting,
      libraryAvailable: true,
      selected: setting.pack === 'elastic' ? selected.length : 0,
      notRunnable: setting.pack === 'elastic' ? selected.filter((entry) => entry.status !== 'ok').length : 0,
      facets: {
        os: facetCounts(entries, (entry) => entry.os),
        sources: facetCounts(entries, (entry) => entry.sources),
        tactics: facetCounts(entries, (entry) => entry.tactics),
      },
    };
  }

  async imported(): Promise<RuleText[]> {
    const files = this.db ? await this.db.getAll('ruleFiles') : [...this.memory.files.values()];
    return files.sort((a, b) => a.importedAt - b.importedAt || (a.file < b.file ? -1 : 1)).map(({ file, text }) => ({ file, text }));
  }

  /** The chosen bundled pack (`bundled`, with the library's pack index when it is the library) and the imported files. */
  async all(): Promise<{ bundled: readonly RuleText[]; packIndex?: string; imported: RuleText[] }> {
    const { rules, packIndex } = await this.chosen();
    return { bundled: rules, ...(packIndex !== undefined ? { packIndex } : {}), imported: await this.imported() };
  }

  /** Adds or replaces imported files by name. */
  async import(files: readonly RuleText[]): Promise<void> {
    if (!this.db) {
      files.forEach(({ file, text }, i) => this.memory.files.set(file, { file, text, importedAt: Date.now() + i }));
      return;
    }
    try {
      const tx = this.db.transaction('ruleFiles', 'readwrite');
      const now = Date.now();
      await Promise.all([...files.map(({ file, text }, i) => tx.store.put({ file, text, importedAt: now + i })), tx.done]);
    } catch (error) {
      throw storageError(error, 'the imported rules');
    }
  }

  async disabled(): Promise<Set<string>> {
    if (!this.db) return new Set(this.memory.disabled);
    const record = await this.db.get('settings', DISABLED);
    return new Set(Array.isArray(record?.value) ? record.value.filter((key): key is string => typeof key === 'string') : []);
  }

  async setEnabled(key: string, enabled: boolean): Promise<void> {
    const disabled = await this.disabled();
    if (enabled) disabled.delete(key);
    else disabled.add(key);
    if (!this.db) {
      this.memory.disabled = disabled;
      return;
    }
    try {
      await this.db.put('settings', { name: DISABLED, value: [...disabled].sort() });
    } catch (error) {
      throw storageError(error, 'the rule settings');
    }
  }
}
