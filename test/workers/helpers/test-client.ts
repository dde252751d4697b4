import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach } from 'vitest';
import { readRuleTexts } from '../../../src/cli/files.ts';
import { BUNDLED_RULES_DIR } from '../../../src/cli/rule-pack.ts';
import type { RuleText } from '../../../src/engine/rules/load.ts';
import { RealScanClient } from '../../../src/ui/real-scan-client.ts';
import type { EvidenceFile } from '../../../src/ui/scan-client.ts';
import { eventsBlob } from '../../../src/workers/events-export.ts';
import { digestBlobs } from '../../../src/workers/file-digest.ts';
import { createIntakeApi } from '../../../src/workers/intake-api.ts';
import { openLoupeDb, type LoupeDb } from '../../../src/workers/loupe-db.ts';
import { localReader } from '../../../src/workers/readers.ts';
import type { LibrarySource } from '../../../src/workers/library-pack.ts';
import { keepRun } from '../../../src/workers/saved-scan.ts';
import { runScan } from '../../../src/workers/scan-run.ts';
import type { ScanWorkerRequest } from '../../../src/workers/scan.worker.ts';
import { openIdbStateStore } from '../../../src/workers/state-idb.ts';

let databases = 0;

export interface TestClient {
  readonly client: RealScanClient;
  readonly db: LoupeDb;
  readonly name: string;
  /** Every request handed to the scan worker. */
  readonly requests: readonly ScanWorkerRequest[];
  /** A second client over the same database, as after a page reload. */
  reopen(): Promise<TestClient>;
  dispose(): Promise<void>;
}

/**
 * The real client over fake-indexeddb, with scans run (and saved, when asked) in this thread
 * (runScan with one in-thread reader) instead of the worker pool, and the repository's rules/ as the bundled pack with the
 * names the app gives them (`rules/...`).
 */
export async function testClient(options: { name?: string; sample?: EvidenceFile[]; crashWith?: string; storageRefused?: string; library?: LibrarySource } = {}): Promise<TestClient> {
  const name = options.name ?? `loupe-client-test-${++databases}`;
  const bundledRules: RuleText[] = (await readRuleTexts([BUNDLED_RULES_DIR])).map(({ file, text }) => ({ file: `rules/${file.slice(BUNDLED_RULES_DIR.length)}`, text }));
  const db = await openLoupeDb(name);
  const requests: ScanWorkerRequest[] = [];
  const client = new RealScanClient({
    // As client-factory.ts does when the browser refuses IndexedDB: no database, and the reason.
    ...(options.storageRefused !== undefined ? { storageRefused: options.storageRefused } : { db }),
    bundledRules,
    ...(options.library ? { library: options.library } : {}),
    startScan(request, onProgress) {
      if (options.crashWith !== undefined) return { result: Promise.reject(new Error(options.crashWith)), cancel: () => undefined };
      let cancel = () => undefined as void;
      const cancelled = new Promise<never>((_, reject) => (cancel = () => reject(new Error('cancelled'))));
      const result = (async () => {
        requests.push(request);
        const store = request.useNewTermsState ? await openIdbStateStore({ name }) : undefined;
        try {
          const run = await runScan(request.files, request.plan, [localReader(createIntakeApi())], { ...(store ? { store } : {}), onProgress });
          // As the scan worker does: the finished scan saved before it is returned.
          return request.keep ? { ...run, kept: await keepRun(db, request.keep, run) } : run;
        } finally {
          await store?.close();
        }
      })();
      return { result: Promise.race([result, cancelled]), cancel };
    },
    exportEvents: (files, format) => eventsBlob(files, format, [localReader(createIntakeApi())]),
    digestFiles: digestBlobs,
    openStateStore: () => openIdbStateStore({ name }),
    fetchSample: async () => options.sample ?? [],
    isCancellation: (error) => error instanceof Error && error.message === 'cancelled',
  });
  return {
    client,
    db,
    name,
    requests,
    reopen: async () => {
      db.close();
      return testClient({ ...options, name });
    },
    dispose: async () => {
      db.close();
      await deleteDB(name);
    },
  };
}

/**
 * `open()` for a test file: a new test client each call, all disposed (newest first) after each
 * test.
 */
export function useTestClients(options: Parameters<typeof testClient>[0] = {}): (more?: Parameters<typeof testClient>[0]) => Promise<TestClient> {
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0).reverse()) await client.dispose();
  });
  return async (more = {}) => {
    const client = await testClient({ ...options, ...more });
    clients.push(client);
    return client;
  };
}
