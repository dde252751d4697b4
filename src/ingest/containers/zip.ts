/**
 * zip, read front to back from its local headers, so a zip is streamed like any other input:
 * from a file, a dropped Blob, or from inside another archive, with memory bounded by one read
 * slice. The central directory at the end is only counted against what was read.
 *
 * Entries with a data descriptor (sizes written after the data) end where their deflate stream
 * ends; a stored one ends at the descriptor whose signature, size and CRC match the bytes before
 * it. Stored, deflated, zip64, directories (skipped), encrypted entries ("encrypted: skipped")
 * and other methods ("not supported: skipped") are handled. What streaming cannot see: entries
 * present only in the central directory (bytes prepended to an archive, archives patched in
 * place); they are reported through the entry count check.
 */
import { formatCount, plural } from '../../engine/output/plural.ts';
import { concatBytes } from '../bytes.ts';
import type { ByteReader } from './byte-reader.ts';
import { crc32 } from './crc32.ts';
import type { ArchiveEntry } from './entry.ts';
import { ContainerError } from './errors.ts';
import { hex } from './gzip.ts';
import { INFLATE_SLICE, RawInflater } from './inflate.ts';
import { DecompressionMeter, type DecompressionLimits } from './limits.ts';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const ZIP64_END_OF_CENTRAL = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const DATA_DESCRIPTOR = 0x08074b50;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const STORED = 0;
const DEFLATED = 8;
const UNKNOWN_32 = 0xffffffff;

