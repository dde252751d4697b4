/**
 * NDJSON held as UTF-8 chunks of a few MiB, each ending at a line end, never as one string or one
 * buffer: a scan's alerts cross threads, are saved and are exported this way. A V8 string stops
 * at 2^29 - 24 characters (about 512 MiB), which 150,000 ordinary alerts can pass, and one huge
 * buffer would need its whole size again while it grows.
 */
import { forEachInSlices } from './next-task.ts';

export type NdjsonChunks = readonly Uint8Array<ArrayBuffer>[];

/** Characters gathered before they are encoded into a chunk. */
const CHUNK_CHARS = 4 * 1024 * 1024;

/** Collects lines (each ending in `\n`) into chunks; `finish` hands them over. */
export class NdjsonChunker {
  readonly #encoder = new TextEncoder();
  readonly #chunks: Uint8Array<ArrayBuffer>[] = [];
  #pending = '';
  #lines = 0;

  constructor(private readonly chunkChars = CHUNK_CHARS) {}

  add(line: string): void {
    this.#pending += line;
    this.#lines++;
    if (this.#pending.length >= this.chunkChars) this.#flush();
  }

  get lines(): number {
    return this.#lines;
  }

  finish(): Uint8Array<ArrayBuffer>[] {
    this.#flush();
    return this.#chunks;
  }

  #flush(): void {
    if (this.#pending === '') return;
    this.#chunks.push(this.#encoder.encode(this.#pending));
    this.#pending = '';
  }
}

/** The lines of chunked NDJSON (or of one string, as scans saved by earlier versions hold it), without their `\n`. */
export function* ndjsonLines(ndjson: NdjsonChunks | string): Generator<string> {
  const decoder = new TextDecoder();
  for (const chunk of typeof ndjson === 'string' ? [ndjson] : ndjson) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; start = end + 1, end = text.indexOf('\n', start)) yield text.slice(start, end);
    if (start < text.length) yield text.slice(start);
  }
}

/**
 * The lines at `positions` (ascending, counted from 0; every line when undefined), each with its
 * `\n`, text unchanged unless `rewrite` gives another line for it.
 */
export function pickNdjsonLines(ndjson: NdjsonChunks | string, positions: readonly number[] | undefined, rewrite?: (line: string, position: number) => string | undefined): string[] {
  const out: string[] = [];
  let next = 0;
  let line = 0;
  for (const text of ndjsonLines(ndjson)) {
    if (positions !== undefined && next === positions.length) break;
    const position = line++;
    if (positions !== undefined && position !== positions[next]) continue;
    if (positions === undefined && text === '') continue;
    out.push(rewrite?.(text, position) ?? `${text}\n`);
    next++;
  }
  return out;
}

/** Chunked or one-string NDJSON as Blob parts. */
export function ndjsonParts(ndjson: NdjsonChunks | string): BlobPart[] {
  return typeof ndjson === 'string' ? [ndjson] : [...ndjson];
}

export function parseNdjson<T>(ndjson: NdjsonChunks | string): T[] {
  const out: T[] = [];
  for (const line of ndjsonLines(ndjson)) if (line !== '') out.push(JSON.parse(line) as T);
  return out;
}

/** `parseNdjson` in slices of the thread's time (next-task.ts): on the page, for a scan's alerts. */
export async function parseNdjsonInSlices<T>(ndjson: NdjsonChunks | string): Promise<T[]> {
  const out: T[] = [];
  await forEachInSlices(ndjsonLines(ndjson), (line) => {
    if (line !== '') out.push(JSON.parse(line) as T);
  });
  return out;
}
