/**
 * tar, streamed with modern-tar's decoder (ustar, pax `path`/`size` records, GNU long names,
 * base-256 sizes). It runs in strict mode: its lenient mode silently skips a header whose checksum
 * is wrong and goes on, which would drop data without a word. Strict mode stops at the first
 * damaged header or at truncation, and that is reported.
 *
 * A size field that claims more than the member's data is not damage tar can see: the next
 * member's header and data are read as this member's content, and the next member is never
 * named. Members are padded to 512 bytes, so such a swallowed header sits at a 512-byte boundary
 * of the data; each member's data is watched for a ustar header there and the member reports it.
 */
import { createTarDecoder } from 'modern-tar';
import { formatCount } from '../../engine/output/plural.ts';
import { streamChunks } from '../bytes.ts';
import type { ByteReader } from './byte-reader.ts';
import { isUstarHeader } from './detect.ts';
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
      const findings: ContainerError[] = [];
      const chunks = streamChunks(body, (error) => {
        damaged = true;
        return failure(error);
      });
      yield {
        path: header.name,
        size: header.size,
        chunks: watchedForHeaders(chunks, (offset, name) => findings.push(swallowed(header.name, header.size, offset, name))),
        findings,
      };
      if (damaged) return;
    }
  } finally {
    await entries.cancel().catch(() => undefined);
  }
}


function swallowed(member: string, size: number, offset: number, next: string): ContainerError {
  return new ContainerError(
    `the size field of "${member}" claims ${formatCount(size)} bytes, but the header of member "${next}" starts ${formatCount(offset)} bytes into them: ` +
      `"${next}" (and what follows it in those bytes) was read as part of "${member}", not as a file of its own`,
  );
}

const BLOCK = 512;

/**
 * The data as it comes, calling `found` for the first ustar header at a 512-byte boundary after
 * the first block. Data that starts with a header is a tar itself (read as a nested archive), and
 * is not watched. Cost: one byte compared per block, as the magic rarely starts a block of data.
 */
async function* watchedForHeaders(chunks: AsyncIterable<Uint8Array>, found: (offset: number, name: string) => void): AsyncGenerator<Uint8Array> {
  const partial = new Uint8Array(BLOCK);
  let filled = 0;
  let offset = 0;
  let watching = true;
  const check = (block: Uint8Array): void => {
    if (isUstarHeader(block)) {
      if (offset > 0) found(offset, headerName(block));
      watching = false;
    }
    offset += BLOCK;
  };
  for await (const chunk of chunks) {
    for (let at = 0; watching && at < chunk.length; ) {
      if (filled === 0 && chunk.length - at >= BLOCK) {
        check(chunk.subarray(at, at + BLOCK));
        at += BLOCK;
        continue;
      }
      const take = Math.min(BLOCK - filled, chunk.length - at);
      partial.set(chunk.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === BLOCK) {
        filled = 0;
        check(partial);
      }
    }
    yield chunk;
  }
}

/** The member name a ustar header holds: the name field, after the prefix field when POSIX ustar has one. */
function headerName(block: Uint8Array): string {
  const text = (from: number, to: number) => {
    const field = block.subarray(from, to);
    const end = field.indexOf(0);
    return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
  };
  const name = text(0, 100);
  const posix = block[262] === 0;
  const prefix = posix ? text(345, 500) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}
