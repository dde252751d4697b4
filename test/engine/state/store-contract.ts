/**
 * The behaviour every `NewTermsStore` host must show, written once and run against each host
 * (memory, file, IndexedDB) by that host's test file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StateConflictError, StateFormatError } from '../../../src/engine/state/errors.ts';
import type { RuleBatch, ScanStateBatch } from '../../../src/engine/state/model.ts';
import type { Run } from '../../../src/engine/state/runs.ts';
import type { NewTermsStore } from '../../../src/engine/state/store.ts';
import { hostileDocuments, validDocument } from './state-fixtures.ts';

export interface StoreHarness {
  /** Opens a store on this harness's storage; opening again sees what earlier stores saved. */
  open(): Promise<NewTermsStore>;
  dispose(): Promise<void>;
}

const DAY = 86_400_000;
const T = 1_700_000_000_000;

export function ruleBatch(ruleId: string, fields: string[], window: number, terms: Record<string, Run[]>): RuleBatch {
  return { ruleId, fields, window, terms: new Map(Object.entries(terms)) };
}

const pythonOnHost = (times: Run[]) => ruleBatch('rule-1', ['host.id', 'process.name'], 7 * DAY, { '["h1","python"]': times });

export function storeContract(hostName: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`${hostName}: NewTermsStore contract`, () => {
    const open: NewTermsStore[] = [];
    let harness: StoreHarness;

    async function fresh(): Promise<NewTermsStore> {
      harness = await createHarness();
      return track(await harness.open());
    }
    function track(store: NewTermsStore): NewTermsStore {
      open.push(store);
      return store;
    }
    async function reopen(store: NewTermsStore): Promise<NewTermsStore> {
      await store.close();
      return track(await harness.open());
    }

    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
      await harness.dispose();
    });

    it('starts empty', async () => {
      const store = await fresh();
      expect(await store.loadRule('rule-1')).toBeUndefined();
      expect(await store.ruleMeta('rule-1')).toBeUndefined();
      expect(await store.load('rule-1', ['["h1","python"]'])).toEqual(new Map());
      expect(await store.stats()).toMatchObject({ rules: 0, terms: 0, runs: 0, scans: 0 });
      expect(await store.export()).toEqual({ format: 'loupe-new-terms-state', version: 1, rules: {}, scans: {} });
    });

    it('commits runs and loads them back by rule and by term, also after reopening', async () => {
      let store = await fresh();
      const batch: ScanStateBatch = {
        scanId: 'scan-1',
        rules: [
          pythonOnHost([[T, T + DAY]]),
          ruleBatch('rule-2', ['process.name'], DAY, { '["bash"]': [[T, T]], '["sh"]': [[T, T], [T + 3 * DAY, T + 3 * DAY]] }),
        ],
      };
      expect(await store.commit(batch)).toEqual({ applied: true });
      for (let round = 0; round < 2; round++) {
        expect(await store.ruleMeta('rule-2')).toEqual({ fields: ['process.name'], window: DAY, terms: 2 });
        expect(await store.load('rule-2', ['["sh"]', '["zsh"]'])).toEqual(new Map([['["sh"]', [[T, T], [T + 3 * DAY, T + 3 * DAY]]]]));
        const rule = await store.loadRule('rule-1');
        expect(rule?.fields).toEqual(['host.id', 'process.name']);
        expect(rule?.window).toBe(7 * DAY);
        expect(rule?.terms).toEqual(new Map([['["h1","python"]', [[T, T + DAY]]]]));
        expect(await store.stats()).toMatchObject({ rules: 2, terms: 3, runs: 4, scans: 1 });
        store = await reopen(store);
      }
    });

    it('merges a later scan into stored runs with the rule window', async () => {
      const store = await fresh();
      await store.commit({ scanId: 'a', rules: [pythonOnHost([[T, T]])] });
      await store.commit({ scanId: 'b', rules: [pythonOnHost([[T + 5 * DAY, T + 5 * DAY], [T + 20 * DAY, T + 20 * DAY]])] });
      expect(await store.load('rule-1', ['["h1","python"]'])).toEqual(
        new Map([['["h1","python"]', [[T, T + 5 * DAY], [T + 20 * DAY, T + 20 * DAY]]]]),
      );
    });

    it('skips a (scan, part) committed before, and applies other parts of the same scan', async () => {
      const store = await fresh();
      await store.commit({ scanId: 'scan-1', rules: [pythonOnHost([[T, T]])] });
      const before = await store.export();
      expect(await store.commit({ scanId: 'scan-1', rules: [pythonOnHost([[T + 30 * DAY, T + 30 * DAY]])] })).toEqual({ applied: false });
      expect(await store.export()).toEqual(before);
      expect(await store.commit({ scanId: 'scan-1', part: 1, rules: [pythonOnHost([[T + 30 * DAY, T + 30 * DAY]])] })).toEqual({ applied: true });
      expect((await store.export()).scans).toEqual({ 'scan-1': [0, 1] });
      expect((await store.load('rule-1', ['["h1","python"]'])).get('["h1","python"]')).toHaveLength(2);
    });

    it('commits all or nothing: a conflict in the last rule leaves earlier rules and the ledger untouched', async () => {
      let store = await fresh();
      await store.commit({ scanId: 'setup', rules: [ruleBatch('rule-2', ['process.name'], DAY, { '["bash"]': [[T, T]] })] });
      const before = await store.export();
      const conflicting = {
        scanId: 'scan-2',
        rules: [pythonOnHost([[T, T]]), ruleBatch('rule-2', ['user.name'], DAY, { '["root"]': [[T, T]] })],
      };
      await expect(store.commit(conflicting)).rejects.toThrow(StateConflictError);
      await expect(store.commit(conflicting)).rejects.toThrow('stored history is for fields [process.name] but the new history is for [user.name]');
      expect(await store.export()).toEqual(before);
      store = await reopen(store);
      expect(await store.export()).toEqual(before);
    });

    it('rejects an invalid batch without writing anything', async () => {
      const store = await fresh();
      const bad = { scanId: 'x', rules: [pythonOnHost([[T, T]]), ruleBatch('rule-3', ['a'], DAY, { '["a","b"]': [[T, T]] })] };
      await expect(store.commit(bad)).rejects.toThrow(StateFormatError);
      expect(await store.stats()).toMatchObject({ rules: 0, scans: 0 });
    });

    it('keeps the larger window: a longer one re-merges every term, a shorter one leaves the bound', async () => {
      const store = await fresh();
      const terms = { '["a"]': [[0, 0], [3 * DAY, 3 * DAY]] as Run[], '["b"]': [[0, 0], [4 * DAY, 4 * DAY]] as Run[] };
      await store.commit({ scanId: 's1', rules: [ruleBatch('r', ['x'], 2 * DAY, terms)] });
      await store.commit({ scanId: 's2', rules: [ruleBatch('r', ['x'], 3 * DAY, { '["c"]': [[0, 0]] })] });
      const grown = await store.loadRule('r');
      expect(grown?.window).toBe(3 * DAY);
      expect(grown?.terms.get('["a"]')).toEqual([[0, 3 * DAY]]); // re-merged although this scan did not see it
      expect(grown?.terms.get('["b"]')).toEqual([[0, 0], [4 * DAY, 4 * DAY]]);
      await store.commit({ scanId: 's3', rules: [ruleBatch('r', ['x'], DAY, { '["a"]': [[10 * DAY, 10 * DAY]] })] });
      expect((await store.ruleMeta('r'))?.window).toBe(3 * DAY);
    });

    it('ends in the same state whatever order scans are committed in', async () => {
      const batches: ScanStateBatch[] = [
        { scanId: 's1', rules: [pythonOnHost([[T, T]])] },
        { scanId: 's2', rules: [pythonOnHost([[T + 6 * DAY, T + 6 * DAY]]), ruleBatch('rule-2', ['process.name'], DAY, { '["sh"]': [[T, T]] })] },
        { scanId: 's3', rules: [pythonOnHost([[T + 3 * DAY, T + 3 * DAY], [T + 40 * DAY, T + 40 * DAY]])] },
      ];
      const first = await fresh();
      for (const batch of batches) await first.commit(batch);
      const expected = await first.export();
      await first.reset();
      for (const batch of [...batches].reverse()) await first.commit(batch);
      expect(await first.export()).toEqual(expected);
      expect(expected.rules['rule-1']?.terms['["h1","python"]']).toEqual([
        [T, T + 6 * DAY],
        [T + 40 * DAY, T + 40 * DAY],
      ]);
    });

    it('applies concurrent commits one after the other', async () => {
      const store = await fresh();
      await Promise.all([
        store.commit({ scanId: 'p', rules: [pythonOnHost([[T, T]])] }),
        store.commit({ scanId: 'q', rules: [pythonOnHost([[T + 30 * DAY, T + 30 * DAY]])] }),
      ]);
      expect((await store.load('rule-1', ['["h1","python"]'])).get('["h1","python"]')).toEqual([
        [T, T],
        [T + 30 * DAY, T + 30 * DAY],
      ]);
      expect(await store.stats()).toMatchObject({ scans: 2 });
    });

    it('resets one rule, or everything including the scan ledger', async () => {
      let store = await fresh();
      await store.import(validDocument(), 'replace');
      await store.reset('rule-1');
      expect(await store.loadRule('rule-1')).toBeUndefined();
      expect(await store.load('rule-1', ['["h1","/bin/sh"]'])).toEqual(new Map());
      expect(await store.ruleMeta('rule-2')).toMatchObject({ terms: 1 });
      store = await reopen(store);
      expect(Object.keys((await store.export()).rules)).toEqual(['rule-2']);
      await store.reset();
      store = await reopen(store);
      expect(await store.stats()).toMatchObject({ rules: 0, terms: 0, scans: 0 });
    });

    it('imports in replace mode and exports the identical document', async () => {
      let store = await fresh();
      await store.commit({ scanId: 'old', rules: [ruleBatch('gone', ['a'], DAY, { '["x"]': [[1, 1]] })] });
      await store.import(validDocument(), 'replace');
      expect(await store.export()).toEqual(validDocument());
      store = await reopen(store);
      expect(await store.export()).toEqual(validDocument());
      expect(JSON.stringify(await store.export())).toBe(JSON.stringify(validDocument()));
    });

    it('imports in merge mode as a union, the same in either direction', async () => {
      const store = await fresh();
      const extra = {
        format: 'loupe-new-terms-state',
        version: 1,
        rules: { 'rule-2': { fields: ['process.name'], window: 5 * DAY, terms: { '["python"]': [[4 * DAY, 4 * DAY]], '["perl"]': [[0, 0]] } } },
        scans: { 'scan-a': [2], 'scan-c': [0] },
      };
      await store.import(validDocument(), 'replace');
      await store.import(extra, 'merge');
      const merged = await store.export();
      await store.import(extra, 'replace');
      await store.import(validDocument(), 'merge');
      expect(await store.export()).toEqual(merged);
      expect(merged.rules['rule-2']?.terms).toEqual({ '["perl"]': [[0, 0]], '["python"]': [[-5, 4 * DAY]] });
      expect(merged.scans).toEqual({ 'scan-a': [0, 1, 2], 'scan-b': [0], 'scan-c': [0] });
      expect(Object.keys(merged.rules)).toEqual(['rule-1', 'rule-2']);
    });

    it('rejects a merge import whose rule fields conflict, changing nothing', async () => {
      const store = await fresh();
      await store.import(validDocument(), 'replace');
      const conflicting = { ...validDocument(), rules: { 'rule-2': { fields: ['user.name'], window: DAY, terms: {} } } };
      await expect(store.import(conflicting, 'merge')).rejects.toThrow(StateConflictError);
      expect(await store.export()).toEqual(validDocument());
    });

    it.each(hostileDocuments())('rejects a hostile import ($name) with a message and keeps the state', async ({ document, message }) => {
      const store = await fresh();
      await store.import(validDocument(), 'replace');
      await expect(store.import(document, 'replace')).rejects.toThrow(message);
      await expect(store.import(document, 'merge')).rejects.toThrow(StateFormatError);
      expect(await store.export()).toEqual(validDocument());
    });
  });
}