const METHOD_NAMES: Readonly<Record<number, string>> = { 9: 'Deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'zstd', 95: 'xz', 98: 'PPMd', 99: 'AES encryption' };

interface LocalHeader {
  readonly path: string;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly zip64: boolean;
  readonly at: number;
}

/** How far the current entry's data was read: the archive reader needs it to find the next header. */
interface EntryProgress {
  consumed: number;
  finished: boolean;
  /** What stopped the entry's data, if anything did. */
  failure?: unknown;
}

/** Local names kept to compare with the central directory (beyond this, only the count is compared). */
const MAX_NAMES_COMPARED = 100_000;

export interface ZipReadOptions {
  /**
   * Read exactly this many entries and stop: the bytes are a run of whole entries cut from a zip
   * (one part of it per worker), with no central directory after them. The cutter checked the
   * local headers against the central directory (`zipDirectory`).
   */
  readonly entries?: number;
}

export async function* zipEntries(reader: ByteReader, limits: DecompressionLimits, options: ZipReadOptions = {}): AsyncGenerator<ArchiveEntry> {
  let localEntries = 0;
  const localPaths: string[] = [];
  if (await startsWith(reader, DATA_DESCRIPTOR)) await reader.skip(4);
  for (;;) {
    if (localEntries === options.entries) return;
    const at = reader.position;
    const signatureBytes = await reader.peek(4);
    if (signatureBytes.length === 0) throw new ContainerError('truncated zip: the archive ends before its central directory', at);
    const signature = signatureBytes.length === 4 ? u32(signatureBytes, 0) : -1;
    if (signature === CENTRAL_HEADER || signature === END_OF_CENTRAL || signature === ZIP64_END_OF_CENTRAL) {
      await checkCentralDirectory(reader, localEntries, localPaths);
      return;
    }
    if (signature !== LOCAL_HEADER) throw new ContainerError('damaged zip: expected a zip header, found other bytes', at);
    const header = await readLocalHeader(reader);
    localEntries++;
    if (localPaths.length < MAX_NAMES_COMPARED) localPaths.push(header.path);
    const knownSize = !(header.flags & FLAG_DESCRIPTOR);
    const unreadable = unreadableReason(header);
    if (unreadable !== undefined || isDirectory(header)) {
      await skipData(reader, header, knownSize);
      if (unreadable !== undefined) yield { path: header.path, size: header.size, skipped: unreadable, chunks: noChunks() };
      continue;
    }
    const progress: EntryProgress = { consumed: 0, finished: false };
    yield { path: header.path, ...(knownSize ? { size: header.size } : {}), chunks: entryData(reader, header, limits, progress) };
    if (progress.finished) continue;
    // Damage the archive cannot get past was reported with the entry: stop without a second report.
    if (progress.failure !== undefined && !(progress.failure instanceof ContainerError && progress.failure.recoverable)) return;
    // The reader of the entry stopped early, or the entry was damaged: find the next header.
    if (!knownSize) throw new ContainerError(`the rest of the zip cannot be read: "${header.path}" was damaged and its size is only known from the data descriptor after it`, reader.position);
    const left = header.compressedSize - progress.consumed;
    if ((await reader.skip(left)) < left) throw new ContainerError(`truncated zip: the archive ends inside "${header.path}"`, reader.position);
  }
}

/** An entry as the central directory lists it. */
export interface ZipDirectoryEntry {
  readonly path: string;
  /** Offset of its local header in the archive. */
  readonly offset: number;
}

/** Enough of the end of a zip for its end record and the longest comment. */
export const ZIP_END_BYTES = 22 + 0xffff;

/**
 * Where the central directory is, from the archive's last bytes (`tail`, at most ZIP_END_BYTES);
 * undefined when there is no plain end record (zip64 archives, damage, spanned archives).
 */
export function zipDirectoryRange(tail: Uint8Array, archiveSize: number): { offset: number; size: number; entries: number } | undefined {
  for (let at = tail.length - 22; at >= 0; at--) {
    if (u32(tail, at) !== END_OF_CENTRAL) continue;
    const view = new DataView(tail.buffer, tail.byteOffset + at, 22);
    if (at + 22 + view.getUint16(20, true) !== tail.length) continue;
    const entries = view.getUint16(10, true);
    const size = view.getUint32(12, true);
    const offset = view.getUint32(16, true);
    if (entries === 0xffff || size === UNKNOWN_32 || offset === UNKNOWN_32 || view.getUint16(4, true) !== 0 || offset + size > archiveSize) return undefined;
    return { offset, size, entries };
  }
  return undefined;
}

/** The central directory's entries (`bytes` is the whole directory); undefined when it does not parse. */
export function zipDirectory(bytes: Uint8Array, entries: number): ZipDirectoryEntry[] | undefined {
  const listed: ZipDirectoryEntry[] = [];
  for (let at = 0; listed.length < entries; ) {
    if (at + 46 > bytes.length || u32(bytes, at) !== CENTRAL_HEADER) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, 46);
    const nameLength = view.getUint16(28, true);
    const name = bytes.subarray(at + 46, at + 46 + nameLength);
    const offset = view.getUint32(42, true);
    if (offset === UNKNOWN_32) return undefined;
    listed.push({ path: new TextDecoder(view.getUint16(8, true) & FLAG_UTF8 ? 'utf-8' : 'latin1').decode(name), offset });
    at += 46 + nameLength + view.getUint16(30, true) + view.getUint16(32, true);
  }
  return listed;
}

/** The path in a local header (`bytes` from its start, at least 30 bytes plus the name); undefined when it is not one. */
export function zipLocalPath(bytes: Uint8Array): string | undefined {
  if (bytes.length < 30 || u32(bytes, 0) !== LOCAL_HEADER) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 30);
  const nameLength = view.getUint16(26, true);
  if (bytes.length < 30 + nameLength) return undefined;
  return new TextDecoder(view.getUint16(6, true) & FLAG_UTF8 ? 'utf-8' : 'latin1').decode(bytes.subarray(30, 30 + nameLength));
}

function unreadableReason(header: LocalHeader): string | undefined {
  if (header.flags & FLAG_ENCRYPTED || header.method === 99) return 'encrypted: skipped';
  if (header.method !== STORED && header.method !== DEFLATED) {
    return `compression method ${header.method}${METHOD_NAMES[header.method] ? ` (${METHOD_NAMES[header.method]})` : ''} not supported: skipped`;
  }
  return undefined;
}

