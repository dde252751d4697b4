/**
 * tar, streamed with modern-tar's decoder (ustar, pax `path`/`size` records, GNU long names,
 * base-256 sizes). It runs in strict mode: its lenient mode silently skips a header whose checksum
 * is wrong and goes on, which would drop data without a word. Strict mode stops at the first
 * damaged header or at truncation, and that is reported.
 */
import { createTarDecoder } from 'modern-tar';
import { streamChunks } from '../bytes.ts';
import type { ByteReader } from './byte-reader.ts';
import type { ArchiveEntry } from './entry.ts';
import { ContainerError, messageOf } from './errors.ts';

export async function* tarEntries(reader: ByteReader): AsyncGenerator<ArchiveEntry> {
  let sourceError: unknown;
  const input = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const bytes = await reader.next();
        if (bytes) controller.enqueue(bytes);
        else controller.close();
      } catch (error) {
        sourceError = error;
        controller.error(error);
      }
    },
    cancel: () => reader.close(),
  });
  const entries = input.pipeThrough(createTarDecoder({ strict: true })).getReader();
  // The error to report: the source's own (a damaged gzip around the tar) when it was that.
  const failure = (error: unknown) => (sourceError !== undefined ? sourceError : new ContainerError(`damaged tar: ${messageOf(error)}`, reader.position));
  try {
    for (;;) {
      let step: ReadableStreamReadResult<{ header: { name: string; size: number; type?: string }; body: ReadableStream<Uint8Array> }>;
      try {
        step = await entries.read();
      } catch (error) {
        throw failure(error);
      }
      if (step.done) return;
      const { header, body } = step.value;
      if ((header.type ?? 'file') !== 'file') {
        await body.cancel();
        continue;
      }
      let damaged = false;
      yield {
        path: header.name,
        size: header.size,
        chunks: streamChunks(body, (error) => {
          damaged = true;
          return failure(error);
        }),
      };
      if (damaged) return;
    }
  } finally {
    await entries.cancel().catch(() => undefined);
  }
}

