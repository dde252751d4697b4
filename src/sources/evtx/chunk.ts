/**
 * One 64 KiB chunk: a 512-byte header (magic `ElfChnk\0`, first/last record ids, free-space
 * offset, CRC-32 of the records and of the header) and records from offset 512. Every problem is
 * reported with the chunk's index and the file offset it was found at, and records the chunk
 * header announces but that could not be read are counted, so nothing goes missing silently.
 *
 * Damage seen in real files (copies out of volume shadows, logs never closed) is mostly whole
 * 4 KiB pages of zeros: the records on the other pages are intact. So:
 * - checksums that do not match are reported, and the records are still read one by one (each
 *   checked on its own: magic, size, trailing size copy, BinXML);
 * - after bytes that are not a record, reading resumes at the next 8-byte-aligned offset where a
 *   whole record starts (magic, size and trailing copy agree);
 * - a record whose trailing size copy was zeroed is still decoded and yielded, with a problem;
 * - a chunk whose header page is gone (zero or wrong magic) is scanned for records the same way;
 *   those whose templates survived decode, the others are counted as lost;
 * - past the free-space offset only records continuing the id sequence are read (Windows writes
 *   a record before it updates the header); older records left there (slack) are not events of
 *   the log any more and are left alone, as Windows' own reader does.
 */
import { crc32 } from '../../ingest/containers/crc32.ts';
import { ChunkDecoder } from './binxml.ts';
import { u32, u64 } from './bytes.ts';
import { EvtxFormatError } from './errors.ts';
import { filetimeIso } from './time.ts';
import type { EvtxProblem, EvtxRecord } from './types.ts';

export const CHUNK_SIZE = 0x10000;
const CHUNK_HEADER_SIZE = 512;
const RECORD_HEADER_SIZE = 24;
/** Record header (24) + the trailing copy of the size (4). */
const MIN_RECORD_SIZE = 28;
const CHUNK_MAGIC = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]; // ElfChnk\0
const RECORD_MAGIC = 0x00002a2a;

/** What the records are read against: the ids the header announces and where its records end. */
interface ChunkHeader {
  readonly firstRecordId: number;
  readonly lastRecordId: number;
  readonly freeSpaceOffset: number;
}

/** What a chunk yields, in file order: its records and the problems met between them. */
export type ChunkItem = { readonly record: EvtxRecord } | { readonly problem: EvtxProblem };

/**
 * Reads the chunk in `bytes` (64 KiB, or less when the file ends early): chunk `index` at file
 * offset `fileOffset`. Records are decoded one at a time as the caller pulls them, so each can be
 * used and dropped before the next exists (a chunk's worth of records kept alive at once costs
 * more in garbage collection than decoding them).
 */
