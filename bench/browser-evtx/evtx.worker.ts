/** The EVTX parser alone in a Web Worker: parses the Blob it is sent, replies with records and seconds. */
import { readEvtx } from '../../src/sources/evtx/reader.ts';
import { blobPieces, memoryPieces, type EvtxParseMode, type EvtxParseRun } from './pieces.ts';

self.addEventListener('message', async (event: MessageEvent<{ blob: Blob; mode: EvtxParseMode }>) => {
  const { blob, mode } = event.data;
  const bytes = mode === 'memory' ? new Uint8Array(await blob.arrayBuffer()) : undefined;
  const started = performance.now();
  let records = 0;
  for await (const out of readEvtx(bytes ? memoryPieces(bytes) : blobPieces(blob))) if (out.kind === 'record') records++;
  const run: EvtxParseRun = { seconds: (performance.now() - started) / 1000, records };
  self.postMessage(run);
});
