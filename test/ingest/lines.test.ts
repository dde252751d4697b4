import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/ingest/lines.ts';
import { decodeUtf8 } from '../../src/ingest/utf8.ts';
import { cutAt, cutPoints, utf8 } from './chunking.ts';

type Out = { line: number; text?: string; invalid?: number; oversize?: number };

function split(chunks: readonly Uint8Array[], maxLineBytes?: number, runBytes?: number): { lines: Out[]; bom: boolean } {
  const lines: Out[] = [];
  const splitter = new LineSplitter(
    {
      line: (text, line, invalid) => void lines.push({ line, text, invalid }),
      oversize: (line, bytes) => void lines.push({ line, oversize: bytes }),
    },
    { ...(maxLineBytes === undefined ? {} : { maxLineBytes }), ...(runBytes === undefined ? {} : { runBytes }) },
  );
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  expect(splitter.lineCount).toBe(lines.length);
  return { lines, bom: splitter.hadBom };
}

/** The lines of a whole text, the obvious way. */
function referenceLines(text: string): string[] {
  const parts = text.replace(/^\uFEFF/, '').split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((part) => part.replace(/\r$/, ''));
}

/** Text lines with multi-byte characters (2, 3 and 4 UTF-8 bytes), CRs inside, LF or CRLF endings. */
const textInput = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(fc.string({ unit: fc.constantFrom('a', '{', '"', 'é', '€', '😀', '\r', ' ', '\uFFFD') }), fc.constantFrom('\n', '\r\n')), { maxLength: 12 }),
    fc.boolean(),
  )
  .map(([bom, lines, lastTerminated]) => {
    let text = (bom ? '\uFEFF' : '') + lines.map(([line, end]) => line + end).join('');
    if (!lastTerminated && lines.length > 0) text = text.replace(/\r?\n$/, '');
    return text;
  });

/** The pieces between LF bytes (as many as LFs plus one). */
function* splitBytes(bytes: Uint8Array): Generator<Uint8Array> {
  let start = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, start)) {
    yield bytes.subarray(start, at);
    start = at + 1;
  }
  yield bytes.subarray(start);
}

