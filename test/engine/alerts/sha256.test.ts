import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex } from '../../../src/engine/alerts/sha256.ts';
import { uuidFromText } from '../../../src/engine/alerts/uuid.ts';

describe('sha256Hex', () => {
  // FIPS 180-2 Appendix B examples (and the empty string).
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ])('FIPS vector %#', (input, expected) => {
    expect(sha256Hex(input)).toBe(expected);
  });

  it.each([55, 56, 63, 64, 65, 119, 120])('pads a %i-byte message like Node', (length) => {
    const input = 'x'.repeat(length);
    expect(sha256Hex(input)).toBe(createHash('sha256').update(input).digest('hex'));
  });

  it('hashes strings as Node does (UTF-8, lone surrogates as U+FFFD)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => {
        expect(sha256Hex(input)).toBe(createHash('sha256').update(input).digest('hex'));
      }),
      { numRuns: 300 },
    );
    expect(sha256Hex('\ud800x')).toBe(createHash('sha256').update('\ud800x').digest('hex'));
  });

  it('hashes byte arrays', () => {
    const bytes = Uint8Array.from([0, 255, 128, 7]);
    expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('uuidFromText', () => {
  it('is a stable RFC 9562 version 8 UUID', () => {
    const id = uuidFromText('loupe:rule:abc');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFromText('loupe:rule:abc')).toBe(id);
    expect(uuidFromText('loupe:rule:abd')).not.toBe(id);
  });
});

describe('Sha256 (streamed)', () => {
  it('equals Node over any split of any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.array(fc.nat({ max: 700 }), { maxLength: 6 }), (bytes, cuts) => {
        const hash = new Sha256();
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          const end = Math.min(cut, bytes.length);
          if (end < at) continue;
          hash.update(bytes.subarray(at, end));
          at = end;
        }
        hash.update(bytes.subarray(at));
        expect(hash.hex()).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('hashes a million bytes fed one odd piece at a time', () => {
    const bytes = new TextEncoder().encode('a'.repeat(1_000_000));
    const hash = new Sha256();
    for (let at = 0; at < bytes.length; at += 4093) hash.update(bytes.subarray(at, at + 4093));
    expect(hash.hex()).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });
});
