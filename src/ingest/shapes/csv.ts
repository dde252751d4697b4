/**
 * CSV exports (RFC 4180), as consoles write them: a header row naming the columns, then one
 * record per row; fields may be quoted, and a quoted field may hold commas, doubled quotes and
 * line breaks (CRLF or LF). A UTF-8 BOM is dropped, and so is the `#TYPE …` line Windows
 * PowerShell 5's `Export-Csv` writes before the header. Each data row becomes an object keyed by
 * the header (`Object.fromEntries`: a `__proto__` column is an own property, never a prototype).
 *
 * Streaming and bounded: bytes are split into rows by quote parity (a `"` inside a quoted field
 * is always doubled, so a newline ends a row exactly when an even number of quotes came before it
 * in the row), which needs no decoding (quotes, commas and newlines are ASCII, never inside a
 * UTF-8 sequence); only one row is held, capped like a line. Rows are numbered from 1 after the
 * header (the `line` of their events); messages also name the physical line a row starts on.
 */
import { concatBytes } from '../bytes.ts';
import type { EventObject, LineSkipReason } from '../events.ts';
import { decodeUtf8 } from '../utf8.ts';

export interface CsvSink {
  /** A data row keyed by the header; `invalidUtf8` counts invalid sequences replaced by U+FFFD. */
  row(record: EventObject, number: number, invalidUtf8: number): void;
  /** A row that is not a record: blank, or malformed (`bad-row`: field count, quoting). */
  skip(number: number, reason: LineSkipReason, message: string): void;
  oversize(number: number, bytes: number): void;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** PowerShell 5's `Export-Csv` without `-NoTypeInformation` starts with `#TYPE <.NET type name>`. */
const TYPE_LINE = /^#TYPE [^,"]*$/;

export class CsvSplitter {
  /** Data rows completed so far (blank and malformed ones included). */
  records = 0;
  hadBom = false;
  /** The column names, once the header row was read. */
  header: readonly string[] | undefined;
  private started = false;
  private line = 1;
  private rowLine = 1;
  private inQuotes = false;
  private pieces: Uint8Array[] = [];
  private rowBytes = 0;
  private oversized = false;

  constructor(
    private readonly sink: CsvSink,
    private readonly maxRowBytes: number,
  ) {}

  push(chunk: Uint8Array): void {
    let start = 0;
    if (!this.started) {
      this.started = true;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        this.hadBom = true;
        start = 3;
      }
    }
    let from = start;
    for (let i = start; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === QUOTE) this.inQuotes = !this.inQuotes;
      else if (b === LF) {
        this.line++;
        if (!this.inQuotes) {
          this.finishRow(chunk.subarray(from, i));
          from = i + 1;
        }
      }
    }
    if (from < chunk.length) this.keep(chunk.subarray(from));
  }

  end(): void {
    if (this.rowBytes > 0) this.finishRow(new Uint8Array(0));
  }

  private keep(part: Uint8Array): void {
    this.rowBytes += part.length;
    if (this.rowBytes > this.maxRowBytes) {
      this.oversized = true;
      this.pieces = [];
    } else if (!this.oversized) {
      this.pieces.push(part.slice());
    }
  }

  private finishRow(last: Uint8Array): void {
    this.keep(last);
    const { pieces, oversized, rowBytes, rowLine, inQuotes } = this;
    this.pieces = [];
    this.rowBytes = 0;
    this.oversized = false;
    this.inQuotes = false;
    this.rowLine = this.line;
    if (this.header === undefined && !oversized) return this.readHeader(concatBytes(pieces), rowLine);
    const number = ++this.records;
    if (oversized) return this.sink.oversize(number, rowBytes);
    let bytes = concatBytes(pieces);
    if (bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    const where = `row ${number} (line ${rowLine})`;
    if (bytes.length === 0) return this.sink.skip(number, 'blank', `${where}: blank`);
    const { text, invalid } = decodeUtf8(bytes);
    const fields = inQuotes ? 'unterminated quoted field' : splitFields(text);
    if (typeof fields === 'string') return this.sink.skip(number, 'bad-row', `${where}: ${fields}`);
    const header = this.header ?? [];
    if (fields.length !== header.length) return this.sink.skip(number, 'bad-row', `${where}: ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${header.length}`);
    this.sink.row(Object.fromEntries(header.map((name, i) => [name, fields[i] ?? ''])), number, invalid);
  }

  private readHeader(bytes: Uint8Array, line: number): void {
    const text = decodeUtf8(bytes).text.replace(/\r$/, '');
    if (text.trim() === '' || (line === 1 && TYPE_LINE.test(text))) return;
    const fields = splitFields(text);
    this.header = typeof fields === 'string' ? [text] : fields;
  }
}

/** The fields of one row (RFC 4180 quoting), or what is wrong with it. */
export function splitFields(text: string): string[] | string {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (text.charCodeAt(at) === QUOTE) {
      let value = '';
      let from = at + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close === -1) return `unterminated quoted field ${fields.length + 1}`;
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) !== QUOTE) {
          at = close + 1;
          break;
        }
        value += '"';
        from = close + 2;
      }
      fields.push(value);
      if (at === text.length) return fields;
      if (text[at] !== ',') return `text after the closing quote of field ${fields.length}`;
      at++;
    } else {
      const comma = text.indexOf(',', at);
      if (comma === -1) {
        fields.push(text.slice(at));
        return fields;
      }
      fields.push(text.slice(at, comma));
      at = comma + 1;
    }
  }
}

/** Fewest columns a header must name: one column is just a list of lines. */
const MIN_COLUMNS = 2;
const MAX_COLUMN_NAME = 200;

/**
 * Whether text (the start of a file, after a BOM and leading blanks) is CSV: a header row of at
 * least two distinct, non-empty, name-like columns (not JSON), and the next whole row, when the
 * text holds one, with as many fields.
 */
export function looksLikeCsv(text: string): boolean {
  let firstRow: boolean | undefined;
  const splitter = new CsvSplitter(
    {
      row: () => (firstRow ??= true),
      skip: (_number, reason) => {
        if (reason !== 'blank') firstRow ??= false;
      },
      oversize: () => undefined,
    },
    Number.MAX_SAFE_INTEGER,
  );
  splitter.push(new TextEncoder().encode(text));
  const header = splitter.header;
  if (header === undefined || header.length < MIN_COLUMNS || new Set(header).size !== header.length) return false;
  if (header.some((name) => name.trim() === '' || name.length > MAX_COLUMN_NAME || /^[[{]/.test(name.trim()))) return false;
  return firstRow !== false;
}
