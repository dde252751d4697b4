import { describe, expect, it } from 'vitest';
import { NdjsonChunker, ndjsonLines, parseNdjson } from '../../src/workers/ndjson-chunks.ts';

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
});