describe('LineSplitter', () => {
  it('gives the same lines whatever the chunk boundaries (UTF-8 characters, BOM and CRLF split across chunks)', () => {
    fc.assert(
      fc.property(
        textInput.chain((text) => fc.tuple(fc.constant(text), cutPoints(utf8(text).length))),
        ([text, cuts]) => {
          const bytes = utf8(text);
          const { lines, bom } = split(cutAt(bytes, cuts));
          expect(lines.map((line) => line.text)).toEqual(referenceLines(text));
          expect(lines.every((line, i) => line.line === i + 1 && line.invalid === 0)).toBe(true);
          expect(bom).toBe(text.startsWith('\uFEFF'));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('for arbitrary bytes gives what splitting on LF and decoding each line alone gives (runs of lines are decoded together)', () => {
    // Bytes that mix ASCII, LF, CR, multi-byte sequences and broken ones; no BOM at the start.
    const bytesInput = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => {
      const mixed = bytes.map((byte) => (byte % 7 === 0 ? 0x0a : byte % 11 === 0 ? 0x0d : byte % 3 === 0 ? 0x61 : byte));
      mixed[0] = 0x7b;
      return mixed;
    });
    fc.assert(
      fc.property(bytesInput, fc.integer({ min: 1, max: 400 }), fc.nat(300), fc.integer({ min: 1, max: 80 }), (bytes, limit, cut, runBytes) => {
        const parts = [...splitBytes(bytes)];
        if (bytes.at(-1) === 0x0a) parts.pop();
        const expected = parts.map((part, i): Out => {
          const length = part.at(-1) === 0x0d ? part.length - 1 : part.length;
          if (length > limit) return { line: i + 1, oversize: length };
          const { text, invalid } = decodeUtf8(part.subarray(0, length));
          return { line: i + 1, text, invalid };
        });
        expect(split([bytes], limit).lines).toEqual(expected);
        // Lines are decoded in pieces of about `runBytes`: any piece size gives the same lines.
        expect(split([bytes.subarray(0, cut), bytes.subarray(cut)], limit, runBytes).lines).toEqual(expected);
      }),
      { numRuns: 600 },
    );
  });

  it('gives the same lines, invalid-UTF-8 counts and oversize verdicts for arbitrary bytes in any chunking', () => {
    const bytesInput = fc.uint8Array({ maxLength: 200 }).map((bytes) => bytes.map((byte) => (byte % 7 === 0 ? 0x0a : byte % 11 === 0 ? 0x0d : byte)));
    fc.assert(
      fc.property(
        bytesInput.chain((bytes) => fc.tuple(fc.constant(bytes), cutPoints(bytes.length), fc.integer({ min: 1, max: 12 }))),
        ([bytes, cuts, limit]) => {
          expect(split(cutAt(bytes, cuts), limit)).toEqual(split([bytes], limit));
        },
      ),
      { numRuns: 400 },
    );
  });

  it.each([
    ['empty input', '', []],
    ['one LF', '\n', [{ line: 1, text: '', invalid: 0 }]],
    ['unterminated last line', 'a\nb', [{ line: 1, text: 'a', invalid: 0 }, { line: 2, text: 'b', invalid: 0 }]],
    ['CRLF and a CR inside a line', 'a\rb\r\nc\r\n', [{ line: 1, text: 'a\rb', invalid: 0 }, { line: 2, text: 'c', invalid: 0 }]],
    ['CR at the very end', 'a\r', [{ line: 1, text: 'a', invalid: 0 }]],
    ['BOM dropped on line 1 only', '\uFEFFa\n\uFEFFb', [{ line: 1, text: 'a', invalid: 0 }, { line: 2, text: '\uFEFFb', invalid: 0 }]],
  ])('%s', (_name, text, expected) => {
    expect(split([utf8(text)]).lines).toEqual(expected);
  });

  it.each([
    // WHATWG counts one replacement per maximal invalid subpart.
    ['lone continuation byte', [0x61, 0x80, 0x62], 'a\uFFFDb', 1],
    ['truncated 3-byte sequence', [0xe2, 0x82], '\uFFFD', 1],
    ['overlong encoding of "/"', [0xc0, 0xaf], '\uFFFD\uFFFD', 2],
    ['surrogate encoded in UTF-8', [0xed, 0xa0, 0x80], '\uFFFD\uFFFD\uFFFD', 3],
    ['a genuine U+FFFD is not invalid', [0xef, 0xbf, 0xbd], '\uFFFD', 0],
    ['a broken lead before a genuine U+FFFD', [0xef, 0xef, 0xbf, 0xbd], '\uFFFD\uFFFD', 1],
  ])('counts invalid UTF-8: %s', (_name, bytes, text, invalid) => {
    expect(split([new Uint8Array(bytes)]).lines).toEqual([{ line: 1, text, invalid }]);
  });

  it('skips a line over the limit by length, keeps counting lines, and never holds more than the limit', () => {
    const long = 'x'.repeat(100);
    const chunks = cutAt(utf8(`ok\n${long}\r\nafter\n${'y'.repeat(10)}`), [1, 5, 30, 60, 99, 104, 105]);
    expect(split(chunks, 10).lines).toEqual([
      { line: 1, text: 'ok', invalid: 0 },
      { line: 2, oversize: 100 },
      { line: 3, text: 'after', invalid: 0 },
      { line: 4, text: 'y'.repeat(10), invalid: 0 },
    ]);
  });

  it('accepts a line of exactly the limit even when its CRLF is split from it', () => {
    const chunks = [utf8('abcd\r'), utf8('\nabcde\r'), utf8('\n')];
    expect(split(chunks, 4).lines).toEqual([{ line: 1, text: 'abcd', invalid: 0 }, { line: 2, oversize: 5 }]);
  });

  it('rejects a limit that is not a positive integer', () => {
    const sink = { line: () => undefined, oversize: () => undefined };
    expect(() => new LineSplitter(sink, { maxLineBytes: 0 })).toThrow('maxLineBytes must be a positive integer');
  });
});
