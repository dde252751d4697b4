import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventObject } from '../../src/ingest/events.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../../src/ingest/lines.ts';
import { ingestSource, type ByteSource, type EventOrigin, type IngestOptions } from '../../src/ingest/pipeline.ts';
import { skippedLines, type FileSummary } from '../../src/ingest/summary.ts';
import { cutAt, cutPoints, sourceOf, utf8 } from './chunking.ts';

async function ingest(source: ByteSource, options?: IngestOptions) {
  const events: { event: EventObject; origin: EventOrigin }[] = [];
  const summary = await ingestSource(source, (event, origin) => void events.push({ event, origin }), options);
  return { events, summary };
}

const ingestText = (text: string | Uint8Array, options?: IngestOptions) => ingest(sourceOf('f.ndjson', [typeof text === 'string' ? utf8(text) : text]), options);

/** Every line is an event or skipped with a reason. */
function expectAccounted(summary: FileSummary): void {
  expect(summary.lines).toBe(summary.events + skippedLines(summary));
}

/** The non-zero skip tallies, as `reason: [count, [line, message]...]`. */
function skips(summary: FileSummary) {
  return Object.fromEntries(
    Object.entries(summary.skipped)
      .filter(([, tally]) => tally.count > 0)
      .map(([reason, tally]) => [reason, { count: tally.count, examples: tally.examples.map(({ line, message }) => `${line}: ${message}`) }]),
  );
}

