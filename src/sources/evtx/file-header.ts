/**
 * The file header: first 128 bytes of a 4 KiB block, magic `ElfFile\0`, chunk numbers, next
 * record id, version 3.x, chunk count, flags (dirty, full) and a CRC-32 of its first 120 bytes.
 * Only the magic decides whether the input is an EVTX file; the rest is reported, not trusted:
 * chunks are read from every 64 KiB slot after the header block whatever the count says.
 */
import { crc32 } from '../../ingest/containers/crc32.ts';
import { u16, u32, u64 } from './bytes.ts';
import type { EvtxFileHeader, EvtxProblem } from './types.ts';

export const FILE_HEADER_BLOCK = 4096;
const FILE_MAGIC = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]; // ElfFile\0

/** True when `bytes` starts like an EVTX file. */
export function isEvtx(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && FILE_MAGIC.every((b, i) => bytes[i] === b);
}

export function readFileHeader(bytes: Uint8Array): { header: EvtxFileHeader | undefined; problems: EvtxProblem[] } {
  const problems: EvtxProblem[] = [];
  if (!isEvtx(bytes) || bytes.length < 128) {
    problems.push({ chunk: undefined, offset: 0, reason: 'not an EVTX file header (expected ElfFile magic): chunks read from offset 4096', records: 0 });
    return { header: undefined, problems };
  }
  const header: EvtxFileHeader = {
    firstChunk: u64(bytes, 8),
    lastChunk: u64(bytes, 16),
    nextRecordId: u64(bytes, 24),
    minorVersion: u16(bytes, 36),
    majorVersion: u16(bytes, 38),
    chunkCount: u16(bytes, 42),
    dirty: (u32(bytes, 120) & 1) !== 0,
    full: (u32(bytes, 120) & 2) !== 0,
    checksumOk: crc32(bytes.subarray(0, 120)) === u32(bytes, 124),
  };
  if (!header.checksumOk) problems.push({ chunk: undefined, offset: 124, reason: 'file header checksum mismatch', records: 0 });
  if (header.majorVersion !== 3) problems.push({ chunk: undefined, offset: 38, reason: `unexpected format version ${header.majorVersion}.${header.minorVersion} (expected 3.x)`, records: 0 });
  return { header, problems };
}