export class ChunkReader {
  /** Set by `read()` for a slot that was never written (all zero). */
  empty = false;
  private readonly decoder: ChunkDecoder;
  /** Records found before the free-space offset (yielded or failed), which the header counts: ids may be damaged, positions are not. */
  private seenInData = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly index: number,
    private readonly fileOffset: number,
  ) {
    this.decoder = new ChunkDecoder(bytes);
  }

  *read(): Generator<ChunkItem, void, undefined> {
    if (isZero(this.bytes, 0, this.bytes.length)) {
      this.empty = true;
      return;
    }
    const header = yield* this.header();
    yield* this.records(header);
  }

  private *header(): Generator<ChunkItem, ChunkHeader | undefined, undefined> {
    const bytes = this.bytes;
    if (bytes.length < CHUNK_HEADER_SIZE) {
      yield this.problem(0, `the file ends ${bytes.length} bytes into the chunk, inside its header: chunk scanned for records`, 0);
      return undefined;
    }
    if (!CHUNK_MAGIC.every((b, i) => bytes[i] === b)) {
      const what = isZero(bytes, 0, 8) ? 'chunk header missing (zero magic)' : 'bad chunk magic (expected ElfChnk)';
      yield this.problem(0, `${what}: chunk scanned for records`, 0);
      return undefined;
    }
    const freeSpaceOffset = u32(bytes, 48);
    const storedHeaderSum = u32(bytes, 124);
    const storedDataSum = u32(bytes, 52);
    const headerChecksumOk = crc32(bytes.subarray(128, CHUNK_HEADER_SIZE), crc32(bytes.subarray(0, 120))) === storedHeaderSum;
    const dataEnd = Math.min(Math.max(freeSpaceOffset, CHUNK_HEADER_SIZE), bytes.length);
    const dataChecksumOk = freeSpaceOffset <= bytes.length && crc32(bytes.subarray(CHUNK_HEADER_SIZE, dataEnd)) === storedDataSum;
    if (!headerChecksumOk) yield this.problem(124, `chunk header checksum ${storedHeaderSum === 0 ? 'not written (0)' : 'mismatch'}: records read one by one`, 0);
    if (!dataChecksumOk) yield this.problem(52, `chunk records checksum ${storedDataSum === 0 ? 'not written (0)' : 'mismatch'}: records read one by one`, 0);
    return { firstRecordId: u64(bytes, 24), lastRecordId: u64(bytes, 32), freeSpaceOffset };
  }

  private *records(header: ChunkHeader | undefined): Generator<ChunkItem, void, undefined> {
    const bytes = this.bytes;
    // Where records may be: up to the free-space offset (then only the id sequence), or anywhere without a header.
    const limit = header === undefined ? bytes.length : Math.min(Math.max(header.freeSpaceOffset, CHUNK_HEADER_SIZE), bytes.length);
    let at = CHUNK_HEADER_SIZE;
    let nextId: number | undefined;
    while (at + MIN_RECORD_SIZE <= bytes.length) {
      const inData = at < limit;
      const size = u32(bytes, at + 4);
      const magic = u32(bytes, at) === RECORD_MAGIC;
      if (!magic || size < MIN_RECORD_SIZE || at + size > bytes.length) {
        if (!inData) break;
        if (magic) {
          const id = u64(bytes, at + 8);
          this.seenInData++;
          const reason =
            size < MIN_RECORD_SIZE
              ? `Invalid EVTX record data size, should be equals or greater than 28, found \`${size}\``
              : `record of ${size} bytes runs past the end of the ${bytes.length < CHUNK_SIZE ? 'file' : 'chunk'}`;
          yield this.problem(at, `record ${id}: ${reason}`, 1, id);
        }
        const next = nextRecord(bytes, at + 8, limit);
        if (!magic && header !== undefined) yield* this.gap(at, next, limit);
        if (next < 0) break;
        at = next;
        continue;
      }
      const recordId = u64(bytes, at + 8);
      if (!inData && recordId !== nextId) break;
      if (inData) this.seenInData++;
      yield* this.record(at, size, recordId);
      nextId = recordId + 1;
      at += size;
    }
    if (header !== undefined) yield* this.account(header, at);
  }

  private *record(at: number, size: number, recordId: number): Generator<ChunkItem, void, undefined> {
    const bytes = this.bytes;
    const trailing = u32(bytes, at + size - 4);
    let event;
    try {
      event = this.decoder.decodeRecord(at + RECORD_HEADER_SIZE, at + size - 4);
    } catch (error) {
      if (!(error instanceof EvtxFormatError) && !(error instanceof RangeError)) throw error;
      yield this.problem(at, `record ${recordId}: ${error.message}`, 1, recordId);
      return;
    }
    yield { record: { recordId, writtenTime: filetimeIso(bytes, at + 16), chunk: this.index, offset: this.fileOffset + at, event } };
    for (const lost of this.decoder.damage) yield this.problem(at, `record ${recordId}: ${lost}`, 0, recordId);
    if (trailing !== size) yield this.problem(at, `record ${recordId}: trailing size copy ${trailing} differs from its size ${size} (end of record damaged?); yielded as decoded`, 0, recordId);
  }

  /** Bytes between `at` and the next record (or `limit`) that hold no record: zeros are named as such. */
  private *gap(at: number, next: number, limit: number): Generator<ChunkItem, void, undefined> {
    const end = next < 0 ? limit : next;
    if (end <= at) return;
    const zeros = isZero(this.bytes, at, end - at);
    yield this.problem(at, `${end - at} bytes ${zeros ? 'of zeros' : 'that are not a record'} where records should be${next < 0 ? '' : `; reading resumes at chunk offset ${next}`}`, 0);
  }

  /** Records the header announces (first..last id) that were neither read nor reported as failing. */
  private *account(header: ChunkHeader, at: number): Generator<ChunkItem, void, undefined> {
    const { firstRecordId: first, lastRecordId: last } = header;
    if (last < first || last - first >= CHUNK_SIZE) return;
    const missing = last - first + 1 - this.seenInData;
    if (missing <= 0) return;
    const why = this.bytes.length < CHUNK_SIZE ? 'the file ends inside the chunk' : 'not found where the chunk header places them';
    yield this.problem(Math.min(at, this.bytes.length), `${missing} of the ${last - first + 1} records the chunk header announces (ids ${first}-${last}) not read: ${why}`, missing);
  }

  private problem(at: number, reason: string, records: number, recordId?: number): ChunkItem {
    return { problem: { chunk: this.index, offset: this.fileOffset + at, reason, records, ...(recordId === undefined ? {} : { recordId }) } };
  }
}

/** The next 8-byte-aligned offset from `from` (below `limit`) where a whole record starts, or -1. */
function nextRecord(bytes: Uint8Array, from: number, limit: number): number {
  for (let at = (from + 7) & ~7; at + MIN_RECORD_SIZE <= limit; at += 8) {
    if (u32(bytes, at) !== RECORD_MAGIC) continue;
    const size = u32(bytes, at + 4);
    if (size >= MIN_RECORD_SIZE && at + size <= bytes.length && u32(bytes, at + size - 4) === size) return at;
  }
  return -1;
}

function isZero(bytes: Uint8Array, from: number, length: number): boolean {
  for (let i = from; i < from + length; i++) if (bytes[i] !== 0) return false;
  return true;
}
