/**
 * Events crossing threads as one string, never as cloned objects: one line per event, `[file, line, flags, indexHint, idHint]` TAB `event`, with file names in a small table
 * beside the buffer (JSON text never holds a raw tab, so the first one ends the header). The
 * event's JSON text comes back as written, and only when the coordinator needs it: for a rule
 * that may keep the event for an alert, a hunt's match, or a process event kept for ancestry (its
 * projection); it is parsed only when an alert or identity needs the event (JSON.stringify then
 * JSON.parse gives back the same event: own `__proto__` keys stay data, key order is kept; `-0`
 * becomes `0`, which no query or alert output tells apart). Beside the buffer, per candidate, what
 * each rule selecting it read of it (`RuleRead`, structured-cloned: small values), which is all
 * the coordinator's detector needs (`Detector.pushReads`).
 */
import type { EventSource } from '../engine/detect/contract.ts';
import type { RuleRead } from '../engine/detect/detector.ts';

/** The event is a candidate for some rule. */
export const CANDIDATE = 1;
/** The event is a process event kept for ancestry views. */
export const PROCESS = 2;

export interface EncodedEvents {
  readonly files: readonly string[];
  /**
   * The lines. Cloned as a string: a copy each way, where UTF-8 bytes in a transferred buffer cost
   * an encoding and a decoding (about 3x the CPU on the fleet mix).
   */
  readonly text: string;
  readonly count: number;
  /** Per line: a candidate's rule reads (null for other lines). */
  readonly reads: readonly (readonly RuleRead[] | null)[];
}

export interface DecodedEvent {
  /** The event as JSON text (stringifyJson, at any depth), when it was sent. */
  readonly text: string | undefined;
  readonly source: EventSource;
  readonly flags: number;
  /** Candidates: what the rules that selected the event in the reader read of it. */
  readonly reads: readonly RuleRead[] | null;
}

type Header = [file: number, line: number, flags: number, indexHint: string | null, idHint: string | null];

/** What a read adds to a batch's memory, roughly, beside its text (for the flush and queue bounds). */
const READ_CHARS = 64;

export class EventEncoder {
  #files: string[] = [];
  #fileIndex = new Map<string, number>();
  #lines: string[] = [];
  #reads: (readonly RuleRead[] | null)[] = [];
  #chars = 0;

  add(text: string | undefined, source: EventSource, flags: number, reads?: readonly RuleRead[]): void {
    let file = this.#fileIndex.get(source.file);
    if (file === undefined) {
      file = this.#files.push(source.file) - 1;
      this.#fileIndex.set(source.file, file);
    }
    const header: Header = [file, source.line, flags, source.indexHint ?? null, source.idHint ?? null];
    const line = `${JSON.stringify(header)}\t${text ?? ''}`;
    this.#lines.push(line);
    this.#reads.push(reads ?? null);
    this.#chars += line.length + 1 + (reads?.length ?? 0) * READ_CHARS;
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
    const encoded = { files: this.#files, text: this.#lines.map((line) => `${line}\n`).join(''), count: this.#lines.length, reads: this.#reads };
    this.#files = [];
    this.#fileIndex = new Map();
    this.#lines = [];
    this.#reads = [];
    this.#chars = 0;
    return encoded;
  }
}

export function decodeEvents(encoded: EncodedEvents): DecodedEvent[] {
  const { text } = encoded;
  const out: DecodedEvent[] = [];
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; start = end + 1, end = text.indexOf('\n', start)) {
    const tab = text.indexOf('\t', start);
    const [file, line, flags, indexHint, idHint] = JSON.parse(text.slice(start, tab)) as Header;
    const source: EventSource = {
      file: encoded.files[file] ?? '',
      line,
      ...(indexHint !== null ? { indexHint } : {}),
      ...(idHint !== null ? { idHint } : {}),
    };
    out.push({ text: tab + 1 < end ? text.slice(tab + 1, end) : undefined, source, flags, reads: encoded.reads[out.length] ?? null });
  }
  return out;
}