function isDirectory(header: LocalHeader): boolean {
  return header.path.endsWith('/') && header.size === 0;
}

async function readLocalHeader(reader: ByteReader): Promise<LocalHeader> {
  const at = reader.position;
  const fixed = await reader.readExact(30, 'a zip local header');
  const view = new DataView(fixed.buffer, fixed.byteOffset, 30);
  const flags = view.getUint16(6, true);
  const nameBytes = await reader.readExact(view.getUint16(26, true), 'a zip entry name');
  const extra = await reader.readExact(view.getUint16(28, true), 'a zip extra field');
  const path = new TextDecoder(flags & FLAG_UTF8 ? 'utf-8' : 'latin1').decode(nameBytes);
  let compressedSize = view.getUint32(18, true);
  let size = view.getUint32(22, true);
  const zip64Extra = findExtra(extra, 0x0001);
  const zip64 = zip64Extra !== undefined;
  if (zip64Extra) {
    // Only the fields whose 32-bit slot is saturated are present, in this order.
    const extraView = new DataView(zip64Extra.buffer, zip64Extra.byteOffset, zip64Extra.length);
    let offset = 0;
    if (size === UNKNOWN_32 && offset + 8 <= zip64Extra.length) {
      size = readU64(extraView, offset);
      offset += 8;
    }
    if (compressedSize === UNKNOWN_32 && offset + 8 <= zip64Extra.length) compressedSize = readU64(extraView, offset);
  }
  return { path, flags, method: view.getUint16(8, true), crc: view.getUint32(14, true), compressedSize, size, zip64, at };
}

function findExtra(extra: Uint8Array, id: number): Uint8Array | undefined {
  for (let offset = 0; offset + 4 <= extra.length; ) {
    const fieldId = (extra[offset] as number) | ((extra[offset + 1] as number) << 8);
    const length = (extra[offset + 2] as number) | ((extra[offset + 3] as number) << 8);
    if (fieldId === id) return extra.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
  }
  return undefined;
}

async function* entryData(reader: ByteReader, header: LocalHeader, limits: DecompressionLimits, progress: EntryProgress): AsyncGenerator<Uint8Array> {
  try {
    yield* readEntryData(reader, header, limits, progress);
  } catch (error) {
    progress.failure = error;
    throw error;
  }
}

async function* readEntryData(reader: ByteReader, header: LocalHeader, limits: DecompressionLimits, progress: EntryProgress): AsyncGenerator<Uint8Array> {
  const meter = new DecompressionMeter(limits, `"${header.path}"`);
  const knownSize = !(header.flags & FLAG_DESCRIPTOR);
  let crc = 0;
  let size = 0;
  const emit = (bytes: Uint8Array) => {
    if (header.method === DEFLATED) meter.produced(bytes.length);
    crc = crc32(bytes, crc);
    size += bytes.length;
    return bytes;
  };
  let descriptor: { crc: number; compressedSize: number; size: number } | undefined;
  if (header.method === STORED && knownSize) {
    for (let left = header.compressedSize; left > 0; ) {
      const at = reader.position;
      const bytes = await reader.next(Math.min(left, INFLATE_SLICE * 4));
      if (!bytes) throw new ContainerError(`truncated zip: the archive ends inside "${header.path}"`, at);
      left -= bytes.length;
      progress.consumed += bytes.length;
      yield emit(bytes);
    }
  } else if (header.method === STORED) {
    const found = yield* storedUntilDescriptor(reader, header, progress, (bytes) => {
      emit(bytes);
    });
    descriptor = found;
  } else {
    const inflater = new RawInflater();
    while (!inflater.done) {
      const at = reader.position;
      const max = knownSize ? header.compressedSize - progress.consumed : INFLATE_SLICE;
      if (max <= 0) throw new ContainerError(`damaged zip: the deflate data of "${header.path}" does not end within its compressed size`, at, true);
      const input = await reader.next(Math.min(max, INFLATE_SLICE));
      if (!input) throw new ContainerError(`truncated zip: the archive ends inside "${header.path}"`, at);
      const { output, rest } = pushInflate(inflater, input, at);
      reader.unread(rest);
      progress.consumed += input.length - rest.length;
      meter.consumed(input.length - rest.length);
      for (const bytes of output) yield emit(bytes);
    }
    if (knownSize && progress.consumed !== header.compressedSize) {
      throw new ContainerError(`damaged zip: the deflate data of "${header.path}" ends ${header.compressedSize - progress.consumed} bytes before its stated compressed size`, reader.position, true);
    }
    if (!knownSize) descriptor = await readDescriptor(reader, header);
  }
  progress.finished = true;
  const expected = descriptor ?? header;
  if (expected.crc !== crc) throw new ContainerError(`CRC mismatch in "${header.path}": stored ${hex(expected.crc)}, data has ${hex(crc)}`, reader.position, true);
  if (expected.size !== size) throw new ContainerError(`size mismatch in "${header.path}": stored ${expected.size}, data has ${size}`, reader.position, true);
}

