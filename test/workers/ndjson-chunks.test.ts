import { describe, expect, it } from 'vitest';
import { NdjsonChunker, ndjsonLines, parseNdjson, parseNdjsonInSlices } from '../../src/workers/ndjson-chunks.ts';
import { forEachInSlices } from '../../src/workers/next-task.ts';

const decoder = new TextDecoder();
const lines = Array.from({ length: 1000 }, (_, i) => `${JSON.stringify({ n: i, text: 'é'.repeat(i % 37) })}\n`);

describe('NDJSON chunks (a scan\'s alerts, never one string past V8\'s ~512 MiB limit)', () => {
  it('cuts at line ends into chunks of about the chunk size, losing and reordering nothing', () => {
    const chunker = new NdjsonChunker(1000);
    for (const line of lines) chunker.add(line);
    const chunks = chunker.finish();
    const longest = Math.max(0, ...lines.map((line) => line.length));
    expect(chunker.lines).toBe(lines.length);
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) {
      const text = decoder.decode(chunk);
      expect(text.endsWith('\n')).toBe(true);
      expect(text.length).toBeLessThan(1000 + longest);
    }
    expect(chunks.map((chunk) => decoder.decode(chunk)).join('')).toBe(lines.join(''));
    expect([...ndjsonLines(chunks)]).toEqual(lines.map((line) => line.slice(0, -1)));
    expect(parseNdjson(chunks)).toEqual(lines.map((line) => JSON.parse(line)));
  });

  it('reads one string too (scans saved by earlier versions) and nothing from no chunks', () => {
    expect(parseNdjson(lines.join(''))).toEqual(lines.map((line) => JSON.parse(line)));
    expect(parseNdjson(new NdjsonChunker().finish())).toEqual([]);
    expect(parseNdjson('')).toEqual([]);
  });

  it('parses in slices of the thread\'s time to the same alerts as at once', async () => {
    const chunker = new NdjsonChunker(1000);
    for (const line of lines) chunker.add(line);
    const chunks = chunker.finish();
    expect(await parseNdjsonInSlices(chunks)).toEqual(parseNdjson(chunks));
    expect(await parseNdjsonInSlices(lines.join(''))).toEqual(parseNdjson(lines.join('')));
  });
});

describe('work in slices (the page stays responsive through long loops)', () => {
  it('lets the thread\'s other tasks run between slices, visiting every item once in order', async () => {
    const seen: number[] = [];
    // Another task queued before the loop starts (as a click or a paint would be).
    const other = new MessageChannel();
    let answered = -1;
    other.port1.onmessage = () => (answered = seen.length);
    other.port2.postMessage(null);
    try {
      await forEachInSlices(Array.from({ length: 50 }, (_, i) => i), (item) => {
        seen.push(item);
        const until = performance.now() + 2;
        while (performance.now() < until);
      }, 5);
    } finally {
      other.port1.close();
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // 100 ms of work in 5 ms slices: the other task ran in the first pause, long before the end.
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(10);
  });
});
