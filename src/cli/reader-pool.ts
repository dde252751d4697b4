/**
 * Reader threads for `loupe scan` (worker_threads, cli/reader.worker.ts): the same coordinator as
 * the app's scan worker (workers/scan-run.ts) hands them files, zip members and parts of large
 * NDJSON files, and merges their candidates in file order, so alerts are byte-identical to a scan
 * in one thread. Built (build/cli/, scripts/build-cli.mjs), each thread starts from the built
 * reader-thread.mjs beside this code; run from the sources, from bin/reader-thread.mjs, which runs
 * the TypeScript sources through tsx as bin/loupe.mjs does.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { remoteReader } from '../workers/readers.ts';
import { readerCount, type IntakeReader } from '../workers/scan-run.ts';

/** Below this much input, starting threads (and compiling the sources in each) costs more than it saves. */
export const POOL_MIN_BYTES = 512 * 1024 * 1024;

/**
 * Readers when `--jobs` is not given, by the app's rule (`readerCount`): with rules beyond the
 * seed pack (`library`), one on 2 cores. Measured on 300k fleet events with the public pack
 * (2 cores, load ~2): `--jobs 2` ran 0.94x `--jobs 1` at 1.4 GB peak RSS against 370 MiB.
 */
export function defaultJobs(library: boolean): number {
  return readerCount(availableParallelism(), library);
}

export interface ReaderPool {
  readonly readers: IntakeReader[];
  close(): Promise<void>;
}

function readerEntry(): URL {
  const built = new URL('./reader-thread.mjs', import.meta.url);
  return existsSync(built) ? built : new URL('../../bin/reader-thread.mjs', import.meta.url);
}

export function startReaderPool(count: number): ReaderPool {
  const entry = readerEntry();
  const workers = Array.from({ length: count }, () => new Worker(entry));
  const readers = workers.map((worker) => {
    const reader = remoteReader(nodeEndpoint(worker));
    // The task's Blob stays here (Node cannot send a file-backed one): the thread opens the file by name and range.
    return { ...reader, run: (task, onProgress) => reader.run({ ...task, blob: undefined as unknown as Blob }, onProgress) } satisfies IntakeReader;
  });
  return { readers, close: async () => void (await Promise.all(workers.map((worker) => worker.terminate()))) };
}
