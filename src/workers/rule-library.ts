/**
 * The rules the app scans with: the bundled pack (built in at build time) plus the files the
 * user imported (kept in IndexedDB), and which rules are switched off (kept by rule key).
 */
import type { RuleText } from '../engine/rules/load.ts';
import type { LoupeDb } from './loupe-db.ts';
import { storageError } from './saved-scan.ts';

const DISABLED = 'disabledRules';

export class RuleLibrary {
  constructor(
    private readonly db: LoupeDb,
    /** The bundled pack, as `rules/...` paths with their text. */
    readonly bundled: readonly RuleText[],
  ) {}

  async imported(): Promise<RuleText[]> {
    const files = await this.db.getAll('ruleFiles');
    return files.sort((a, b) => a.importedAt - b.importedAt || (a.file < b.file ? -1 : 1)).map(({ file, text }) => ({ file, text }));
  }

  async all(): Promise<{ bundled: readonly RuleText[]; imported: RuleText[] }> {
    return { bundled: this.bundled, imported: await this.imported() };
  }

  /** Adds or replaces imported files by name. */
  async import(files: readonly RuleText[]): Promise<void> {
    try {
      const tx = this.db.transaction('ruleFiles', 'readwrite');
      const now = Date.now();
      await Promise.all([...files.map(({ file, text }, i) => tx.store.put({ file, text, importedAt: now + i })), tx.done]);
    } catch (error) {
      throw storageError(error, 'the imported rules');
    }
  }

  async disabled(): Promise<Set<string>> {
    const record = await this.db.get('settings', DISABLED);
    return new Set(Array.isArray(record?.value) ? record.value.filter((key): key is string => typeof key === 'string') : []);
  }

  async setEnabled(key: string, enabled: boolean): Promise<void> {
    const disabled = await this.disabled();
    if (enabled) disabled.delete(key);
    else disabled.add(key);
    try {
      await this.db.put('settings', { name: DISABLED, value: [...disabled].sort() });
    } catch (error) {
      throw storageError(error, 'the rule settings');
    }
  }
}
