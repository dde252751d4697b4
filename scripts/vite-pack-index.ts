/**
 * The library's pack index (engine/rules/pack/pack-index.ts) as an asset of a Vite build: the
 * build checks every runnable rule of rules/elastic/ once, with the engine sources it bundles, and
 * `virtual:loupe-pack-index` gives the page the asset's URL. The scan worker and the readers then
 * load the library from summaries instead of compiling ~1,700 queries each scan (~2 s in the scan
 * worker before any event was read). The index is made from the same sources and the same shards
 * as the rest of the build (served and precached together), so its summaries are sound for it.
 * The dev server gives no index (its sources change under it), nor does a build without the
 * library (`emit` false: the single file): the library is then checked in full.
 */
import type { Plugin } from 'vite';
import { readLibraryShards, readPackCatalogue } from '../src/cli/rule-pack.ts';
import { packIndexOf } from '../src/engine/rules/pack/pack-index.ts';

const ID = 'virtual:loupe-pack-index';

export function packIndexPlugin(emit = true): Plugin {
  let serving = false;
  return {
    name: 'loupe:pack-index',
    configResolved: (config) => void (serving = config.command === 'serve' || !emit),
    resolveId: (source) => (source === ID ? `\0${ID}` : undefined),
    async load(resolved) {
      if (resolved !== `\0${ID}`) return undefined;
      if (serving) return 'export default undefined;';
      const [catalogue, { shards, sha256 }] = await Promise.all([readPackCatalogue(), readLibraryShards()]);
      const reference = this.emitFile({ type: 'asset', name: 'elastic-pack-index.json', source: JSON.stringify(packIndexOf(catalogue, shards, sha256)) });
      return `export default import.meta.ROLLUP_FILE_URL_${reference};`;
    },
  };
}
