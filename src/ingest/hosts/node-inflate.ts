/**
 * Node's raw DEFLATE engine for gzip members: zlib's streaming inflate, which runs in libuv's
 * thread pool, so inflating overlaps the scan on another core (measured on 321 MB of events:
 * ~1.0 s with zlib and 1 MiB output chunks, ~6 s with fflate on the main thread), and zlib's
 * native CRC-32. Only the deflate stream of each member is zlib's: headers, members, CRC and
 * length checks, trailing data and the bomb limits stay with the shared gzip framing
 * (containers/gzip.ts), so both engines report damage with the same messages.
 *
 * Where the deflate stream ends: zlib's `bytesWritten` counts the input bytes the engine consumed,
 * and a raw inflate stream ends its output as soon as the deflate stream is done, so the bytes fed
 * past that point are put back on the reader for the gzip trailer and the next member.
 */
import { createInflateRaw, crc32 as zlibCrc32, type InflateRaw } from 'node:zlib';
import { concatBytes } from '../bytes.ts';
import type { ByteReader } from '../containers/byte-reader.ts';
import { ContainerError, DeflateInputEnded, messageOf } from '../containers/errors.ts';
import type { DeflateEngine } from '../containers/inflate.ts';
import type { DecompressionMeter } from '../containers/limits.ts';

/** zlib's output chunk: large, for fewer hops between threads (1 MiB measured best with 256 KiB close). */
const OUTPUT_CHUNK = 1 << 20;
/** Most compressed bytes handed to zlib at once (the file host reads 1 MiB chunks). */
const FEED_BYTES = 1 << 20;

export const ZLIB_DEFLATE: DeflateEngine = {
  inflate: inflateWithZlib,
  crc32: (bytes, crc) => zlibCrc32(bytes, crc),
};

async function* inflateWithZlib(reader: ByteReader, meter: DecompressionMeter): AsyncGenerator<Uint8Array> {
  const start = reader.position;
  const inflate = createInflateRaw({ chunkSize: OUTPUT_CHUNK });
  // Compressed bytes fed to zlib and not yet known to be consumed (dropped as zlib passes them),
  // and bytes read after zlib had already ended: both go back to the reader at the end.
  const fed: Uint8Array[] = [];
  let fedFrom = 0;
  const late: Uint8Array[] = [];
  let finished = false;
  let counted = 0;

  const pump = (async () => {
    while (!finished) {
      const chunk = await reader.next(FEED_BYTES);
      if (finished) {
        if (chunk) late.push(chunk);
        return;
      }
      if (!chunk) {
        inflate.end();
        return;
      }
      fed.push(chunk);
      if (!inflate.write(chunk)) await writable(inflate);
    }
  })();
  // A read failure of the source ends the inflate with that error (reported as the source's).
  pump.catch((error: unknown) => inflate.destroy(error instanceof Error ? error : new Error(messageOf(error))));

  const consumed = () => {
    const used = inflate.bytesWritten;
    meter.consumed(used - counted);
    counted = used;
    while (fed.length > 0 && fedFrom + fed[0]!.length <= used) fedFrom += fed.shift()!.length;
  };

  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      consumed();
      // A plain view: Buffer's slice() does not copy, and downstream code copies what it keeps with slice().
      yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    }
    consumed();
  } catch (error) {
    finished = true;
    await pump.catch(() => undefined);
    throw zlibError(error, reader, start + inflate.bytesWritten);
  } finally {
    // Also on an early return: the reader is not touched by anyone else until the pump has stopped.
    finished = true;
    inflate.destroy();
    await pump.catch(() => undefined);
  }
  reader.unread(concatBytes([...fed, ...late]).subarray(counted - fedFrom));
}

/** Resolves when zlib wants more input, or will take none (ended, failed, closed). */
function writable(inflate: InflateRaw): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['drain', 'end', 'error', 'close'] as const) inflate.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'end', 'error', 'close'] as const) inflate.once(event, done);
  });
}

function zlibError(error: unknown, reader: ByteReader, at: number): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  // Z_BUF_ERROR at the end: the input ran out inside the deflate stream.
  if (code === 'Z_BUF_ERROR') return new DeflateInputEnded(reader.position);
  if (typeof code === 'string' && code.startsWith('Z_')) return new ContainerError(`invalid deflate data: ${messageOf(error)}`, at);
  return error;
}
