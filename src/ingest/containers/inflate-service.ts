/**
 * Raw DEFLATE in another thread: a `DeflateEngine` whose fflate inflater runs behind a message
 * port (a dedicated worker in the browser), so a reader inflates a gzip member's next slices while
 * it scans the lines of the last ones: two cores on one stream that cannot be split. The
 * inflater is the same `RawInflater` the default engine runs, so output, errors, messages and byte
 * offsets are identical (gzip-engines.test.ts runs both through the same damaged-gzip battery).
 *
 * Flow: compressed slices go out with their offset, a few ahead; each reply carries what its slice
 * expanded to (transferred, never copied) and how much of it the deflate stream used. After the
 * stream's end, the unused bytes of that slice and of the slices sent after it go back to the
 * reader. Bombs: at most IN_FLIGHT slices of SLICE_BYTES are out at once, so at most
 * IN_FLIGHT x SLICE_BYTES x ~1032 bytes of output exist before the meter can stop them.
 */
import type { ByteReader } from './byte-reader.ts';
import { concatBytes } from '../bytes.ts';
import { crc32 } from './crc32.ts';
import { ContainerError, DeflateInputEnded, messageOf } from './errors.ts';
import { INFLATE_SLICE, RawInflater, type DeflateEngine } from './inflate.ts';
import type { DecompressionMeter } from './limits.ts';

const SLICE_BYTES = 2 * INFLATE_SLICE;
const IN_FLIGHT = 3;

/** The part of MessagePort (browser or Node) both ends need. */
export interface InflatePort {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start?(): void;
}

interface SliceRequest {
  readonly stream: number;
  readonly seq: number;
  readonly bytes: Uint8Array;
  /** Offset of the slice in the container's input, for error messages. */
  readonly at: number;
}

interface SliceReply {
  readonly stream: number;
  readonly seq: number;
  readonly output: Uint8Array[];
  /** Bytes of the slice the deflate stream used (all of them unless it ended inside). */
  readonly used: number;
  readonly done: boolean;
  readonly error?: { readonly message: string; readonly at?: number };
}

/** The worker's side: one inflater per stream, slices in order. */
export function serveInflate(port: InflatePort): void {
  const inflaters = new Map<number, RawInflater>();
  const failed = new Set<number>();
  port.addEventListener('message', ({ data }) => {
    const { stream, seq, bytes, at } = data as SliceRequest;
    let inflater = inflaters.get(stream);
    if (!inflater) {
      inflater = new RawInflater();
      inflaters.set(stream, inflater);
      // Streams are used one after the other: an older one is finished.
      for (const old of inflaters.keys()) if (old < stream) inflaters.delete(old);
    }
    const output: Uint8Array[] = [];
    let used = 0;
    let error: SliceReply['error'];
    if (!failed.has(stream)) {
      try {
        for (let offset = 0; offset < bytes.length && !inflater.done; offset += INFLATE_SLICE) {
          const step = bytes.subarray(offset, offset + INFLATE_SLICE);
          const pushed = inflater.push(step, at + offset);
          output.push(...pushed.output);
          used = offset + step.length - pushed.rest.length;
        }
      } catch (caught) {
        failed.add(stream);
        error = { message: messageOf(caught), ...(caught instanceof ContainerError && caught.byte !== undefined ? { at: caught.byte } : {}) };
      }
    }
    const reply: SliceReply = { stream, seq, output, used, done: inflater.done, ...(error ? { error } : {}) };
    port.postMessage(reply, output.map((chunk) => transferable(chunk)));
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
  const waiting = new Map<string, (reply: SliceReply) => void>();
  port.addEventListener('message', ({ data }) => {
    const reply = data as SliceReply;
    const key = `${reply.stream}:${reply.seq}`;
    waiting.get(key)?.(reply);
    waiting.delete(key);
  });
  port.start?.();

  async function* inflate(reader: ByteReader, meter: DecompressionMeter): AsyncGenerator<Uint8Array> {
    const stream = ++streams;
    const sent: { slice: SliceRequest; reply: Promise<SliceReply> }[] = [];
    let seq = 0;
    let ended = false;
    const send = async () => {
      const at = reader.position;
      const bytes = await reader.next(SLICE_BYTES);
      if (!bytes) {
        ended = true;
        return;
      }
      // A copy goes out: the bytes are the reader's, and may have to be put back.
      const slice: SliceRequest = { stream, seq: seq++, bytes: bytes.slice(), at };
      const reply = new Promise<SliceReply>((resolve) => waiting.set(`${stream}:${slice.seq}`, resolve));
      port.postMessage(slice, []);
      sent.push({ slice, reply });
    };
    try {
      for (;;) {
        while (!ended && sent.length < IN_FLIGHT) await send();
        const next = sent.shift();
        if (!next) throw new DeflateInputEnded(reader.position);
        const reply = await next.reply;
        if (reply.error) throw new ContainerError(reply.error.message.replace(/ \(at byte \d+\)$/, ''), reply.error.at);
        meter.consumed(reply.used);
        yield* reply.output;
        if (reply.done) {
          // The end of this slice and the slices sent after it belong to what follows the stream.
          reader.unread(concatBytes([next.slice.bytes.subarray(reply.used), ...sent.map(({ slice }) => slice.bytes)]));
          sent.length = 0;
          return;
        }
      }
    } finally {
      // Replies still on their way (after an end, damage or an early stop) are not waited for.
      for (const { slice } of sent) waiting.delete(`${stream}:${slice.seq}`);
    }
  }

  return { inflate, crc32 };
}
