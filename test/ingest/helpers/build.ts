/**
 * Builds every container in code from plain bytes, so tests need no opaque fixtures: gzip and
 * zip through fflate (its streaming Zip writes data descriptors), tar through modern-tar's
 * packer (plus a hand-written GNU long-name record), zstd as a frame of raw and RLE blocks
 * (fzstd only decompresses; raw blocks are valid zstd that any decoder reads), and zip64 /
 * encrypted entries with a small local-header writer.
 */
import { deflateSync, gzipSync, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { packTar } from 'modern-tar';
import { concatBytes } from '../../../src/ingest/bytes.ts';
import { crc32 } from '../../../src/ingest/containers/crc32.ts';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function gzip(data: Uint8Array, level: 0 | 1 | 6 | 9 = 6): Uint8Array {
  return gzipSync(data, { level });
}

/** Several gzip members back to back, as `cat a.gz b.gz` makes. */
export function multiMemberGzip(parts: readonly Uint8Array[]): Uint8Array {
  return concatBytes(parts.map((part) => gzip(part)));
}

export interface ZipFile {
  readonly name: string;
  readonly data: Uint8Array;
  /** 0: stored; 6: deflate. */
  readonly level?: 0 | 6;
}

/** A zip with sizes in the local headers (central directory at the end, as zip(1) writes). */
export function zip(files: readonly ZipFile[], directories: readonly string[] = []): Uint8Array {
  const tree: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const directory of directories) tree[directory] = [new Uint8Array(0), { level: 0 }];
  for (const file of files) tree[file.name] = [file.data, { level: file.level ?? 6 }];
  return zipSync(tree);
}

/** A zip written as a stream: every entry's sizes and CRC come in a data descriptor after its data. */
export function streamedZip(files: readonly ZipFile[]): Uint8Array {
  const out: Uint8Array[] = [];
  const archive = new Zip((error, chunk) => {
    if (error) throw error;
    out.push(chunk);
  });
  for (const file of files) {
    const entry = file.level === 0 ? new ZipPassThrough(file.name) : new ZipDeflate(file.name, { level: 6 });
    archive.add(entry);
    entry.push(file.data, true);
  }
  archive.end();
  return concatBytes(out);
}

export interface RawZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
  readonly method?: 0 | 8;
  readonly encrypted?: boolean;
  readonly zip64?: boolean;
}

/** Local headers written by hand, for what fflate does not write: zip64 sizes, the encryption flag. */
export function rawZip(entries: readonly RawZipEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const method = entry.method ?? 0;
    const stored = method === 8 ? deflateSync(entry.data) : entry.data;
    const name = utf8(entry.name);
    const extra = entry.zip64 ? new Uint8Array(20) : new Uint8Array(0);
    if (entry.zip64) {
      const view = new DataView(extra.buffer);
      view.setUint16(0, 1, true);
      view.setUint16(2, 16, true);
      view.setBigUint64(4, BigInt(entry.data.length), true);
      view.setBigUint64(12, BigInt(stored.length), true);
    }
    const header = new Uint8Array(30);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0x04034b50, true);
    view.setUint16(4, entry.zip64 ? 45 : 20, true);
    view.setUint16(6, (entry.encrypted ? 1 : 0) | 0x0800, true);
    view.setUint16(8, method, true);
    view.setUint32(14, crc32(entry.data), true);
    view.setUint32(18, entry.zip64 ? 0xffffffff : stored.length, true);
    view.setUint32(22, entry.zip64 ? 0xffffffff : entry.data.length, true);
    view.setUint16(26, name.length, true);
    view.setUint16(28, extra.length, true);
    const record = new Uint8Array(46);
    const recordView = new DataView(record.buffer);
    recordView.setUint32(0, 0x02014b50, true);
    recordView.setUint16(28, name.length, true);
    recordView.setUint32(42, offset, true);
    central.push(record, name);
    parts.push(header, name, extra, stored);
    offset += header.length + name.length + extra.length + stored.length;
  }
  const end = new Uint8Array(22);
  const endView = new DataView(end.buffer);
  endView.setUint32(0, 0x06054b50, true);
  endView.setUint16(8, entries.length, true);
  endView.setUint16(10, entries.length, true);
  return concatBytes([...parts, ...central, end]);
}

