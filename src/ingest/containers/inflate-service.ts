/**
 * Raw DEFLATE in another thread: a `DeflateEngine` whose fflate inflater runs behind a message
 * port (a dedicated worker in the browser), so a reader scans the lines of what is already
 * inflated while the next bytes inflate on another core: two cores on one stream that cannot be
 * split. The inflater is the same `RawInflater` the default engine runs, so output, errors,
 * messages and byte offsets are identical (gzip-engines.test.ts runs both through the same
 * damaged-gzip battery).
 *
 * Flow, built so neither side waits on the other in the steady state:
 * - the reader keeps up to INPUT_AHEAD compressed bytes queued at the worker;
 * - the worker inflates from its queue whenever it holds input and fewer than OUTPUT_CREDIT
 *   output bytes are unacknowledged, and sends output in batches of about BATCH_OUTPUT bytes
 *   (transferred, never copied), each saying how much input it used;
 * - the reader acknowledges a batch once its consumer has taken all of it.
 * After the stream's end, the unused rest of the input goes back to the reader.
 *
 * Bombs: the worker stops a stream at OUTPUT_CREDIT unacknowledged bytes, and one step of
 * STEP_BYTES input expands at most ~1032x, so at most OUTPUT_CREDIT + 66 MiB of output per open
 * stream exist before the reader's meter sees them.
 */
import type { ByteReader } from './byte-reader.ts';
import { concatBytes } from '../bytes.ts';
import { crc32 } from './crc32.ts';
import { ContainerError, DeflateInputEnded, messageOf } from './errors.ts';
import { INFLATE_SLICE, RawInflater, type DeflateEngine } from './inflate.ts';
import type { DecompressionMeter } from './limits.ts';

/** Compressed bytes the reader keeps queued at the worker (~50 ms of inflating). */
const INPUT_AHEAD = 1024 * 1024;
/** Compressed bytes per input message. */
const INPUT_SLICE = 128 * 1024;
/** Output the worker may have sent that the reader has not consumed yet. */
export const OUTPUT_CREDIT = 16 * 1024 * 1024;
/**
 * Compressed bytes per inflate call. Larger than the in-thread INFLATE_SLICE: each call copies its
 * output and the 32 KiB window once, and in this thread, the scan's bottleneck on gzip, 64 KiB
 * steps inflate ~7% faster than 16 KiB ones (measured in the browser bench).
 */
export const STEP_BYTES = 4 * INFLATE_SLICE;
/** Output per message: large enough that messaging costs little, small enough to keep both sides busy. */
const BATCH_OUTPUT = 1024 * 1024;

/** The part of MessagePort (browser or Node) both ends need. */
export interface InflatePort {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start?(): void;
}

type ToWorker =
  /** Compressed bytes of `stream`, starting at `at` in the container's input (for error offsets). */
  | { readonly kind: 'input'; readonly stream: number; readonly bytes: Uint8Array; readonly at: number }
  /** The reader consumed this many output bytes of `stream`. */
  | { readonly kind: 'ack'; readonly stream: number; readonly bytes: number }
  /** The reader is done with `stream` (its end, damage, or an early stop). */
  | { readonly kind: 'close'; readonly stream: number };

interface ToReader {
  readonly stream: number;
  readonly output: Uint8Array[];
  /** Input bytes (counted across the stream's input messages) this batch used. */
  readonly used: number;
  /** The deflate stream ended within the input used so far. */
  readonly done: boolean;
  readonly error?: { readonly message: string; readonly at?: number };
}

/** One stream at the worker: its inflater, queued input and output credit. */
interface WorkerStream {
  readonly id: number;
  readonly inflater: RawInflater;
  readonly queue: { bytes: Uint8Array; at: number }[];
  unacknowledged: number;
  finished: boolean;
}

/**
 * The worker's side: one inflater per stream. Several streams can be open at once: a gzip inside
 * a tar.gz inflates while the outer stream still has input here.
 */
