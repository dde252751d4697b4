/**
 * The CLI's `TextKeeper` (engine/detect/event-ref.ts): the texts of the events rules keep (every
 * alert's event until the sorted output is written, sequence stages in open windows, new-terms
 * run starts) go to a temporary file, and the heap holds only their offsets. A scan's memory then
 * grows with its alerts' count, not with their events' size (~1.5 KB each for Elastic Defend).
 *
 * Texts are appended in batches of BATCH_BYTES and read back with one positioned read each, from
 * the pending batch when not yet written. The engine reads a text only for an alert document or an
 * identity tie. The file is unlinked as soon as it is opened where the system allows it (POSIX), so
 * nothing is left behind however the process ends; elsewhere it is removed at close or on a signal.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeptText, TextKeeper } from '../engine/detect/event-ref.ts';
import { removeIfInterrupted } from './exit-cleanup.ts';

const BATCH_BYTES = 1 << 20;

export interface TextSpill extends TextKeeper {
  /** Bytes kept so far. */
  readonly bytes: number;
  /** Closes and removes the file; texts kept before can no longer be read. */
  close(): void;
}

/** A text in the file: its byte range. */
class Spilled {
  constructor(
    private readonly spill: FileSpill,
    private readonly at: number,
    private readonly length: number,
  ) {}

  read(): string {
    return this.spill.read(this.at, this.length);
  }
}

class FileSpill implements TextSpill {
  readonly #dir: string;
  readonly #path: string;
  readonly #forget: (() => void) | undefined;
  #fd: number;
  /** Bytes in the file. */
  #written = 0;
  /** Texts not written yet, from its start. */
  readonly #batch = Buffer.allocUnsafe(BATCH_BYTES);
  #pendingBytes = 0;

  constructor(dir: string | undefined) {
    this.#dir = mkdtempSync(join(dir ?? tmpdir(), 'loupe-kept-'));
    this.#path = join(this.#dir, 'events.ndjson');
    this.#fd = openSync(this.#path, 'w+', 0o600);
    let unlinked = true;
    try {
      unlinkSync(this.#path);
      rmSync(this.#dir, { recursive: true, force: true });
    } catch {
      unlinked = false;
    }
    this.#forget = unlinked ? undefined : removeIfInterrupted(this.#dir);
  }

  get bytes(): number {
    return this.#written + this.#pendingBytes;
  }

  keep(text: string): KeptText {
    const length = Buffer.byteLength(text, 'utf8');
    const kept = new Spilled(this, this.bytes, length);
    if (this.#pendingBytes + length > BATCH_BYTES) this.#flush();
    if (length > BATCH_BYTES) this.#write(Buffer.from(text, 'utf8'));
    else this.#pendingBytes += this.#batch.write(text, this.#pendingBytes, 'utf8');
    return kept;
  }

  read(at: number, length: number): string {
    if (at >= this.#written) return this.#batch.toString('utf8', at - this.#written, at - this.#written + length);
    const bytes = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const got = readSync(this.#fd, bytes, done, length - done, at + done);
      if (got === 0) throw new Error(`kept events file ${this.#path}: ended at byte ${at + done} of ${this.#written}`);
      done += got;
    }
    return bytes.toString('utf8');
  }

  close(): void {
    if (this.#fd < 0) return;
    closeSync(this.#fd);
    this.#fd = -1;
    this.#pendingBytes = 0;
    if (this.#forget !== undefined) {
      rmSync(this.#dir, { recursive: true, force: true });
      this.#forget();
    }
  }

  #flush(): void {
    if (this.#pendingBytes === 0) return;
    this.#write(this.#batch.subarray(0, this.#pendingBytes));
    this.#pendingBytes = 0;
  }

  #write(bytes: Buffer): void {
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.#fd, bytes, done, bytes.length - done, this.#written + done);
    } catch (error) {
      // Most likely a full disk: name the file's folder, so the user knows where space ran out.
      throw new Error(`cannot write kept events to a temporary file in ${this.#dir} after ${this.#written + done} bytes (${error instanceof Error ? error.message : String(error)}); free space there or point TMPDIR elsewhere`, { cause: error });
    }
    this.#written += bytes.length;
  }
}

/** A temporary file for kept texts, under `dir` (default the system's temporary folder). */
export function openTextSpill(dir?: string): TextSpill {
  return new FileSpill(dir);
}

/**
 * The spill, or undefined when no file can be made there (a read-only or missing TMPDIR on a
 * locked-down laptop): the scan then keeps texts in memory, as reader-thread scans do, and `warn`
 * says why. The verdicts are the same either way; only memory differs.
 */
export function openTextSpillOrWarn(warn: (reason: string) => void, dir?: string): TextSpill | undefined {
  try {
    return openTextSpill(dir);
  } catch (error) {
    warn(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}
