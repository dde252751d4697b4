import type { NdjsonChunks } from '../../../src/workers/ndjson-chunks.ts';

/** NDJSON bytes (one buffer or chunks) as one string, for comparing small test outputs. */
export function ndjsonText(data: Uint8Array | NdjsonChunks): string {
  const decoder = new TextDecoder();
  return (data instanceof Uint8Array ? [data] : data).map((chunk) => decoder.decode(chunk)).join('');
}
