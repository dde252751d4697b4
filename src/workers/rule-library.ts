/**
 * The rules the app scans with: the bundled pack (built in at build time) plus the files the
 * user imported (kept in IndexedDB), and which rules are switched off (kept by rule key). Without
 * a database (the browser refused storage) both last as long as the page.
 */
import type { RuleText } from '../engine/rules/load.ts';
import type { LoupeDb, LoupeSchema } from './loupe-db.ts';
import { storageError } from './saved-scan.ts';

const DISABLED = 'disabledRules';

type RuleFile = LoupeSchema['ruleFiles']['value'];

export class RuleLibrary {
  /** Used when there is no database. */
  private readonly memory = { files: new Map<string, RuleFile>(), disabled: new Set<string>() };

  constructor(
    private readonly db: LoupeDb | undefined,
    /** The bundled pack, as `rules/...` paths with their text. */
    readonly bundled: readonly RuleText[],
  ) {}

  async imported(): Promise<RuleText[]> {
    const files = this.db ? await this.db.getAll('ruleFiles') : [...this.memory.files.values()];
    return files.sort((a, b) => a.importedAt - b.importedAt || (a.file < b.file ? -1 : 1)).map(({ file, text }) => ({ file, text }));
  }

  async all(): Promise<{ bundled: readonly RuleText[]; imported: RuleText[] }> {
    return { bundled: this.bundled, imported: await this.imported() };
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
