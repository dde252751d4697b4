/**
 * Node edge of intake: files as streamed `IntakeSource`s (never read whole), and folders walked
 * recursively in name order. Every regular file in a folder becomes a source: its content, not
 * its name, decides what it is, and what is not evidence is skipped with a reason in its
 * summary rather than left out unseen. Symlinked folders are followed once (loops are cut).
 */
import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Decompressors, IntakeSource } from '../intake.ts';
import { ZLIB_DEFLATE } from './node-inflate.ts';

/** Larger than a stream's default 64 KiB: fewer chunks, same bounded memory. */
export const NODE_CHUNK_BYTES = 1024 * 1024;

/** What Node brings to intake: zlib's inflate (thread pool, native CRC-32) for gzip. */
export const NODE_DECOMPRESSORS: Decompressors = { gzip: ZLIB_DEFLATE };

export function nodeFileSource(path: string, size?: number): IntakeSource {
  return {
    name: path,
    ...(size !== undefined ? { size } : {}),
    async *chunks() {
      const stream = createReadStream(path, { highWaterMark: NODE_CHUNK_BYTES });
      try {
        for await (const chunk of stream) yield chunk as Uint8Array;
      } finally {
        stream.destroy();
      }
    },
  };
}

/** The files the paths name (folders expanded), each file once, in argument then name order. */
export async function* nodeSources(paths: readonly string[]): AsyncGenerator<IntakeSource> {
  const seen = new Set<string>();
  for (const path of paths) yield* walk(path, seen);
}

async function* walk(path: string, seen: Set<string>): AsyncGenerator<IntakeSource> {
  const real = await realpath(path);
  if (seen.has(real)) return;
  seen.add(real);
  const info = await stat(real);
  if (info.isFile()) {
    yield nodeFileSource(path, info.size);
    return;
  }
  if (!info.isDirectory()) return;
  const names = (await readdir(path)).sort();
  for (const name of names) yield* walk(join(path, name), seen);
}