export interface TarFile {
  readonly name: string;
  readonly data: Uint8Array;
}

export async function tar(files: readonly TarFile[], directories: readonly string[] = []): Promise<Uint8Array> {
  return packTar([
    ...directories.map((name) => ({ header: { name, type: 'directory' as const, size: 0 } })),
    ...files.map((file) => ({ header: { name: file.name, size: file.data.length }, body: file.data })),
  ]);
}

/** A GNU tar long name: an `L` record holding the name, then the entry under a truncated name. */
export function gnuLongNameTar(name: string, data: Uint8Array): Uint8Array {
  const nameBytes = utf8(`${name}\0`);
  return concatBytes([tarHeader('././@LongLink', nameBytes.length, 'L'), padded(nameBytes), tarHeader(name.slice(0, 99), data.length, '0'), padded(data), new Uint8Array(1024)]);
}

/**
 * A copy of a tar whose header at byte `at` claims `size` bytes of data, its checksum made good
 * again: a lying size field that tar's own checks cannot catch.
 */
export function withTarSize(archive: Uint8Array, at: number, size: number): Uint8Array {
  const copy = archive.slice();
  const header = copy.subarray(at, at + 512);
  header.set(utf8(`${size.toString(8).padStart(11, '0')}\0`), 124);
  sealTarHeader(header);
  return copy;
}

function sealTarHeader(block: Uint8Array): void {
  block.fill(0x20, 148, 156);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.set(utf8(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
}

function tarHeader(name: string, size: number, type: string): Uint8Array {
  const block = new Uint8Array(512);
  const put = (offset: number, text: string) => block.set(utf8(text), offset);
  put(0, name);
  put(100, '0000644\0');
  put(108, '0000000\0');
  put(116, '0000000\0');
  put(124, `${size.toString(8).padStart(11, '0')}\0`);
  put(136, '00000000000\0');
  put(156, type);
  put(257, 'ustar  \0');
  sealTarHeader(block);
  return block;
}

function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 512) * 512);
  out.set(data);
  return out;
}

/**
 * A zstd frame (RFC 8878) of raw blocks, with an RLE block for runs of one byte: no
 * checksum, a 128 KiB window (so blocks may be 128 KiB).
 */
export function zstd(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38)];
  const BLOCK = 128 * 1024;
  if (data.length === 0) parts.push(blockHeader(0, 0, true));
  for (let at = 0; at < data.length; at += BLOCK) {
    const block = data.subarray(at, at + BLOCK);
    const last = at + BLOCK >= data.length;
    if (block.length > 1 && block.every((byte) => byte === block[0])) parts.push(blockHeader(1, block.length, last), block.subarray(0, 1));
    else parts.push(blockHeader(0, block.length, last), block);
  }
  return concatBytes(parts);
}

/** A zstd frame of `size` copies of one byte, as RLE blocks: 4 input bytes per 128 KiB out, never held in memory. */
export function rleZstd(byte: number, size: number): Uint8Array {
  const BLOCK = 128 * 1024;
  const parts: Uint8Array[] = [Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38)];
  for (let at = 0; at < size; at += BLOCK) parts.push(blockHeader(1, Math.min(BLOCK, size - at), at + BLOCK >= size), Uint8Array.of(byte));
  return concatBytes(parts);
}

function blockHeader(type: 0 | 1, size: number, last: boolean): Uint8Array {
  const value = (last ? 1 : 0) | (type << 1) | (size << 3);
  return Uint8Array.of(value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff);
}
