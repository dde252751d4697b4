/**
 * The naive baseline: stream the file, decompress it (node zlib, the fastest decompressor a Node
 * host has), split lines and JSON.parse every one of them. Nothing else: no rules.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export async function naiveScan(path: string): Promise<{ events: number; bytes: number }> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = path.endsWith('.gz') ? file.pipe(createGunzip({ chunkSize: 1 << 18 })) : file;
  const decoder = new TextDecoder();
  let tail = '';
  let events = 0;
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    const text = tail + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      if (end > start && JSON.parse(text.slice(start, end))) events++;
      start = end + 1;
    }
    tail = text.slice(start);
  }
  if (tail.trim() !== '' && JSON.parse(tail)) events++;
  return { events, bytes };
}
