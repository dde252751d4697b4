import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKept } from '../../src/engine/detect/event-ref.ts';
import { formatNdjsonLine } from '../../src/engine/output/index.ts';
import type { EventDoc } from '../../src/engine/query/event.ts';
import { openTextSpill, openTextSpillOrWarn } from '../../src/cli/text-spill.ts';
import { runLoupe, tempFiles } from './run-cli.ts';
import { kibanaRule } from './scan-fixtures.ts';
import { BASE, ENDPOINT_FILE, ENDPOINT_PROCESS, iso, minutes, scanSources, SEED_RULES, type TestEvent } from '../engine/detect/helpers.ts';

describe('text spill (the CLI keeps kept events in a temporary file)', () => {
  it('reads back every text, unflushed or written, whatever its size or characters', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('x'.repeat(1 << 20), `é${'y'.repeat((1 << 20) + 5)}`)), { maxLength: 40 }), (texts) => {
        const spill = openTextSpill();
        try {
          const kept = texts.map((text) => spill.keep(text));
          // Half read while some are still in the batch, then all after more writes.
          kept.slice(0, kept.length / 2).forEach((handle, i) => expect(readKept(handle)).toBe(texts[i]));
          spill.keep('z'.repeat(1 << 20));
          kept.forEach((handle, i) => expect(readKept(handle)).toBe(texts[i]));
          expect(spill.bytes).toBe(texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) + (1 << 20));
        } finally {
          spill.close();
        }
      }),
      { numRuns: 30 },
    );
  });

  it('a closed spill refuses reads', () => {
    const spill = openTextSpill();
    const kept = spill.keep('{"a":1}');
    spill.keep('x'.repeat(2 << 20));
    spill.close();
    expect(() => readKept(kept)).toThrow();
  });
});

/** Seed-rule events: python file opens (new_terms) and keychain process starts (query, EQL), with copies and ties. */
const arbInput = fc
  .array(
    fc.record({
      python: fc.boolean(),
      host: fc.constantFrom('h1', 'h2'),
      path: fc.constantFrom('/Users/a/.ssh/id_rsa', '/Users/a/.aws/credentials'),
      args: fc.subarray(['security', 'dump-keychain', '-d', 'login.keychain'], { minLength: 1 }),
      minute: fc.integer({ min: 0, max: 20 }),
      copies: fc.constantFrom(1, 2),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((items): TestEvent[] =>
    items.flatMap(({ python, host, path, args, minute, copies }) => {
      const common = { '@timestamp': iso(BASE + minutes(minute)), host: { id: host, os: { type: 'macos' } } };
      const event: EventDoc = python
        ? { ...common, event: { category: 'file', action: 'open' }, process: { name: 'python3' }, file: { path }, data_stream: ENDPOINT_FILE }
        : { ...common, event: { category: 'process', type: 'start' }, process: { name: 'security', args }, data_stream: ENDPOINT_PROCESS };
      return Array.from({ length: copies }, (_, copy) => ({ event, source: { file: `f${copy}.ndjson`, line: minute + 1 } }));
    }),
  );

describe('detector with kept texts in a file', () => {
  it('writes the same alerts as with texts in the heap', async () => {
    let alerts = 0;
    await fc.assert(
      fc.asyncProperty(arbInput, async (input) => {
        const inHeap = await scanSources(SEED_RULES, input);
        const spill = openTextSpill();
        try {
          const spilled = await scanSources(SEED_RULES, input, { keeper: spill });
          alerts += spilled.alertCount;
          expect([...spilled.eachAlert()].map(formatNdjsonLine)).toEqual([...inHeap.eachAlert()].map(formatNdjsonLine));
        } finally {
          spill.close();
        }
      }),
      { numRuns: 40 },
    );
    // The inputs do raise alerts, so kept texts were read back.
    expect(alerts).toBeGreaterThan(40);
  });
});

describe('no temporary file to be had', () => {
  it('openTextSpillOrWarn says why and gives no spill', () => {
    const reasons: string[] = [];
    expect(openTextSpillOrWarn((reason) => reasons.push(reason), '/nonexistent-loupe-folder')).toBeUndefined();
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain('/nonexistent-loupe-folder');
  });

  it('loupe scan keeps texts in memory, warns once and writes the same alerts', async () => {
    const events = Array.from({ length: 5 }, (_, i) => `{"@timestamp":"2024-05-01T00:00:0${i}Z","event":{"action":"x"},"n":${i}}`).join('\n');
    const root = tempFiles({ 'e.ndjson': `${events}\n`, 'rules.ndjson': `${kibanaRule({ query: 'event.action:x' })}\n` });
    const scan = () => runLoupe('scan', join(root, 'e.ndjson'), '--rules', join(root, 'rules.ndjson'), '--now', '2024-05-02T00:00:00Z', '--jobs', '1');
    const normal = await scan();
    const saved = process.env['TMPDIR'];
    process.env['TMPDIR'] = join(root, 'missing');
    let withoutTemp: Awaited<ReturnType<typeof runLoupe>>;
    try {
      withoutTemp = await scan();
    } finally {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
    }
    expect(withoutTemp.code).toBe(normal.code);
    expect(withoutTemp.out).toHaveLength(5);
    expect(withoutTemp.out).toEqual(normal.out);
    expect(withoutTemp.err.filter((line) => line.includes('kept events stay in memory'))).toHaveLength(1);
    expect(normal.err.some((line) => line.includes('kept events stay in memory'))).toBe(false);
  });
});
