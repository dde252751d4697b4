/**
 * The Elastic library in the app: its catalogue and rule file are assets of the site build,
 * fetched on first use and precached by the service worker like every other file. The single-file
 * build (dist-single/loupe.html) leaves them out: 15 MB of rules inlined would make the one file
 * fifteen times bigger, so it offers the seed pack only (`libraryFromSite` is then undefined).
 */
import type { PackCatalogue } from '../engine/rules/pack/catalogue.ts';

export interface LibraryFiles {
  readonly catalogue: PackCatalogue;
  readonly ndjson: string;
}

export type LibrarySource = () => Promise<LibraryFiles>;

/** The name the library's rules carry in messages and rule lists, as in the repository. */
export const LIBRARY_FILE = 'rules/elastic/rules.ndjson';

async function fetched(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

export function libraryFromSite(): LibrarySource | undefined {
  // Vite replaces MODE at build time: in the single file this branch is gone, and the assets with it.
  if (import.meta.env.MODE === 'single') return undefined;
  let loading: Promise<LibraryFiles> | undefined;
  return () => {
    loading ??= (async () => {
      const [catalogueUrl, rulesUrl] = await Promise.all([import('../../rules/elastic/catalogue.json?url'), import('../../rules/elastic/rules.ndjson?url')]);
      const [catalogue, ndjson] = await Promise.all([fetched(catalogueUrl.default).then((response) => response.json() as Promise<PackCatalogue>), fetched(rulesUrl.default).then((response) => response.text())]);
      return { catalogue, ndjson };
    })().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