function pushInflate(inflater: RawInflater, input: Uint8Array, at: number): { output: Uint8Array[]; rest: Uint8Array } {
  try {
    return inflater.push(input, at);
  } catch (error) {
    if (error instanceof ContainerError) throw new ContainerError(error.message, undefined, true);
    throw error;
  }
}

async function readDescriptor(reader: ByteReader, header: LocalHeader): Promise<{ crc: number; compressedSize: number; size: number }> {
  if (await startsWith(reader, DATA_DESCRIPTOR)) await reader.skip(4);
  const length = header.zip64 ? 20 : 12;
  const bytes = await reader.readExact(length, `the data descriptor of "${header.path}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  return header.zip64
    ? { crc: view.getUint32(0, true), compressedSize: readU64(view, 4), size: readU64(view, 12) }
    : { crc: view.getUint32(0, true), compressedSize: view.getUint32(4, true), size: view.getUint32(8, true) };
}

/**
 * A stored entry whose size comes after it: its data runs up to the first data descriptor
 * signature followed by the number of bytes before it (and, unless encrypted, their CRC).
 * The last bytes are held back until it is clear they are not the start of that descriptor.
 */
async function* storedUntilDescriptor(
  reader: ByteReader,
  header: LocalHeader,
  progress: EntryProgress,
  seen: (bytes: Uint8Array) => void,
): AsyncGenerator<Uint8Array, { crc: number; compressedSize: number; size: number }> {
  const encrypted = (header.flags & FLAG_ENCRYPTED) !== 0;
  const needed = header.zip64 ? 24 : 16;
  let held = new Uint8Array(0);
  let crc = 0;
  for (;;) {
    const at = reader.position;
    const input = await reader.next(INFLATE_SLICE * 4);
    const buffer = input ? concatBytes([held, input]) : held;
    const searchEnd = input ? buffer.length - needed : buffer.length - 12;
    for (let i = buffer.indexOf(0x50); i !== -1 && i <= searchEnd; i = buffer.indexOf(0x50, i + 1)) {
      if (i + 4 > buffer.length || u32(buffer, i) !== DATA_DESCRIPTOR) continue;
      const view = new DataView(buffer.buffer, buffer.byteOffset + i, buffer.length - i);
      const stated = header.zip64 && i + 24 <= buffer.length ? readU64(view, 8) : view.getUint32(8, true);
      if (stated !== progress.consumed + i) continue;
      const data = buffer.subarray(0, i);
      const statedCrc = view.getUint32(4, true);
      if (!encrypted && statedCrc !== crc32(data, crc)) continue;
      if (data.length > 0) {
        seen(data);
        progress.consumed += data.length;
        yield data;
      }
      reader.unread(buffer.subarray(i));
      return readDescriptor(reader, header);
    }
    if (!input) throw new ContainerError(`truncated zip: the archive ends inside "${header.path}" before its data descriptor`, at);
    const keep = Math.min(buffer.length, needed - 1);
    const data = buffer.subarray(0, buffer.length - keep);
    held = buffer.slice(buffer.length - keep);
    if (data.length > 0) {
      crc = crc32(data, crc);
      seen(data);
      progress.consumed += data.length;
      yield data;
    }
  }
}

async function skipData(reader: ByteReader, header: LocalHeader, knownSize: boolean): Promise<void> {
  if (knownSize) {
    if ((await reader.skip(header.compressedSize)) < header.compressedSize) throw new ContainerError(`truncated zip: the archive ends inside "${header.path}"`, reader.position);
    return;
  }
  if (header.method === DEFLATED && !(header.flags & FLAG_ENCRYPTED)) {
    for await (const _ of entryData(reader, header, { maxDecompressedBytes: Infinity, maxRatio: Infinity, ratioFloorBytes: 0 }, { consumed: 0, finished: false }));
    return;
  }
  for await (const _ of storedUntilDescriptor(reader, header, { consumed: 0, finished: false }, () => undefined));
}

/**
 * Walks the central directory records and the end records: entries the stream did not see, and
 * names that differ from their local header (damage that would otherwise go unnoticed), are reported.
 */
async function checkCentralDirectory(reader: ByteReader, localEntries: number, localPaths: readonly string[]): Promise<void> {
  const mismatches: string[] = [];
  let listed = 0;
  for (;;) {
    const at = reader.position;
    const signatureBytes = await reader.peek(4);
    if (signatureBytes.length < 4) throw new ContainerError('truncated zip: the archive ends inside its central directory', at);
    const signature = u32(signatureBytes, 0);
    if (signature === CENTRAL_HEADER) {
      const fixed = await reader.readExact(46, 'the zip central directory');
      const view = new DataView(fixed.buffer, fixed.byteOffset, 46);
      const nameLength = view.getUint16(28, true);
      const name = await reader.readExact(nameLength, 'the zip central directory');
      await reader.readExact(view.getUint16(30, true) + view.getUint16(32, true), 'the zip central directory');
      const local = localPaths[listed];
      const path = new TextDecoder(view.getUint16(8, true) & FLAG_UTF8 ? 'utf-8' : 'latin1').decode(name);
      if (local !== undefined && local !== path && mismatches.length < 3) mismatches.push(`"${local}" is "${path}" there`);
      listed++;
    } else if (signature === ZIP64_END_OF_CENTRAL) {
      const fixed = await reader.readExact(12, 'the zip64 end of central directory');
      await reader.readExact(readU64(new DataView(fixed.buffer, fixed.byteOffset, 12), 4), 'the zip64 end of central directory');
    } else if (signature === ZIP64_LOCATOR) {
      await reader.readExact(20, 'the zip64 end of central directory locator');
    } else if (signature === END_OF_CENTRAL) {
      const fixed = await reader.readExact(22, 'the zip end of central directory');
      await reader.readExact(fixed[20]! | (fixed[21]! << 8), 'the zip comment');
      break;
    } else {
      throw new ContainerError('damaged zip: unexpected bytes in the central directory', at);
    }
  }
  if (mismatches.length > 0) {
    throw new ContainerError(`damaged zip: entry names differ from the central directory: ${mismatches.join('; ')}`, reader.position);
  }
  if (listed !== localEntries) {
    throw new ContainerError(`zip central directory lists ${plural(listed, 'entry', 'entries')} but ${formatCount(localEntries)} ${localEntries === 1 ? 'was' : 'were'} found in the archive; entries only listed there were not read`, reader.position);
  }
}

async function* noChunks(): AsyncGenerator<Uint8Array> {}

async function startsWith(reader: ByteReader, signature: number): Promise<boolean> {
  const bytes = await reader.peek(4);
  return bytes.length === 4 && u32(bytes, 0) === signature;
}

function u32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] as number) | ((bytes[offset + 1] as number) << 8) | ((bytes[offset + 2] as number) << 16) | ((bytes[offset + 3] as number) << 24)) >>> 0;
}

function readU64(view: DataView, offset: number): number {
  return view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 2 ** 32;
}
