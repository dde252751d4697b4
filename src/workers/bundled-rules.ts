/**
 * The bundled rule pack, built into the app: every TOML file under rules/ as text (Vite `?raw`
 * glob import, resolved at build time), named `rules/<path>` as in the repository.
 */
import type { RuleText } from '../engine/rules/load.ts';

const files = import.meta.glob<string>('../../rules/**/*.toml', { query: '?raw', import: 'default', eager: true });

export const BUNDLED_RULES: readonly RuleText[] = Object.entries(files)
  .map(([path, text]) => ({ file: path.replace(/^(\.\.\/)+/, ''), text }))
  .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
