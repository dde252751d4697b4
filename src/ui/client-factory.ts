/**
 * The app's scan client: the worker-backed `RealScanClient` over the `loupe` IndexedDB database,
 * the bundled rules and the sample case served from the app's own origin (`sample/`).
 */
import { BUNDLED_RULES } from '../workers/bundled-rules.ts';
import { libraryFromSite } from '../workers/library-pack.ts';
import { SnapshotStore } from '../engine/state/snapshot-store.ts';
import { openLoupeDb, type LoupeDb } from '../workers/loupe-db.ts';
import { defaultReaders, pooledDigest, pooledEventsExport, scanReaders, ScanCancelledError, startPooledScan } from '../workers/scan-pool.ts';
import { openIdbStateStore } from '../workers/state-idb.ts';
import { warmUpScanPool } from '../workers/warm-up.ts';
import { RealScanClient } from './real-scan-client.ts';
import type { EvidenceFile, SampleKind, ScanClient } from './scan-client.ts';

/** Position of each sample file in `sample/index.json`'s `files`. */
const SAMPLE_INDEX: Record<SampleKind, number> = { defend: 0, 'later-day': 1, eslogger: 2, exercise: 3 };

/** Sample files get a fixed modification time: loading the sample twice is the same scan to the new-terms ledger. */
const SAMPLE_MTIME = Date.UTC(2024, 4, 11);

export async function createScanClient(): Promise<ScanClient> {
  const storage = await openStorage();
  const library = libraryFromSite();
  return new RealScanClient({
    ...storage,
    bundledRules: BUNDLED_RULES,
    ...(library ? { library } : {}),
    // The pool is warmed with the reader count the chosen pack's scans will use, so the first scan keeps it.
    warmUp: (rules, library) => warmUpScanPool(rules, scanReaders(library)),
    startScan: (request, onProgress, library) => startPooledScan(request, scanReaders(library), onProgress),
    exportEvents: (files, format) => pooledEventsExport(files, format, defaultReaders()),
    digestFiles: (files) => pooledDigest(files, defaultReaders()),
    // Without storage there is no history: an empty store, which nothing ever adds to (scans run without it).
    openStateStore: 'db' in storage ? () => openIdbStateStore() : async () => new SnapshotStore(),
    fetchSample: (kind) => fetchSampleFiles(SAMPLE_INDEX[kind]),
    isCancellation: (error) => error instanceof ScanCancelledError,
    ...(typeof navigator !== 'undefined' && navigator.storage ? { storage: navigator.storage } : {}),
  });
}

/**
 * The `loupe` database, or why the browser refused it: Firefox in private mode and browsers that
 * block site data make `indexedDB.open` throw or fail. The app then still runs, without
 * persistence, and says so instead of not starting at all.
 */
export async function openStorage(): Promise<{ db: LoupeDb } | { storageRefused: string }> {
  try {
    if (typeof indexedDB === 'undefined') return { storageRefused: 'IndexedDB is not available' };
    return { db: await openLoupeDb() };
  } catch (error) {
    // The banner closes the sentence: no full stop of the browser's own.
    return { storageRefused: (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).replace(/\.$/, '') };
  }
}

/** The sample case's `which`-th archive (0: the case, 1: the later day), listed in `sample/index.json`. */
export async function fetchSampleFiles(which: number): Promise<EvidenceFile[]> {
  const index = await fetchOk(new URL('sample/index.json', document.baseURI));
  const files = ((await index.json()) as { files?: { name?: unknown }[] }).files ?? [];
  const name = files[which]?.name;
  if (typeof name !== 'string') throw new Error(`the sample index lists no file ${which + 1}`);
  const blob = await (await fetchOk(new URL(`sample/${encodeURIComponent(name)}`, document.baseURI))).blob();
  return [{ path: name, file: new File([blob], name, { lastModified: SAMPLE_MTIME }) }];
}

async function fetchOk(url: URL): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status} (run \`npm run sample\` to generate the sample case)`);
  return response;
}
