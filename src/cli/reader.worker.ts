/**
 * A `loupe scan` reader thread (worker_threads): the app's intake API (src/workers/intake-api.ts:
 * containers, line scan, literal prefilter, candidate filter) with Node's decompressors. Node
 * cannot send file-backed Blobs between threads, so a task names its file and byte range and
 * this thread opens the file itself.
 */
import { openAsBlob } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { NODE_DECOMPRESSORS } from '../ingest/hosts/node.ts';
import { createIntakeApi, type IntakeApi } from '../workers/intake-api.ts';
import { exposeIntakeApi } from '../workers/readers.ts';

if (!parentPort) throw new Error('reader.worker.ts runs as a worker thread');
const api = createIntakeApi({ decompressors: NODE_DECOMPRESSORS });
const byName: IntakeApi = {
  ...api,
  async run(task, onProgress) {
    const file = await openAsBlob(task.name);
    const blob = task.range ? file.slice(task.range.start, task.range.end) : file;
    return api.run({ ...task, blob: blob as unknown as Blob }, onProgress);
  },
};
exposeIntakeApi(byName, nodeEndpoint(parentPort));
