/**
 * Raw DEFLATE, streamed with fflate, that also says where the compressed stream ended: gzip
 * members and zip entries with data descriptors are followed by more bytes, and only the
 * inflater knows where its stream stops. fflate does not expose that, so this reads the same two
 * fields of its state that fflate's own Gunzip reads (final block done, bit position); fflate is
 * pinned to 0.8.x and the tests cover this.
 */
import { Inflate } from 'fflate';
import { ContainerError, messageOf } from './errors.ts';

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
  s: InflateState;
  p: Uint8Array;
}

export class RawInflater {
  done = false;
  private readonly inflate: Inflate;
  private output: Uint8Array[] = [];

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
    try {
      this.inflate.push(input);
    } catch (error) {
      throw new ContainerError(`invalid deflate data: ${messageOf(error)}`, at);
    }
    const output = this.output;
    this.output = [];
    const internals = this.inflate as unknown as InflateInternals;
    if (internals.s.f && !internals.s.l) {
      this.done = true;
      const used = Math.ceil((internals.s.p ?? 0) / 8);
      return { output, rest: internals.p.subarray(used) };
    }
    return { output, rest: new Uint8Array(0) };
  }
}
