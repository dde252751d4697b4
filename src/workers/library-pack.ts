/**
 * The Elastic library in the app: its catalogue and rule shards are assets of the site build,
 * fetched on first use and precached by the service worker like every other file. The single-file
 * build (dist-single/loupe.html) leaves them out: 15 MB of rules inlined would make the one file
 * fifteen times bigger, so it offers the seed pack only (`libraryFromSite` is then undefined).
 */
import type { RuleText } from '../engine/rules/load.ts';
import type { PackCatalogue } from '../engine/rules/pack/catalogue.ts';
import { shardOrder } from '../engine/rules/pack/shards.ts';
import { LIBRARY_DIR } from './scan-plan.ts';

export interface LibraryFiles {
  readonly catalogue: PackCatalogue;
  /** The rule shards in pack order (engine/rules/pack/shards.ts), each named as in the repository. */
  readonly shards: readonly RuleText[];
  /**
   * The build's pack index of these shards (engine/rules/pack/pack-index.ts) as JSON text, handed
   * to the scan as is (`ScanPlan.packIndex`); absent on the dev server.
   */
  readonly packIndex?: string;
}

export type LibrarySource = () => Promise<LibraryFiles>;

export { LIBRARY_DIR } from './scan-plan.ts';

async function fetched(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** Each shard's text, in pack order, from its asset URL loaders (keyed by source path). */
async function shardTexts(urls: Readonly<Record<string, () => Promise<string>>>): Promise<RuleText[]> {
  const byName = new Map(Object.entries(urls).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]));
  const names = shardOrder([...byName.keys()]);
  if (names.length === 0) throw new Error(`${LIBRARY_DIR}: no rule shards in this build`);
  return Promise.all(names.map(async (name) => ({ file: `${LIBRARY_DIR}${name}`, text: await fetched(await byName.get(name)!()).then((response) => response.text()) })));
}

export function libraryFromSite(): LibrarySource | undefined {
  // Vite replaces MODE at build time: in the single file this branch is gone, and the assets with it.
  if (import.meta.env.MODE === 'single') return undefined;
  let loading: Promise<LibraryFiles> | undefined;
  return () => {
    loading ??= (async () => {
      // Resolved at build time: one lazy URL import per shard (hashed asset names).
      const shardUrls = import.meta.glob<string>('../../rules/elastic/rules-*.ndjson', { query: '?url', import: 'default' });
      const catalogue = import('../../rules/elastic/catalogue.json?url').then(async (url) => (await fetched(url.default)).json() as Promise<PackCatalogue>);
      const packIndex = import('virtual:loupe-pack-index').then(async ({ default: url }) => (url === undefined ? undefined : (await fetched(url)).text()));
      const [loaded, shards, index] = await Promise.all([catalogue, shardTexts(shardUrls), packIndex]);
      return { catalogue: loaded, shards, ...(index !== undefined ? { packIndex: index } : {}) };
    })().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
