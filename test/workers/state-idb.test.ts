import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { openFileStateStore } from '../../src/cli/state-file.ts';
import { StateQuotaError, StateStoreError } from '../../src/engine/state/errors.ts';
import type { NewTermsStore } from '../../src/engine/state/store.ts';
import { LOUPE_DB_NAME, LOUPE_DB_VERSION, openIdbStateStore } from '../../src/workers/state-idb.ts';
import { ruleBatch, storeContract } from '../engine/state/store-contract.ts';
import { validDocument } from '../engine/state/state-fixtures.ts';

let databases = 0;
const freshName = () => `loupe-test-${++databases}`;

storeContract('IndexedDB', async () => {
  const name = freshName();
  return { open: () => openIdbStateStore({ name }), dispose: () => deleteDB(name) };
});

describe('IndexedDB state store', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function openFresh(): Promise<{ store: NewTermsStore; name: string }> {
    const name = freshName();
    const store = await openIdbStateStore({ name });
    cleanups.push(() => deleteDB(name), () => store.close());
    return { store, name };
  }

  /** Makes the n-th `put` (1-based) of any object store throw `error` synchronously, as a full disk does in some browsers. */
  function failPut(n: number, error: unknown): () => void {
    const original = IDBObjectStore.prototype.put;
    let calls = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls === n) throw error;
      return original.apply(this, args);
    };
    const restore = () => {
      IDBObjectStore.prototype.put = original;
    };
    cleanups.push(async () => restore());
    return restore;
  }

  const twoTermBatch = {
    scanId: 'scan-1',
    rules: [ruleBatch('rule-new', ['process.name'], 1_000, { '["python"]': [[1, 1]], '["perl"]': [[2, 2]] })],
  };

  it('opens the `loupe` database (the shared schema of loupe-db.ts) by default', async () => {
    const store = await openIdbStateStore();
    await store.close();
    const db = await openDB(LOUPE_DB_NAME);
    expect(db.version).toBe(LOUPE_DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['geoip', 'newTermsRules', 'newTermsScans', 'newTermsTerms', 'ruleFiles', 'scanData', 'scans', 'settings', 'triage']);
    db.close();
    await deleteDB(LOUPE_DB_NAME);
  });

  it('turns a quota error into a StateQuotaError and keeps nothing of the transaction', async () => {
    const { store } = await openFresh();
    failPut(3, new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const attempt = store.commit(twoTermBatch);
    await expect(attempt).rejects.toThrow(StateQuotaError);
    await expect(attempt).rejects.toThrow(/storage quota exceeded\); nothing from this change was saved/);
    expect(await store.stats()).toEqual({ rules: 0, terms: 0, runs: 0, scans: 0 });
  });

  it('aborts the whole transaction on any other failure mid-commit', async () => {
    const { store } = await openFresh();
    await store.import(validDocument(), 'replace');
    const restore = failPut(2, new TypeError('structured clone failed'));
    const attempt = store.commit(twoTermBatch);
    await expect(attempt).rejects.toThrow(StateStoreError);
    await expect(attempt).rejects.toThrow('IndexedDB failed while saving new-terms state (TypeError: structured clone failed)');
    expect(await store.export()).toEqual(validDocument());
    restore();
    await expect(store.commit(twoTermBatch)).resolves.toEqual({ applied: true });
    const after = await store.export();
    expect(after.scans).toEqual({ ...validDocument().scans, 'scan-1': [0] });
  });

  it('leaves stored state untouched when an import replace fails half-way', async () => {
    const { store } = await openFresh();
    await store.import(validDocument(), 'replace');
    failPut(2, new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    await expect(store.import({ ...validDocument(), scans: {} }, 'replace')).rejects.toThrow(StateQuotaError);
    expect(await store.export()).toEqual(validDocument());
  });
});

describe('export and import across hosts', () => {
  it('moves state from the file host to IndexedDB and back without a byte changing', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'loupe-cross-'));
    const name = freshName();
    try {
      const file = await openFileStateStore(join(directory, 'state.json'));
      await file.commit({
        scanId: 'cli-scan',
        rules: [
          ruleBatch('rule-1', ['host.id', 'file.path'], 7 * 86_400_000, { '["h1","/etc/shadow"]': [[1, 5]], '["h\\"2","ü/日本"]': [[-3, -3]] }),
          ruleBatch('123', ['user.name'], 1_000, { '["root"]': [[10, 10], [5_000, 5_000]] }),
        ],
      });
      const fromFile = await file.export();

      const idb = await openIdbStateStore({ name });
      await idb.import(JSON.parse(JSON.stringify(fromFile)), 'replace');
      const fromIdb = await idb.export();
      expect(JSON.stringify(fromIdb)).toBe(JSON.stringify(fromFile));
      await idb.commit({ scanId: 'web-scan', rules: [ruleBatch('rule-1', ['host.id', 'file.path'], 7 * 86_400_000, { '["h1","/etc/shadow"]': [[86_400_000, 86_400_000]] })] });
      const afterWeb = await idb.export();
      await idb.close();

      const file2 = await openFileStateStore(join(directory, 'state2.json'));
      await file2.import(JSON.parse(JSON.stringify(afterWeb)), 'replace');
      expect(JSON.stringify(await file2.export())).toBe(JSON.stringify(afterWeb));
      // The same commit applied on the file host gives the same state as on IndexedDB.
      await file.commit({ scanId: 'web-scan', rules: [ruleBatch('rule-1', ['host.id', 'file.path'], 7 * 86_400_000, { '["h1","/etc/shadow"]': [[86_400_000, 86_400_000]] })] });
      expect(JSON.stringify(await file.export())).toBe(JSON.stringify(afterWeb));
    } finally {
      await deleteDB(name);
      await rm(directory, { recursive: true, force: true });
    }
  });
});