export function serveInflate(port: InflatePort): void {
  const streams = new Map<number, WorkerStream>();

  const pump = (stream: WorkerStream) => {
    while (!stream.finished && stream.queue.length > 0 && stream.unacknowledged < OUTPUT_CREDIT) {
      const output: Uint8Array[] = [];
      let produced = 0;
      let used = 0;
      let error: ToReader['error'];
      try {
        while (stream.queue.length > 0 && produced < BATCH_OUTPUT && stream.unacknowledged + produced < OUTPUT_CREDIT && !stream.inflater.done) {
          const head = stream.queue[0]!;
          const step = head.bytes.subarray(0, STEP_BYTES);
          const pushed = stream.inflater.push(step, head.at);
          for (const chunk of pushed.output) {
            output.push(chunk);
            produced += chunk.length;
          }
          const taken = step.length - pushed.rest.length;
          used += taken;
          if (taken === head.bytes.length) stream.queue.shift();
          else stream.queue[0] = { bytes: head.bytes.subarray(taken), at: head.at + taken };
        }
      } catch (caught) {
        error = { message: messageOf(caught), ...(caught instanceof ContainerError && caught.byte !== undefined ? { at: caught.byte } : {}) };
      }
      const done = stream.inflater.done;
      if (done || error) stream.finished = true;
      stream.unacknowledged += produced;
      const reply: ToReader = { stream: stream.id, output, used, done, ...(error ? { error } : {}) };
      port.postMessage(reply, output.map(transferable));
    }
  };

  port.addEventListener('message', ({ data }) => {
    const message = data as ToWorker;
    if (message.kind === 'close') {
      streams.delete(message.stream);
      return;
    }
    let stream = streams.get(message.stream);
    if (stream === undefined) {
      // Only input opens a stream: an acknowledgement may arrive after its stream was closed.
      if (message.kind !== 'input') return;
      stream = { id: message.stream, inflater: new RawInflater(), queue: [], unacknowledged: 0, finished: false };
      streams.set(message.stream, stream);
    }
    if (message.kind === 'input') stream.queue.push({ bytes: message.bytes, at: message.at });
    else stream.unacknowledged -= message.bytes;
    pump(stream);
  });
  port.start?.();
}

/** The buffer to transfer: the chunk's own, copied first when the chunk is a view into a larger one. */
function transferable(chunk: Uint8Array): ArrayBuffer {
  if (chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer) return chunk.buffer;
  return chunk.slice().buffer as ArrayBuffer;
}

/** The reader's side: a DeflateEngine over a port served by `serveInflate`. */
export function remoteDeflate(port: InflatePort): DeflateEngine {
  let streams = 0;
  /** Open streams by id (nested containers open one while another is open). */
  const receivers = new Map<number, (reply: ToReader) => void>();
  port.addEventListener('message', ({ data }) => {
    const reply = data as ToReader;
    receivers.get(reply.stream)?.(reply);
  });
  port.start?.();

  async function* inflate(reader: ByteReader, meter: DecompressionMeter): AsyncGenerator<Uint8Array> {
    const stream = ++streams;
    // Replies arrive in order; those of this stream wait here until the loop takes them.
    const replies: ToReader[] = [];
    let wake: (() => void) | undefined;
    receivers.set(stream, (reply) => {
      replies.push(reply);
      wake?.();
    });
    /** Input sent and not yet reported used, oldest first: what goes back after the stream's end. */
    const unused: Uint8Array[] = [];
    let ahead = 0;
    let ended = false;
    const topUp = async () => {
      while (!ended && ahead < INPUT_AHEAD) {
        const at = reader.position;
        const bytes = await reader.next(INPUT_SLICE);
        if (!bytes) {
          ended = true;
          return;
        }
        // A copy goes out: the bytes are the reader's, and may have to be put back.
        const copy = bytes.slice();
        unused.push(copy);
        ahead += copy.length;
        port.postMessage({ kind: 'input', stream, bytes: copy, at } satisfies ToWorker, []);
      }
    };
    const nextReply = async (): Promise<ToReader> => {
      while (replies.length === 0) {
        if (ended && ahead === 0) throw new DeflateInputEnded(reader.position);
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      return replies.shift()!;
    };
    try {
      for (;;) {
        await topUp();
        const reply = await nextReply();
        if (reply.error) throw new ContainerError(reply.error.message.replace(/ \(at byte \d+\)$/, ''), reply.error.at);
        dropUsed(unused, reply.used);
        ahead -= reply.used;
        meter.consumed(reply.used);
        let taken = 0;
        for (const chunk of reply.output) {
          yield chunk;
          taken += chunk.length;
        }
        // The consumer is back for more: this batch is dealt with, so the worker may fill its place.
        if (taken > 0 && !reply.done) port.postMessage({ kind: 'ack', stream, bytes: taken } satisfies ToWorker, []);
        if (reply.done) {
          // What the worker did not use belongs to what follows the stream.
          reader.unread(concatBytes(unused));
          return;
        }
        // Input ran out at the worker without the stream ending: the input itself is short.
        if (ended && ahead === 0 && replies.length === 0) throw new DeflateInputEnded(reader.position);
      }
    } finally {
      receivers.delete(stream);
      port.postMessage({ kind: 'close', stream } satisfies ToWorker, []);
    }
  }

  return { inflate, crc32 };
}

/** Removes `count` bytes from the front of `pieces`. */
function dropUsed(pieces: Uint8Array[], count: number): void {
  let left = count;
  while (left > 0 && pieces.length > 0) {
    const head = pieces[0]!;
    if (head.length <= left) {
      left -= head.length;
      pieces.shift();
    } else {
      pieces[0] = head.subarray(left);
      left = 0;
    }
  }
}
