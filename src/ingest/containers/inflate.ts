/**
 * Raw DEFLATE, streamed with fflate, that also says where the compressed stream ended: gzip
 * members and zip entries with data descriptors are followed by more bytes, and only the
 * inflater knows where its stream stops. fflate does not expose that, so this reads the same two
 * fields of its state that fflate's own Gunzip reads (final block done, bit position); fflate is
 * pinned to 0.8.x and the tests cover this.
 *
 * It also hands fflate a reused output buffer before each push: left alone, fflate starts every
 * push from a fresh 32 KiB buffer and doubles it (about five bytes allocated and copied per byte
 * of output), and with large fresh buffers the allocator's page faults cost more than inflating.
 */
import { Inflate } from 'fflate';
import type { ByteReader } from './byte-reader.ts';
import { crc32 } from './crc32.ts';
import { ContainerError, DeflateInputEnded, messageOf } from './errors.ts';
import type { DecompressionMeter } from './limits.ts';

/** Input is fed in slices this small so one push can expand to at most ~1032x of it (16 MiB). */
export const INFLATE_SLICE = 16 * 1024;

interface InflateState {
  /** Final block seen. */
  f?: number;
  /** Inside a block (its code lengths are set). */
  l?: unknown;
  /** Bit position in the pending input. */
  p?: number;
}

interface InflateInternals {
  s: InflateState & {
    /** Bytes of `o` in use: the window kept from the last push (at most 32 KiB). */
    b: number;
  };
  p: Uint8Array;
  /** Window of earlier output, and the buffer the next push's output is written after it. */
  o: Uint8Array;
}

/** Window (32 KiB) plus room for what a typical push produces; fflate grows it itself when needed. */
const WORK_BYTES = 32 * 1024 + 1024 * 1024;

export class RawInflater {
  done = false;
  private readonly inflate: Inflate;
  private output: Uint8Array[] = [];
  /** fflate copies every output and window out of it, so one buffer serves every push. */
  private readonly work = new Uint8Array(WORK_BYTES);

  constructor() {
    this.inflate = new Inflate((data) => {
      if (data.length > 0) this.output.push(data);
    });
  }

  /**
   * Feeds compressed bytes (at most INFLATE_SLICE is best); returns what they expanded to and,
   * once the stream has ended, the input bytes after its end.
   */
  push(input: Uint8Array, at: number): { output: Uint8Array[]; rest: Uint8Array } {
    if (this.done) return { output: [], rest: input };
    const internals = this.inflate as unknown as InflateInternals;
    if (internals.o !== this.work) {
      this.work.set(internals.o.subarray(0, internals.s.b));
      internals.o = this.work;
    }
    try {
      this.inflate.push(input);
    } catch (error) {
      throw new ContainerError(`invalid deflate data: ${messageOf(error)}`, at);
    }
    const output = this.output;
    this.output = [];
    if (internals.s.f && !internals.s.l) {
      this.done = true;
      const used = Math.ceil((internals.s.p ?? 0) / 8);
      return { output, rest: internals.p.subarray(used) };
    }
    return { output, rest: new Uint8Array(0) };
  }
}

/**
 * Raw DEFLATE as gzip members use it, swappable per host: fflate everywhere by default; a host with
 * a faster inflater (Node's zlib, on its thread pool) brings its own. The gzip framing around it
 * (headers, members, CRC and length, limits) is the same code whichever engine runs.
 */
export interface DeflateEngine {
  /**
   * Inflates the raw deflate stream starting at the reader's position, yielding its output; once
   * it ends, the reader is left just past the stream's last byte. Counts the input it used on the
   * meter before yielding what that input produced. Throws DeflateInputEnded when the input ends
   * first, a ContainerError for invalid data.
   */
  inflate(reader: ByteReader, meter: DecompressionMeter): AsyncIterable<Uint8Array>;
  /** CRC-32 (IEEE) of `bytes`, continuing from `crc`. */
  crc32(bytes: Uint8Array, crc: number): number;
}

/** fflate, on the calling thread, fed INFLATE_SLICE at a time. */
export const FFLATE_DEFLATE: DeflateEngine = {
  async *inflate(reader, meter) {
    const inflater = new RawInflater();
    while (!inflater.done) {
      const at = reader.position;
      const input = await reader.next(INFLATE_SLICE);
      if (!input) throw new DeflateInputEnded(at);
      const { output, rest } = inflater.push(input, at);
      reader.unread(rest);
      meter.consumed(input.length - rest.length);
      yield* output;
    }
  },
  crc32,
};
