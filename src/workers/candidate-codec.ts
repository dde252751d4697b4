/**
 * Events crossing threads as text in one transferable buffer, never as cloned objects: one line
 * per event, `[file, line, flags, indexHint, idHint, rules]` TAB `event`, with file names in a small table
 * beside the buffer (JSON text never holds a raw tab, so the first one ends the header). The
 * event's JSON text comes back as written: it is parsed only for the detector (JSON.stringify then
 * JSON.parse gives back the same event: own `__proto__` keys stay data, key order is kept; `-0`
 * becomes `0`, which no query or alert output tells apart), and process events kept for ancestry
 * are stored as that text without a second parse. `rules` are the positions of the rules that
 * selected a candidate in the reader, so the coordinator's detector runs only those on it (with
 * the whole public pack, a handful of 2,000); null for events that are not candidates.
 */
import type { EventSource } from '../engine/detect/contract.ts';
import { stringifyJson } from '../engine/json/stringify.ts';
import type { EventDoc } from '../engine/query/event.ts';

/** The event is a candidate for some rule. */
export const CANDIDATE = 1;
/** The event is a process event kept for ancestry views. */
export const PROCESS = 2;

export interface EncodedEvents {
  readonly files: readonly string[];
  /** UTF-8 NDJSON; transfer its buffer. */
  readonly bytes: Uint8Array;
  readonly count: number;
}

export interface DecodedEvent {
  /** The event as JSON text (JSON.stringify's, at any depth: stringifyJson). */
  readonly text: string;
  readonly source: EventSource;
  readonly flags: number;
  /** Candidates: the positions of the rules that selected the event in the reader. */
  readonly rules: readonly number[] | null;
}

type Header = [file: number, line: number, flags: number, indexHint: string | null, idHint: string | null, rules: readonly number[] | null];

export class EventEncoder {
  #files: string[] = [];
  #fileIndex = new Map<string, number>();
  #lines: string[] = [];
  #chars = 0;

  add(event: EventDoc, source: EventSource, flags: number, rules?: readonly number[]): void {
    let file = this.#fileIndex.get(source.file);
    if (file === undefined) {
      file = this.#files.push(source.file) - 1;
      this.#fileIndex.set(source.file, file);
    }
    const header: Header = [file, source.line, flags, source.indexHint ?? null, source.idHint ?? null, rules ?? null];
    const text = `${JSON.stringify(header)}\t${stringifyJson(event)}`;
    this.#lines.push(text);
    this.#chars += text.length + 1;
  }

  /** Characters buffered so far (a bound on memory, close to the UTF-8 size). */
  get size(): number {
    return this.#chars;
  }

  get count(): number {
    return this.#lines.length;
  }

  /** The buffered events, and a fresh empty buffer. */
  take(): EncodedEvents {
    const encoded = { files: this.#files, bytes: new TextEncoder().encode(this.#lines.map((line) => `${line}\n`).join('')), count: this.#lines.length };
    this.#files = [];
    this.#fileIndex = new Map();
    this.#lines = [];
    this.#chars = 0;
    return encoded;
  }
}

export function decodeEvents(encoded: EncodedEvents): DecodedEvent[] {
  const text = new TextDecoder().decode(encoded.bytes);
  const out: DecodedEvent[] = [];
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; start = end + 1, end = text.indexOf('\n', start)) {
    const tab = text.indexOf('\t', start);
    const [file, line, flags, indexHint, idHint, rules] = JSON.parse(text.slice(start, tab)) as Header;
    const source: EventSource = {
      file: encoded.files[file] ?? '',
      line,
      ...(indexHint !== null ? { indexHint } : {}),
      ...(idHint !== null ? { idHint } : {}),
    };
    out.push({ text: text.slice(tab + 1, end), source, flags, rules: rules ?? null });
  }
  return out;
}
