/** A Blob's bytes as the async iterable `readEvtx` takes, read the same way in a Worker and in Node. */
export async function* blobPieces(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  for (let step = await reader.read(); !step.done; step = await reader.read()) yield step.value;
}

/** Bytes already in memory, in 1 MiB pieces: the parser alone, without the host's Blob reads. */
export function* memoryPieces(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 1 << 20) yield bytes.subarray(at, at + (1 << 20));
}

/** `stream`: from `blob.stream()` as the app reads a dropped file; `memory`: from the Blob's bytes read beforehand. */
export type EvtxParseMode = 'stream' | 'memory';

export interface EvtxParseRun {
  readonly seconds: number;
  readonly records: number;
}
