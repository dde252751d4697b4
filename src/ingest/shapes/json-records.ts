/**
 * Incremental splitter for JSON documents that hold many events: a top-level array
 * (`[{...},{...}]`), an Elasticsearch `_search` response (`hits.hits[]`), an object wrapping an
 * array of records under one of WRAPPER_KEYS (CloudTrail's `{"Records":[…]}`, Azure diagnostic
 * settings' `{"records":[…]}`, Microsoft Graph's `{"@odata.context":…,"value":[…]}`, one or
 * several such objects one after another), or a sequence of top-level values (pretty-printed
 * objects one after another, as `jq .` writes them). It never
 * parses the whole document: it walks the bytes once, tracking only bracket depth, strings and
 * escapes and the keys on the way to the records, and hands each record's text to the same sink
 * lines go to. Records are numbered from 1 (the engine's `line` for these shapes); the byte and
 * line where each starts are kept for messages. Memory is one record, capped like a line.
 */
import { concatBytes } from '../bytes.ts';
import type { LineSink } from '../lines.ts';
import { decodeUtf8 } from '../utf8.ts';

export type RecordLayout = 'array' | 'search-hits' | 'wrapped' | 'values';

/**
 * Keys of a top-level object whose array value holds the records, as the services write them:
 * CloudTrail log files (`Records`), Azure diagnostic settings exports to storage (`records`),
 * Microsoft Graph and other OData APIs (`value`), `aws cloudtrail lookup-events` (`Events`) and
 * Cloud Logging's `entries.list` (`entries`).
 */
export const WRAPPER_KEYS: ReadonlySet<string> = new Set(['Records', 'records', 'value', 'Events', 'entries']);

export interface RecordPosition {
  readonly byte: number;
  readonly line: number;
}

export interface RecordSplitterOptions {
  readonly maxRecordBytes: number;
  /** Structural damage: the document cannot be split further; reported once, the rest is ignored. */
  readonly onError: (message: string, position: RecordPosition) => void;
}

/** The keys leading to the records' array, level by level (each level: the keys accepted there). */
const PATHS: Record<RecordLayout, readonly ReadonlySet<string>[]> = {
  array: [],
  'search-hits': [new Set(['hits']), new Set(['hits'])],
  wrapped: [WRAPPER_KEYS],
  values: [],
};

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const LF = 0x0a;
const MAX_KEY_BYTES = 1024;

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === LF || byte === 0x0d || byte === 0x09;
}

function endsScalar(byte: number): boolean {
  return isBlank(byte) || byte === COMMA || byte === CLOSE_ARRAY || byte === CLOSE_OBJECT || byte === OPEN_OBJECT || byte === OPEN_ARRAY || byte === QUOTE;
}

export class JsonRecordSplitter {
  /** Records completed so far. */
  records = 0;
  hadBom = false;
  private readonly path: readonly ReadonlySet<string>[];
  /** Depth of the container whose elements are the records (0: top-level values). */
  private readonly targetDepth: number;
  private byte = 0;
  /** Offset of the byte being looked at, for messages. */
  private at = 0;
  private line = 1;
  private failed = false;
  private rootClosed = false;
  private targetSeen = false;
  // Envelope: the containers around the records.
  private depth = 0;
  private readonly kinds: number[] = [];
  private readonly keys: (string | undefined)[] = [];
  private readonly onPath: boolean[] = [true];
  private readonly expectKey: boolean[] = [];
  private inString = false;
  private escaped = false;
  private key: number[] | undefined;
  // The record being read.
  private recording = false;
  private recordDepth = 0;
  private recordString = false;
  private recordScalar = false;
  private pieces: Uint8Array[] = [];
  private recordBytes = 0;
  private oversized = false;
  private recordStart: RecordPosition = { byte: 0, line: 1 };

  constructor(
    private readonly layout: RecordLayout,
    private readonly sink: LineSink,
    private readonly options: RecordSplitterOptions,
  ) {
    this.path = PATHS[layout];
    this.targetDepth = layout === 'values' ? 0 : this.path.length + 1;
  }

  push(chunk: Uint8Array): void {
    let start = 0;
    if (this.byte === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      this.hadBom = true;
      start = 3;
    }
    let recordFrom = this.recording ? start : -1;
    for (let i = start; i < chunk.length && !this.failed; i++) {
      const b = chunk[i] as number;
      if (this.recording) {
        const end = this.recordEnd(b);
        if (end === 0) {
          if (b === LF) this.line++;
          continue;
        }
        // end 1: the record ends with this byte; end -1: it ended just before it.
        const to = end === 1 ? i + 1 : i;
        if (end === 1 && b === LF) this.line++;
        this.finishRecord(chunk.subarray(recordFrom, to));
        recordFrom = -1;
        if (end === 1) continue;
      }
      this.at = this.byte + i;
      this.envelope(b, i);
      if (b === LF) this.line++;
      if (this.recording && recordFrom === -1) recordFrom = i;
    }
    if (this.recording && recordFrom !== -1) this.keep(chunk.subarray(recordFrom));
    this.byte += chunk.length;
  }

  end(): void {
    if (this.failed) return;
    this.at = this.byte;
    if (this.recording) {
      if (this.recordScalar) {
        this.finishRecord(new Uint8Array(0));
      } else {
        const { byte, line } = this.recordStart;
        this.fail(`truncated JSON: the input ends inside record ${this.records + 1}, which starts at byte ${byte} (line ${line})`);
        this.finishRecord(new Uint8Array(0));
        return;
      }
    }
    if (this.depth > 0) return this.fail(`truncated JSON: the input ends with ${this.depth} bracket${this.depth === 1 ? '' : 's'} still open`);
    if (this.layout === 'search-hits' && !this.targetSeen) return this.fail('no hits.hits array: this JSON object is not an Elasticsearch search response');
    if (this.layout === 'wrapped' && !this.targetSeen) return this.fail(`no ${[...WRAPPER_KEYS].join('/')} array of records in this JSON object`);
    if (this.layout === 'array' && !this.targetSeen) this.fail('empty input: no JSON array');
  }

