import { describe, expect, it } from 'vitest';
import { emptyState, type StateData } from '../../../src/engine/state/model.ts';
import { SnapshotStore } from '../../../src/engine/state/snapshot-store.ts';
import { ruleBatch, storeContract } from './store-contract.ts';

// The memory host: state lives as long as the harness.
storeContract('memory', async () => {
  let saved: StateData = emptyState();
  return {
    open: async () => new SnapshotStore(saved, async (data) => {
      saved = data;
      return undefined;
    }),
    dispose: async () => undefined,
  };
});

describe('SnapshotStore persistence failures', () => {
  it('keeps the previous state in memory when persisting fails, and recovers on the next call', async () => {
    let failNext = true;
    const store = new SnapshotStore(emptyState(), async () => {
      if (failNext) {
        failNext = false;
        throw new Error('disk on fire');
      }
      return 42;
    });
    await expect(store.commit({ scanId: 's', rules: [ruleBatch('r', ['a'], 10, { '["x"]': [[1, 1]] })] })).rejects.toThrow('disk on fire');
    expect(await store.stats()).toEqual({ rules: 0, terms: 0, runs: 0, scans: 0 });
    expect(await store.commit({ scanId: 's', rules: [ruleBatch('r', ['a'], 10, { '["x"]': [[1, 1]] })] })).toEqual({ applied: true });
    expect(await store.stats()).toEqual({ rules: 1, terms: 1, runs: 1, scans: 1, bytes: 42 });
  });
});