describe('ingestSource: damaged lines', () => {
  it.each([
    ['non-JSON', 'hello\n{"a":1}\n', 1, { 'not-json': { count: 1, examples: [`1: Unexpected token 'h', "hello" is not valid JSON`] } }],
    ['trailing garbage', '{"a":1} x\n', 0, { 'not-json': { count: 1, examples: ['1: Unexpected non-whitespace character after JSON at position 8'] } }],
    ['an array', '[{"a":1}]\n', 0, { 'not-object': { count: 1, examples: ['1: a JSON array, not an object'] } }],
    [
      'scalars',
      '42\n"text"\nnull\ntrue\n',
      0,
      {
        'not-object': {
          count: 4,
          examples: ['1: a JSON number, not an object', '2: a JSON string, not an object', '3: null, not an object', '4: a JSON boolean, not an object'],
        },
      },
    ],
    ['blank lines, including CR and tabs', '\n \t\r\n{"a":1}\n\n', 1, { blank: { count: 3, examples: ['1: blank line', '2: blank line', '4: blank line'] } }],
    ['a non-breaking space is not blank', '\u00a0\n', 0, { 'not-json': { count: 1, examples: [`1: Unexpected token '\u00a0', "\u00a0" is not valid JSON`] } }],
    ['an export hit whose _source is not an object', '{"_index":"i","_id":"1","_source":null}\n', 0, { 'not-object': { count: 1, examples: ['1: Elasticsearch hit whose _source is null, not an object'] } }],
    ['an empty file', '', 0, {}],
  ])('%s', async (_name, text, events, expected) => {
    const { summary } = await ingestText(text);
    expect({ events: summary.events, skipped: skips(summary), status: summary.status }).toEqual({ events, skipped: expected, status: 'scanned' });
    expectAccounted(summary);
  });

  it('keeps the first five examples of a reason and counts the rest', async () => {
    const { summary } = await ingestText('x\n'.repeat(8));
    expect(summary.skipped['not-json'].count).toBe(8);
    expect(summary.skipped['not-json'].examples.map((example) => example.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('replaces and counts invalid UTF-8, and still reads the event', async () => {
    const bytes = new Uint8Array([...utf8('{"a":"x'), 0xff, 0xc0, ...utf8('y"}\n{"b":"ok"}\n')]);
    const { events, summary } = await ingestText(bytes);
    expect(events.map(({ event }) => event)).toEqual([{ a: 'x\uFFFD\uFFFDy' }, { b: 'ok' }]);
    expect(summary.invalidUtf8).toEqual({ count: 1, sequences: 2, examples: [{ line: 1, message: '2 invalid UTF-8 sequences replaced with U+FFFD' }] });
    expectAccounted(summary);
  });

  it('skips a 10 MB line over the default 8 MiB limit and reads the lines around it', async () => {
    const big = `{"a":"${'x'.repeat(10 * 1024 * 1024)}"}`;
    const bytes = utf8(`{"n":1}\n${big}\n{"n":3}\n`);
    const { events, summary } = await ingest(sourceOf('big.ndjson', cutAt(bytes, Array.from({ length: 160 }, (_, i) => 10 + i * 65536))));
    expect(events.map(({ event, origin }) => [event, origin.line])).toEqual([
      [{ n: 1 }, 1],
      [{ n: 3 }, 3],
    ]);
    expect(skips(summary)).toEqual({ 'too-long': { count: 1, examples: [`2: line of ${big.length} bytes is over the limit of ${DEFAULT_MAX_LINE_BYTES} bytes`] } });
    expectAccounted(summary);
  });

  it('honours a configured line limit', async () => {
    const { summary } = await ingestText('{"a":1}\n{"a":12}\n', { maxLineBytes: 7 });
    expect(summary.events).toBe(1);
    expect(summary.skipped['too-long'].examples).toEqual([{ line: 2, message: 'line of 8 bytes is over the limit of 7 bytes' }]);
  });

  it('keeps __proto__ keys as plain data: no prototype change, no pollution', async () => {
    const { events } = await ingestText('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"a":1}\n');
    const event = events[0]?.event;
    expect(event && Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(event && Object.hasOwn(event, '__proto__')).toBe(true);
    expect(event && Object.keys(event)).toEqual(['__proto__', 'constructor', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((event as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('drops a BOM at the start of the file and says so', async () => {
    const { events, summary } = await ingestText('\uFEFF{"a":1}\n');
    expect(events.map(({ event }) => event)).toEqual([{ a: 1 }]);
    expect(summary.bom).toBe(true);
  });

  it('unwraps elasticdump / _search hit lines with their _index and _id', async () => {
    const { events, summary } = await ingestText('{"_index":"logs-x-default","_id":"abc","_score":1,"_source":{"a":1}}\n{"_id":"n1","_source":{"b":2}}\n{"_source":{"c":3}}\n');
    expect(events).toEqual([
      { event: { a: 1 }, origin: { file: 'f.ndjson', line: 1, indexHint: 'logs-x-default', idHint: 'abc' } },
      { event: { b: 2 }, origin: { file: 'f.ndjson', line: 2, idHint: 'n1' } },
      // Without _index or _id it is not an export hit: an event with a field named _source.
      { event: { _source: { c: 3 } }, origin: { file: 'f.ndjson', line: 3 } },
    ]);
    expect(summary.eventsWithIndexHint).toBe(1);
  });
});

describe('ingestSource: whole files', () => {
  it.each([
    ['binary data', new Uint8Array([0x7b, 0x00, 0x7d, 0x0a]), 'binary data (NUL byte at offset 1)'],
    ['gzip', new Uint8Array([0x1f, 0x8b, 0x08, 0x00]), 'gzip data: archives and compressed files are not supported yet'],
    ['zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14]), 'zip data: archives and compressed files are not supported yet'],
    ['UTF-16', new Uint8Array([0xff, 0xfe, 0x7b, 0x00]), 'UTF-16 text: convert it to UTF-8 to scan it'],
  ])('skips %s with a reason', async (_name, bytes, reason) => {
    const { events, summary } = await ingestText(bytes);
    expect({ events: events.length, status: summary.status, reason: summary.reason, lines: summary.lines }).toEqual({ events: 0, status: 'skipped', reason, lines: 0 });
  });

  it('sniffs a tar header 257 bytes in, even when it arrives in small chunks', async () => {
    const header = new Uint8Array(512).fill(0x61);
    header.set(utf8('ustar'), 257);
    const { summary } = await ingest(sourceOf('t', cutAt(header, [3, 100, 258, 300])));
    expect(summary.reason).toBe('tar data: archives and compressed files are not supported yet');
  });

  it('reports a read failure with its position and keeps what was read before it', async () => {
    const failing: ByteSource = {
      name: 'broken.ndjson',
      async *chunks() {
        yield utf8('{"a":1}\n'.repeat(2000));
        yield utf8('{"a":2}\n{"a"');
        throw new Error('EIO: i/o error, read');
      },
    };
    const { events, summary } = await ingest(failing);
    expect(events).toHaveLength(2001);
    expect(summary.status).toBe('error');
    expect(summary.reason).toBe('read failed after 16012 bytes: EIO: i/o error, read');
    expectAccounted(summary);
  });

  it('stops promptly on abort and closes the source', async () => {
    const controller = new AbortController();
    let closed = false;
    let served = 0;
    const endless: ByteSource = {
      name: 'endless',
      async *chunks() {
        try {
          for (;;) {
            served++;
            yield utf8('{"a":1}\n'.repeat(1200));
          }
        } finally {
          closed = true;
        }
      },
    };
    const run = ingest(endless, { signal: controller.signal, onProgress: ({ bytes }) => bytes > 100_000 && controller.abort(new Error('cancelled')) });
    await expect(run).rejects.toThrow('cancelled');
    expect({ closed, served }).toEqual({ closed: true, served: 11 });
  });

  it('reports progress per chunk and at the end, with the known size', async () => {
    const progress: unknown[] = [];
    await ingest(sourceOf('p', [utf8('{"a":1}\n'), utf8('{"a":2}\n')]), { onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toEqual({ file: 'p', bytes: 16, size: 16, events: 2 });
  });

  it('lets a consumer error through instead of calling it a read error', async () => {
    const run = ingestSource(sourceOf('c', [utf8('{"a":1}\n')]), () => {
      throw new Error('engine bug');
    });
    await expect(run).rejects.toThrow('engine bug');
  });

  it('gives the same events and origins whatever the chunking', async () => {
    const eventArb = fc.dictionary(fc.string({ unit: fc.constantFrom('a', 'é', '😀', '_', '.') , minLength: 1 }), fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxKeys: 4 });
    const lineArb = fc.oneof(
      { weight: 5, arbitrary: eventArb.map((event) => ({ text: JSON.stringify(event), event })) },
      { weight: 1, arbitrary: fc.constantFrom({ text: 'not json', event: undefined }, { text: '', event: undefined }, { text: '[1]', event: undefined }) },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(lineArb, fc.constantFrom('\n', '\r\n')), { maxLength: 15 }).chain((lines) => {
          const bytes = utf8(lines.map(([line, end]) => line.text + end).join(''));
          return fc.tuple(fc.constant(lines), fc.constant(bytes), cutPoints(bytes.length));
        }),
        async ([lines, bytes, cuts]) => {
          const { events, summary } = await ingest(sourceOf('p.ndjson', cutAt(bytes, cuts)));
          const expected = lines.flatMap(([line], i) => (line.event ? [{ event: line.event, origin: { file: 'p.ndjson', line: i + 1 } }] : []));
          expect(events).toEqual(expected);
          expect(summary.lines).toBe(lines.length);
          expectAccounted(summary);
        },
      ),
      { numRuns: 200 },
    );
  });
});