  /** 0: the record goes on; 1: it ends with this byte; -1: it ended before this byte. */
  private recordEnd(b: number): number {
    if (this.recordString) {
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) {
        this.recordString = false;
        if (this.recordDepth === 0) return 1;
      }
      return 0;
    }
    if (this.recordScalar) return endsScalar(b) ? -1 : 0;
    if (b === QUOTE) this.recordString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) this.recordDepth++;
    else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      this.recordDepth--;
      if (this.recordDepth === 0) return 1;
    }
    return 0;
  }

  private envelope(b: number, i: number): void {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) {
        this.inString = false;
        if (this.key) this.finishKey();
        return;
      }
      if (this.key && this.key.length < MAX_KEY_BYTES) this.key.push(b);
      return;
    }
    if (isBlank(b)) return;
    if (this.rootClosed) return this.fail('unexpected data after the end of the JSON document');
    const atRecord = this.layout === 'values' ? this.depth === 0 : this.depth === this.targetDepth && this.targetOpenAt(this.depth);
    if (atRecord && b !== COMMA && b !== CLOSE_ARRAY && b !== CLOSE_OBJECT && b !== COLON) {
      this.startRecord(b, i);
      return;
    }
    switch (b) {
      case QUOTE:
        this.inString = true;
        if (this.depth > 0 && this.kinds[this.depth] === OPEN_OBJECT && this.expectKey[this.depth]) this.key = [];
        return;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        return this.open(b);
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        return this.close();
      case COMMA:
        if (this.kinds[this.depth] === OPEN_OBJECT) this.expectKey[this.depth] = true;
        return;
      case COLON:
        this.expectKey[this.depth] = false;
        return;
      default:
        if (this.depth === 0) this.fail(`not JSON: unexpected ${JSON.stringify(String.fromCharCode(b))} at the top level`);
    }
  }

  private targetOpenAt(depth: number): boolean {
    return this.kinds[depth] === OPEN_ARRAY && this.onPath[depth] === true;
  }

  private open(b: number): void {
    const parent = this.depth;
    const depth = parent + 1;
    const key = this.keys[parent];
    const onPath = depth === 1 || (this.onPath[parent] === true && parent < this.targetDepth && this.kinds[parent] === OPEN_OBJECT && key !== undefined && this.path[parent - 1]?.has(key) === true);
    if (depth === 1 && this.layout === 'array' && b !== OPEN_ARRAY) return this.fail('not a JSON array: the document starts with an object');
    if (depth === 1 && this.layout === 'search-hits' && b !== OPEN_OBJECT) return this.fail('not an Elasticsearch search response: the document is not an object');
    if (depth === 1 && this.layout === 'wrapped' && b !== OPEN_OBJECT) return this.fail('not an object wrapping records: the document is not an object');
    const isTarget = onPath && depth === this.targetDepth;
    if (isTarget) {
      if (b !== OPEN_ARRAY) return this.fail(`${this.path.map((keys) => [...keys].join('/')).join('.')} is not an array`);
      this.targetSeen = true;
    }
    this.depth = depth;
    this.kinds[depth] = b;
    this.onPath[depth] = onPath && depth <= this.targetDepth;
    this.expectKey[depth] = b === OPEN_OBJECT;
    this.keys[depth] = undefined;
  }

  private close(): void {
    if (this.depth === 0) return this.fail('not JSON: a closing bracket without an opening one');
    this.depth--;
    // Wrapped records may come as several objects one after another (`cat` of CloudTrail files).
    if (this.depth === 0 && this.layout !== 'values' && this.layout !== 'wrapped') this.rootClosed = true;
  }

  private finishKey(): void {
    const bytes = Uint8Array.from(this.key ?? []);
    this.key = undefined;
    const raw = decodeUtf8(bytes).text;
    let key = raw;
    try {
      key = JSON.parse(`"${raw}"`) as string;
    } catch {
      // A malformed key cannot match a path key; keep it raw.
    }
    this.keys[this.depth] = key;
  }

  private startRecord(b: number, i: number): void {
    this.recording = true;
    this.recordStart = { byte: this.byte + i, line: this.line };
    this.recordDepth = b === OPEN_OBJECT || b === OPEN_ARRAY ? 1 : 0;
    this.recordString = b === QUOTE;
    this.recordScalar = this.recordDepth === 0 && !this.recordString;
    this.escaped = false;
  }

  private keep(part: Uint8Array): void {
    this.recordBytes += part.length;
    if (this.recordBytes > this.options.maxRecordBytes) {
      this.oversized = true;
      this.pieces = [];
    } else if (!this.oversized) {
      this.pieces.push(part.slice());
    }
  }

  private finishRecord(last: Uint8Array): void {
    this.keep(last);
    const number = ++this.records;
    const { pieces, oversized, recordBytes } = this;
    this.recording = false;
    this.pieces = [];
    this.recordBytes = 0;
    this.oversized = false;
    this.recordString = false;
    this.recordScalar = false;
    this.escaped = false;
    if (oversized) return this.sink.oversize(number, recordBytes);
    const { text, invalid } = decodeUtf8(concatBytes(pieces));
    this.sink.line(text, number, invalid);
  }

  private fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.options.onError(message, { byte: Math.max(this.at, 0), line: this.line });
  }
}
