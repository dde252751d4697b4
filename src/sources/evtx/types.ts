import type { XmlElement } from './xml.ts';

/** One event record, decoded. */
export interface EvtxRecord {
  /** The record's EventRecordID (record header). */
  readonly recordId: number;
  /** When the record was written (record header FILETIME), ISO 8601 with 7 fractional digits. */
  readonly writtenTime: string;
  /** Index of its chunk in the file (0-based, file order). */
  readonly chunk: number;
  /** File offset of the record. */
  readonly offset: number;
  /** The `<Event>` element as Windows renders it. */
  readonly event: XmlElement;
}

/**
 * Something that could not be read, named by where it is and why. `records` is how many event
 * records it cost (0 for a problem that lost nothing, such as a checksum mismatch on a chunk
 * whose records were then read one by one).
 */
export interface EvtxProblem {
  /** Chunk index, or undefined for the file header. */
  readonly chunk: number | undefined;
  /** File offset the problem was found at. */
  readonly offset: number;
  readonly recordId?: number;
  readonly reason: string;
  readonly records: number;
}

export interface EvtxFileHeader {
  readonly firstChunk: number;
  readonly lastChunk: number;
  readonly nextRecordId: number;
  readonly majorVersion: number;
  readonly minorVersion: number;
  /** Chunk count the header records; a dirty file may hold more chunks than this. */
  readonly chunkCount: number;
  /** Flag 0x1: the log was not closed cleanly (header and chunk counts may lag behind). */
  readonly dirty: boolean;
  /** Flag 0x2: the log is full. */
  readonly full: boolean;
  readonly checksumOk: boolean;
}

export interface EvtxSummary {
  /** Chunk slots in the file (64 KiB each after the header), including empty and damaged ones. */
  readonly chunks: number;
  /** Never-written (zero) chunk slots. */
  readonly emptyChunks: number;
  /** Records decoded and yielded. */
  readonly records: number;
  /** Records known to exist that could not be read (sum of the problems' `records`). */
  readonly recordsLost: number;
  readonly problems: number;
  readonly header: EvtxFileHeader | undefined;
  /** Bytes after the last whole chunk (a truncated file), read as far as they go. */
  readonly trailingBytes: number;
}

/** What a reader yields, in file order: the header, then each record and problem, then the summary. */
export type EvtxOutput =
  | { readonly kind: 'header'; readonly header: EvtxFileHeader | undefined }
  | { readonly kind: 'record'; readonly record: EvtxRecord }
  | { readonly kind: 'problem'; readonly problem: EvtxProblem }
  | { readonly kind: 'end'; readonly summary: EvtxSummary };
