/**
 * Streaming EVTX reader. Bytes arrive in pieces of any size (a Blob's stream, a file read in
 * slices, a zip member being inflated); the reader assembles the 4 KiB file header, then one
 * 64 KiB chunk at a time, and decodes records as they are pulled, so memory stays at one chunk
 * plus what the caller keeps, whatever the file's size. It never throws on bad bytes: whatever
 * cannot be read becomes a problem naming chunk, offset and reason.
 */
import { CHUNK_SIZE, ChunkReader } from './chunk.ts';
import { FILE_HEADER_BLOCK, readFileHeader } from './file-header.ts';
import type { EvtxFileHeader, EvtxOutput, EvtxProblem } from './types.ts';

export class EvtxReader {
  private readonly buffer = new Uint8Array(CHUNK_SIZE);
  private queue: Uint8Array[] = [];
  /** Index of the first queued piece not used up. */
  private head = 0;
  private queued = 0;
  /** File offset of the next byte to assemble. */
  private offset = 0;
  private headerRead = false;
  private header: EvtxFileHeader | undefined;
  private chunks = 0;
  private emptyChunks = 0;
  private records = 0;
  private recordsLost = 0;
  private problems = 0;
  private trailingBytes = 0;
  private ended = false;

  /** Queues the next bytes of the file; `drain()` decodes what they complete. */
  push(piece: Uint8Array): void {
    if (this.ended) throw new Error('EvtxReader.push after end()');
    if (piece.length === 0) return;
    this.queue.push(piece);
    this.queued += piece.length;
  }

  /** Yields the header and the records and problems of every whole chunk queued so far. */
  *drain(): Generator<EvtxOutput, void, undefined> {
    for (;;) {
      const wanted = this.headerRead ? CHUNK_SIZE : FILE_HEADER_BLOCK;
      if (this.queued < wanted) return;
      yield* this.next(this.take(wanted));
    }
  }

  /** The input has ended: reads what is left (a truncated file's last chunk) and yields the summary. */
  *end(): Generator<EvtxOutput, void, undefined> {
    if (this.ended) return;
    yield* this.drain();
    this.ended = true;
    const rest = this.queued;
    if (!this.headerRead && rest === 0) yield this.problem({ chunk: undefined, offset: 0, reason: 'empty input', records: 0 });
    else if (!this.headerRead) {
      yield* this.next(this.take(rest));
      if (this.header !== undefined) yield this.problem({ chunk: undefined, offset: rest, reason: `the file ends ${rest} bytes into its 4096-byte header block: no chunks`, records: 0 });
    } else if (rest > 0) {
      this.trailingBytes = rest;
      yield* this.next(this.take(rest));
    }
    yield {
      kind: 'end',
      summary: {
        chunks: this.chunks,
        emptyChunks: this.emptyChunks,
        records: this.records,
        recordsLost: this.recordsLost,
        problems: this.problems,
        header: this.header,
        trailingBytes: this.trailingBytes,
      },
    };
  }

  /** Decodes the assembled header block or chunk. */
  private *next(bytes: Uint8Array): Generator<EvtxOutput, void, undefined> {
    const at = this.offset;
    this.offset += bytes.length;
    if (!this.headerRead) {
      this.headerRead = true;
      const { header, problems } = readFileHeader(bytes);
      this.header = header;
      yield { kind: 'header', header };
      for (const problem of problems) yield this.problem(problem);
      return;
    }
    const chunk = new ChunkReader(bytes, this.chunks++, at);
    for (const item of chunk.read()) {
      if ('record' in item) {
        this.records++;
        yield { kind: 'record', record: item.record };
      } else yield this.problem(item.problem);
    }
    if (chunk.empty) this.emptyChunks++;
  }

  /** The next `count` queued bytes, assembled in the chunk buffer (reused: records hold strings, never bytes). */
  private take(count: number): Uint8Array {
    let filled = 0;
    while (filled < count) {
      const piece = this.queue[this.head]!;
      const take = Math.min(count - filled, piece.length);
      this.buffer.set(piece.subarray(0, take), filled);
      filled += take;
      if (take === piece.length) this.head++;
      else this.queue[this.head] = piece.subarray(take);
    }
    // Let go of used pieces: the queue must not keep the file's past alive.
    if (this.head > 0) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.queued -= count;
    return this.buffer.subarray(0, count);
  }

  private problem(problem: EvtxProblem): EvtxOutput {
    this.problems++;
    this.recordsLost += problem.records;
    return { kind: 'problem', problem };
  }
}

/**
 * Reads an EVTX file from its bytes in pieces of any size (for a Blob: `blob.stream()`; in Node
 * a file read stream). Yields the header, each record and problem in file order, then the summary.
 */
export async function* readEvtx(pieces: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<EvtxOutput, void, undefined> {
  const reader = new EvtxReader();
  for await (const piece of pieces) {
    reader.push(piece);
    yield* reader.drain();
  }
  yield* reader.end();
}
