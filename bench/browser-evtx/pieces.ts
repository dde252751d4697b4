/** A Blob's bytes as the async iterable `readEvtx` takes, read the same way in a Worker and in Node. */
export async function* blobPieces(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  for (let step = await reader.read(); !step.done; step = await reader.read()) yield step.value;
}

export interface EvtxParseRun {
  readonly seconds: number;
  readonly records: number;
}
