import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../src/ingest/containers/byte-reader.ts';
import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { crc32 } from '../../src/ingest/containers/crc32.ts';
import { detectContainer } from '../../src/ingest/containers/detect.ts';
import { ContainerError } from '../../src/ingest/containers/errors.ts';
import { gzip, tar, utf8, zip, zstd } from './helpers/build.ts';

describe('crc32', () => {
  it.each([
    ['', 0],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('%j', (text, expected) => {
    expect(crc32(utf8(text))).toBe(expected);
  });

  it('continues across pieces', () => {
    const bytes = utf8('abcdefghijklmnopqrstuvwxyz0123456789');
    expect(crc32(bytes.subarray(13), crc32(bytes.subarray(0, 13)))).toBe(crc32(bytes));
  });

  it('agrees with zlib for any bytes, alignment and split (the word-at-a-time path reads through a view)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(7), fc.nat(300), (data, shift, cut) => {
        // Copy into a buffer at `shift` so the view starts at every alignment.
        const backing = new Uint8Array(data.length + shift);
        backing.set(data, shift);
        const bytes = backing.subarray(shift);
        const at = Math.min(cut, bytes.length);
        expect(crc32(bytes)).toBe(zlibCrc32(data));
        expect(crc32(bytes.subarray(at), crc32(bytes.subarray(0, at)))).toBe(zlibCrc32(data));
      }),
      { numRuns: 500 },
    );
  });
});

describe('container detection by content', async () => {
  const tarBytes = await tar([{ name: 'a', data: utf8('x') }]);
  it.each([
    ['gzip', gzip(utf8('x')), { kind: 'gzip' }],
    ['zip', zip([{ name: 'a', data: utf8('x') }]), { kind: 'zip' }],
    ['tar', tarBytes, { kind: 'tar' }],
    ['zstd', zstd(utf8('x')), { kind: 'zstd' }],
    ['xz', Uint8Array.of(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0), { kind: 'unsupported', format: 'xz' }],
    ['a tar header with a wrong checksum', Uint8Array.from(tarBytes.subarray(0, 512), (byte, i) => (i === 0 ? byte + 1 : byte)), { kind: 'none' }],
    ['text', utf8('{"a":1}\n'.repeat(100)), { kind: 'none' }],
  ])('%s', (_name, bytes, expected) => {
    expect(detectContainer(bytes)).toEqual(expected);
  });
});

describe('ByteReader', () => {
  async function* chunks(parts: string[], failure?: Error) {
    for (const part of parts) yield utf8(part);
    if (failure) throw failure;
  }

  it('reads exact headers across chunks and puts bytes back', async () => {
    const reader = new ByteReader(chunks(['ab', 'cdef', 'g']));
    expect(new TextDecoder().decode(await reader.readExact(3, 'x'))).toBe('abc');
    const next = await reader.next();
    expect(new TextDecoder().decode(next)).toBe('def');
    reader.unread(next!.subarray(1));
    expect(reader.position).toBe(4);
    expect(new TextDecoder().decode(await reader.read(10))).toBe('efg');
    await expect(reader.readExact(1, 'the end')).rejects.toThrow(new ContainerError('unexpected end of data in the end: 0 of 1 bytes', 7));
  });

  it('hands out what arrived before a failure, then rethrows the same failure every time', async () => {
    const failure = new Error('EIO');
    const reader = new ByteReader(chunks(['abc'], failure));
    expect((await reader.peek(100)).length).toBe(3);
    expect((await reader.next())?.length).toBe(3);
    await expect(reader.next()).rejects.toBe(failure);
    await expect(reader.peek(1)).rejects.toBe(failure);
  });
});
