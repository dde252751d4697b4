/**
 * Bytes to lines: the first text stage of intake. Chunks may split a line, a CRLF pair or a
 * multi-byte UTF-8 character anywhere; lines come out exactly as if the input had arrived in
 * one piece. A line is what ends with LF (a CR before it is dropped), plus a final unterminated
 * line; a lone CR is data. A UTF-8 byte order mark is dropped from the start of the first line
 * only: elsewhere it is data (and then not valid JSON).
 *
 * Memory is bounded by the line limit, never by the input: a line longer than `maxLineBytes`
 * is dropped as it streams and reported by length only.
 */
import { concatBytes } from './bytes.ts';
import { decodeUtf8, decodeValidUtf8 } from './utf8.ts';

/** 8 MiB: far above any real event (Elastic Defend events are a few KiB), far below what a tab can hold. */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;
/**
 * Whole lines are decoded this many bytes at a time. One call per line costs ~2 µs in Chromium
 * (600 ms per 300k lines); one call per 1 MiB chunk is 4x slower per byte in Node than 16–64 KiB
 * (measured on the bench file: 299 ms against 70 ms for 321 MB).
 */
export const DECODE_RUN_BYTES = 32 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf] as const;

export interface LineSink {
  /** A whole line, decoded; `invalidUtf8` is the number of invalid sequences replaced by U+FFFD. */
  line(text: string, number: number, invalidUtf8: number): void;
  /** A line over the limit, skipped: its length in bytes without the line terminator. */
  oversize(number: number, bytes: number): void;
}

export interface LineSplitterOptions {
  readonly maxLineBytes?: number;
  /** Most bytes of whole lines decoded by one TextDecoder call (default DECODE_RUN_BYTES). */
  readonly runBytes?: number;
  /** False when the input is not the start of a file (a part of one): a BOM at its start is data. */
  readonly bom?: boolean;
}

export class LineSplitter {
  readonly maxLineBytes: number;
  private readonly runBytes: number;
  /** Lines completed so far (the number of the last line handed to the sink). */
  lineCount = 0;
  /** True once a byte order mark was dropped from the first line. */
  hadBom = false;
  /** The first bytes, held until it is clear whether the input starts with a BOM. */
  private head: Uint8Array | undefined = new Uint8Array(0);
  private pieces: Uint8Array[] = [];
  private pendingBytes = 0;
  private overflowed = false;
  private lastPendingByte = -1;

  constructor(
    private readonly sink: LineSink,
    options: LineSplitterOptions = {},
  ) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.runBytes = Math.max(1, options.runBytes ?? DECODE_RUN_BYTES);
    if (options.bom === false) this.head = undefined;
    if (!Number.isSafeInteger(this.maxLineBytes) || this.maxLineBytes < 1) throw new RangeError(`maxLineBytes must be a positive integer, not ${options.maxLineBytes}`);
  }

  /** Feeds the next chunk. The splitter copies what it keeps, so the caller may reuse the buffer. */
  push(chunk: Uint8Array): void {
    if (this.head !== undefined) {
      const head = concatBytes([this.head, chunk]);
      if (head.length < BOM.length && isBomPrefix(head)) {
        this.head = head.slice();
        return;
      }
      this.head = undefined;
      this.hadBom = isBomPrefix(head);
      this.split(this.hadBom ? head.subarray(BOM.length) : head);
    } else {
      this.split(chunk);
    }
  }

  /** Ends the input: a final line without LF is still a line. */
  end(): void {
    if (this.head !== undefined) {
      // Fewer bytes than a BOM in the whole input: they are data.
      const head = this.head;
      this.head = undefined;
      this.split(head);
    }
    if (this.pendingBytes > 0) this.completeLine(new Uint8Array(0));
  }

  private split(chunk: Uint8Array): void {
    const first = chunk.indexOf(LF);
    if (first === -1) {
      this.keep(chunk);
      return;
    }
    this.completeLine(chunk.subarray(0, first));
    const last = chunk.lastIndexOf(LF);
    if (last > first) this.completeRun(chunk.subarray(first + 1, last));
    if (last + 1 < chunk.length) this.keep(chunk.subarray(last + 1));
  }

  /**
   * Whole lines (nothing pending before them), separated by LF, the last one's LF not included,
   * handed on in pieces of about `runBytes` that end at a line end.
   */
  private completeRun(run: Uint8Array): void {
    for (let start = 0; start <= run.length; ) {
      let end = run.length;
      if (run.length - start > this.runBytes) {
        end = run.lastIndexOf(LF, start + this.runBytes);
        // A line longer than a piece is a piece of its own.
        if (end < start) end = run.indexOf(LF, start + this.runBytes);
        if (end === -1) end = run.length;
      }
      this.completeLines(run.subarray(start, end));
      start = end + 1;
    }
  }

  /**
   * Whole lines as `completeRun` hands them. Decoded with ONE TextDecoder call when they are valid
   * UTF-8 and no line can be over the limit: LF never occurs inside a UTF-8 sequence, so the text
   * splits into exactly the lines a per-line decode gives. Otherwise line by line, which counts
   * invalid sequences and oversize lines per line.
   */
  private completeLines(run: Uint8Array): void {
    const text = run.length <= this.maxLineBytes ? decodeValidUtf8(run) : undefined;
    if (text === undefined) {
      let start = 0;
      for (let newline = run.indexOf(LF); newline !== -1; newline = run.indexOf(LF, start)) {
        this.completeLine(run.subarray(start, newline));
        start = newline + 1;
      }
      this.completeLine(run.subarray(start));
      return;
    }
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      const length = end > start && text.charCodeAt(end - 1) === CR ? end - 1 - start : end - start;
      this.sink.line(text.slice(start, start + length), ++this.lineCount, 0);
      if (newline === -1) return;
      start = newline + 1;
    }
  }

  private keep(tail: Uint8Array): void {
    this.pendingBytes += tail.length;
    this.lastPendingByte = tail[tail.length - 1] ?? this.lastPendingByte;
    // One byte of slack: a line of exactly the limit may still be followed by the CR of a CRLF.
    if (this.pendingBytes > this.maxLineBytes + 1) {
      this.overflowed = true;
      this.pieces = [];
    } else if (!this.overflowed) {
      this.pieces.push(tail.slice());
    }
  }

  /** `last` is the line's part in the current chunk (up to, not including, its LF). */
  private completeLine(last: Uint8Array): void {
    const number = ++this.lineCount;
    const total = this.pendingBytes + last.length;
    const endsWithCr = last.length > 0 ? last[last.length - 1] === CR : this.lastPendingByte === CR;
    const length = total - (endsWithCr ? 1 : 0);
    const overflowed = this.overflowed;
    const pieces = this.pieces;
    this.pieces = [];
    this.pendingBytes = 0;
    this.overflowed = false;
    this.lastPendingByte = -1;

    if (overflowed || length > this.maxLineBytes) {
      this.sink.oversize(number, length);
      return;
    }
    const bytes = pieces.length === 0 ? last : concatBytes([...pieces, last]);
    const { text, invalid } = decodeUtf8(bytes.subarray(0, length));
    this.sink.line(text, number, invalid);
  }
}

/** True when the bytes are a BOM or its beginning (the BOM check waits for up to three bytes). */
function isBomPrefix(bytes: Uint8Array): boolean {
  const length = Math.min(bytes.length, BOM.length);
  for (let i = 0; i < length; i++) if (bytes[i] !== BOM[i]) return false;
  return true;
}
