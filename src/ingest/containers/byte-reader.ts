/**
 * Pull-style reading over a chunk stream, for container formats that need "the next N bytes":
 * headers are read exactly, bodies chunk by chunk, and bytes read ahead can be put back. It keeps
 * only what was read ahead (a header, a few KiB), never the stream. A failure of the source is
 * sticky: every later read rethrows the same error object, so it is reported once.
 */
import { concatBytes } from '../bytes.ts';
import { ContainerError } from './errors.ts';

const EMPTY = new Uint8Array(0);

export class ByteReader implements AsyncIterable<Uint8Array> {
  /** Bytes handed out (consumed) so far: the offset of the next byte. */
  position = 0;
  private readonly iterator: AsyncIterator<Uint8Array>;
  private queue: Uint8Array[] = [];
  private queued = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Pulls one more chunk into the queue; false at the end of the source. */
  private async fill(): Promise<boolean> {
    if (this.failure) throw this.failure.error;
    if (this.ended) return false;
    let step: IteratorResult<Uint8Array>;
    try {
      step = await this.iterator.next();
    } catch (error) {
      this.failure = { error };
      throw error;
    }
    if (step.done) {
      this.ended = true;
      return false;
    }
    if (step.value.length > 0) {
      this.queue.push(step.value);
      this.queued += step.value.length;
    }
    return true;
  }

  /** Up to `n` bytes without consuming them (fewer only at the end of the source). */
  async peek(n: number): Promise<Uint8Array> {
    try {
      while (this.queued < n && (await this.fill()));
    } catch (error) {
      // Bytes that arrived before a failure are still handed out; the failure comes after them.
      if (this.queued === 0) throw error;
    }
    if (this.queue.length > 1 && (this.queue[0]?.length ?? 0) < n) this.queue = [concatBytes(this.queue)];
    return (this.queue[0] ?? EMPTY).subarray(0, n);
  }

  /** Up to `n` bytes, consumed (fewer only at the end of the source). */
  async read(n: number): Promise<Uint8Array> {
    const bytes = await this.peek(n);
    this.consume(bytes.length);
    return bytes;
  }

  /** Exactly `n` bytes, or a ContainerError naming `what` was cut short. */
  async readExact(n: number, what: string): Promise<Uint8Array> {
    const at = this.position;
    const bytes = await this.read(n);
    if (bytes.length < n && this.failure) throw this.failure.error;
    if (bytes.length < n) throw new ContainerError(`unexpected end of data in ${what}: ${bytes.length} of ${n} bytes`, at);
    return bytes;
  }

  /** The next bytes as they come, at most `max` (undefined at the end). */
  async next(max = Number.POSITIVE_INFINITY): Promise<Uint8Array | undefined> {
    if (this.queued === 0 && !(await this.fillNonEmpty())) return undefined;
    const head = this.queue[0] as Uint8Array;
    const bytes = head.length <= max ? head : head.subarray(0, max);
    this.consume(bytes.length);
    return bytes;
  }

  /** Skips `n` bytes; returns how many were there. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const bytes = await this.next(left);
      if (!bytes) break;
      left -= bytes.length;
    }
    return n - left;
  }

  /** Puts bytes read too far back in front (they must be the last bytes consumed). */
  unread(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.queue.unshift(bytes);
    this.queued += bytes.length;
    this.position -= bytes.length;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (let bytes = await this.next(); bytes; bytes = await this.next()) yield bytes;
  }

  /** Stops the source early (closes the file). */
  async close(): Promise<void> {
    this.queue = [];
    this.queued = 0;
    if (!this.ended && !this.failure) {
      this.ended = true;
      await this.iterator.return?.();
    }
  }

  private async fillNonEmpty(): Promise<boolean> {
    while (this.queued === 0) if (!(await this.fill())) return false;
    return true;
  }

  private consume(n: number): void {
    this.position += n;
    this.queued -= n;
    let left = n;
    while (left > 0) {
      const head = this.queue[0] as Uint8Array;
      if (head.length <= left) {
        this.queue.shift();
        left -= head.length;
      } else {
        this.queue[0] = head.subarray(left);
        left = 0;
      }
    }
  }
}
