/** How many readers a scan gets by host cores, and for the Elastic library (scan-run.ts `readerCount`). */
import { describe, expect, it } from 'vitest';
import { MAX_READERS, readerCount } from '../../src/workers/scan-run.ts';

describe('readerCount', () => {
  it.each([
    [undefined, false, 2],
    [1, false, 1],
    [2, false, 2],
    [3, false, 3],
    [16, false, MAX_READERS],
    [0, false, 1],
    // The library reads in the coordinating thread alone on 2 cores or fewer.
    [undefined, true, 1],
    [1, true, 1],
    [2, true, 1],
    [3, true, 3],
    [16, true, MAX_READERS],
  ] as const)('%s cores, library %s: %i readers', (cores, library, readers) => {
    expect(readerCount(cores, library)).toBe(readers);
  });
});
