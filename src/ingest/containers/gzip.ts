/**
 * gzip (RFC 1952), streamed: every member of a multi-member file (as `cat a.gz b.gz` or pigz
 * produce), each checked against its CRC-32 and length. Zero padding after the last member (tape
 * blocking) is accepted as gzip(1) does; other trailing bytes are reported. The raw DEFLATE inside
 * each member is the host's engine (fflate by default): the framing, checks, limits and messages
 * here are the same whichever engine inflates.
 */
import type { ByteReader } from './byte-reader.ts';
import { ContainerError, DeflateInputEnded } from './errors.ts';
import { FFLATE_DEFLATE, type DeflateEngine } from './inflate.ts';
import { DecompressionMeter, type DecompressionLimits } from './limits.ts';

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED = 0xe0;

export async function* gunzip(reader: ByteReader, limits: DecompressionLimits, engine: DeflateEngine = FFLATE_DEFLATE): AsyncGenerator<Uint8Array> {
  const meter = new DecompressionMeter(limits, 'the gzip stream');
  for (let member = 1; ; member++) {
    const start = reader.position;
    await readHeader(reader, member);
    meter.consumed(reader.position - start);
    let crc = 0;
    let size = 0;
    try {
      for await (const bytes of engine.inflate(reader, meter)) {
        meter.produced(bytes.length);
        crc = engine.crc32(bytes, crc);
        size += bytes.length;
        yield bytes;
      }
    } catch (error) {
      if (error instanceof DeflateInputEnded) throw new ContainerError(`truncated gzip: member ${member} ends before its compressed data does`, error.byte);
      throw error;
    }
    const trailerAt = reader.position;
    const trailer = await reader.read(8);
    if (trailer.length < 8) throw new ContainerError(`truncated gzip: member ${member} ends before its CRC and length`, trailerAt);
    const view = new DataView(trailer.buffer, trailer.byteOffset, 8);
    const storedCrc = view.getUint32(0, true);
    const storedSize = view.getUint32(4, true);
    if (storedCrc !== crc) throw new ContainerError(`CRC mismatch in gzip member ${member}: stored ${hex(storedCrc)}, data has ${hex(crc)}`, trailerAt);
    if (storedSize !== size % 2 ** 32) throw new ContainerError(`length mismatch in gzip member ${member}: stored ${storedSize}, data has ${size % 2 ** 32} (mod 2^32)`, trailerAt + 4);
    if (!(await startsAnotherMember(reader))) return;
  }
}

async function startsAnotherMember(reader: ByteReader): Promise<boolean> {
  const next = await reader.peek(2);
  if (next.length === 0) return false;
  if (next[0] === 0x1f && next[1] === 0x8b) return true;
  for (let at = reader.position, bytes = await reader.next(); bytes; at = reader.position, bytes = await reader.next()) {
    const junk = bytes.findIndex((byte) => byte !== 0);
    if (junk !== -1) throw new ContainerError('trailing data after the last gzip member: not gzip, ignored', at + junk);
  }
  return false;
}

async function readHeader(reader: ByteReader, member: number): Promise<void> {
  const what = `the header of gzip member ${member}`;
  const at = reader.position;
  const fixed = await reader.readExact(10, what);
  if (fixed[0] !== 0x1f || fixed[1] !== 0x8b || fixed[2] !== 0x08) throw new ContainerError(`not a gzip member header (member ${member})`, at);
  const flags = fixed[3] as number;
  if (flags & RESERVED) throw new ContainerError(`gzip member ${member} has reserved header flags set`, at + 3);
  if (flags & FEXTRA) {
    const length = await reader.readExact(2, what);
    await reader.readExact((length[0] as number) | ((length[1] as number) << 8), what);
  }
  if (flags & FNAME) await skipZeroTerminated(reader, what);
  if (flags & FCOMMENT) await skipZeroTerminated(reader, what);
  if (flags & FHCRC) await reader.readExact(2, what);
}

async function skipZeroTerminated(reader: ByteReader, what: string): Promise<void> {
  for (;;) {
    const at = reader.position;
    const bytes = await reader.next();
    if (!bytes) throw new ContainerError(`unexpected end of data in ${what}`, at);
    const end = bytes.indexOf(0);
    if (end !== -1) {
      reader.unread(bytes.subarray(end + 1));
      return;
    }
  }
}

export function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
