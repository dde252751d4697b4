import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventSource } from '../../src/engine/detect/contract.ts';
import type { EventObject } from '../../src/ingest/events.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../../src/ingest/lines.ts';
import { intake, type IntakeOptions, type IntakeSource } from '../../src/ingest/intake.ts';
import { skippedLines, type FileSummary } from '../../src/ingest/summary.ts';
import { cutAt, cutPoints, sourceOf, utf8 } from './chunking.ts';

/** Line accounting of plain NDJSON through intake (what the removed single-file `ingestSource` was tested for). */
async function ingest(source: IntakeSource, options?: IntakeOptions) {
  const events: { event: EventObject; origin: EventSource }[] = [];
  const run = intake([source], options);
  for await (const { event, source: origin } of run) events.push({ event, origin });
  return { events, summary: run.files[0]! };
}

const ingestText = (text: string | Uint8Array, options?: IntakeOptions) => ingest(sourceOf('f.ndjson', [typeof text === 'string' ? utf8(text) : text]), options);

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

describe('intake: damaged lines', () => {
  it.each([
    ['non-JSON', 'hello\n{"a":1}\n', 1, { 'not-json': { count: 1, examples: [`1: Unexpected token 'h', "hello" is not valid JSON`] } }],
    ['trailing garbage', '{"a":1} x\n', 0, { 'not-json': { count: 1, examples: ['1: Unexpected non-whitespace character after JSON at position 8'] } }],
    // (A first line starting with `[` makes the file a JSON array: see shapes.test.ts.)
    ['an array', '{"b":0}\n[{"a":1}]\n', 1, { 'not-object': { count: 1, examples: ['2: a JSON array, not an object'] } }],
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
    expect(skips(summary)).toEqual({ 'too-long': { count: 1, examples: [`2: ${big.length} bytes, over the limit of ${DEFAULT_MAX_LINE_BYTES} bytes (maxLineBytes)`] } });
    expectAccounted(summary);
  });

  it('honours a configured line limit', async () => {
    const { summary } = await ingestText('{"a":1}\n{"a":12}\n', { maxLineBytes: 7 });
    expect(summary.events).toBe(1);
    expect(summary.skipped['too-long'].examples).toEqual([{ line: 2, message: '8 bytes, over the limit of 7 bytes (maxLineBytes)' }]);
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

describe('intake: whole files', () => {
  it.each([
    ['binary data', new Uint8Array([0x7b, 0x00, 0x7d, 0x0a]), 'binary data (NUL byte at offset 1)'],
  ])('skips %s with a reason', async (_name, bytes, reason) => {
    const { events, summary } = await ingestText(bytes);
    expect({ events: events.length, status: summary.status, reason: summary.reason, lines: summary.lines }).toEqual({ events: 0, status: 'skipped', reason, lines: 0 });
  });

  it('reports a read failure with its position and keeps what was read before it', async () => {
    const failing: IntakeSource = {
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
    expect(summary.reason).toBe('EIO: i/o error, read');
    expect(summary.bytes).toBe(16012);
    expectAccounted(summary);
  });

  it('stops promptly on abort and closes the source', async () => {
    const controller = new AbortController();
    let closed = false;
    let served = 0;
    const endless: IntakeSource = {
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
    const run = ingest(endless, { signal: controller.signal, onProgress: ({ bytesDone }) => bytesDone > 100_000 && controller.abort(new Error('cancelled')) });
    await expect(run).rejects.toThrow('cancelled');
    expect({ closed, served }).toEqual({ closed: true, served: 11 });
  });

  it('reports progress per chunk and at the end, with the known size', async () => {
    const progress: unknown[] = [];
    await ingest(sourceOf('p', [utf8('{"a":1}\n'), utf8('{"a":2}\n')]), { onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toEqual({ file: 'p', bytesDone: 16, bytesTotal: 16, events: 2 });
  });

  it('lets a consumer error through instead of calling it a read error', async () => {
    const run = ingest(sourceOf('c', [utf8('{"a":1}\n')]));
    await expect(
      (async () => {
        for await (const _ of intake([sourceOf('c', [utf8('{"a":1}\n')])])) throw new Error('engine bug');
      })(),
    ).rejects.toThrow('engine bug');
    await expect(run).resolves.toBeDefined();
  });

  it.each([
    ['in the middle of the file', '{"a":1}\n{"a":2}\n{"a":3}\n'],
    ['on the last, unterminated line', '{"a":1}\n{"a":2}\n{"a":3}'],
  ])('lets a line hook error through instead of calling it damage: %s', async (_name, text) => {
    const run = intake([sourceOf('h.ndjson', [utf8(text)])], {
      onLine: (_text, source) => {
        if (source.line === 3) throw new Error('hook bug');
        return { kind: 'not-parsed' };
      },
    });
    await expect(
      (async () => {
        for await (const _ of run);
      })(),
    ).rejects.toThrow('hook bug');
  });

  it('gives the same events and origins whatever the chunking', async () => {
    const eventArb = fc.dictionary(fc.string({ unit: fc.constantFrom('a', 'é', '😀', '_', '.') , minLength: 1 }), fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxKeys: 4 });
    const lineArb = fc.oneof(
      { weight: 5, arbitrary: eventArb.map((event) => ({ text: JSON.stringify(event), event })) },
      { weight: 1, arbitrary: fc.constantFrom({ text: 'not json', event: undefined }, { text: '', event: undefined }, { text: '1', event: undefined }) },
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
