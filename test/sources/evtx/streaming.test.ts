/**
 * Streaming: the same file fed in pieces of any size (1 byte, odd sizes around the 4 KiB header
 * block and the 64 KiB chunks, a Blob's stream) reads exactly as when fed whole, and nothing is
 * decoded before it is pulled.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EvtxReader } from '../../../src/sources/evtx/reader.ts';
import type { EvtxOutput } from '../../../src/sources/evtx/types.ts';
import { toXml } from '../../../src/sources/evtx/xml.ts';
import { buildChunk, buildFile, writeRecordXml } from './build-evtx.ts';
import { evtxData, needEvtxData, readPieces } from './shared-evtx.ts';

function pieces(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

function comparable(outputs: readonly EvtxOutput[]): unknown[] {
  return outputs.map((o) => (o.kind === 'record' ? { ...o.record, event: toXml(o.record.event) } : o));
}

const tiny = buildFile([buildChunk([1, 2, 3].map((id) => ({ id, xml: (w) => writeRecordXml(w, { element: 'Event', children: [`record ${id}`] }, []) })))]);

describe('streaming', () => {
  it('a file fed one byte at a time reads as when fed whole', async () => {
    const whole = await readPieces([tiny]);
    const bytes = await readPieces(pieces(tiny, [1]));
    expect(comparable(bytes.outputs)).toEqual(comparable(whole.outputs));
    expect(whole.records.map((r) => toXml(r.event))).toEqual(['<Event>record 1</Event>', '<Event>record 2</Event>', '<Event>record 3</Event>']);
  });

  it('decodes a chunk only once it is whole, and its records only as they are pulled', () => {
    const reader = new EvtxReader();
    reader.push(tiny.subarray(0, 4096 + 1000));
    expect([...reader.drain()].map((o) => o.kind)).toEqual(['header']);
    reader.push(tiny.subarray(4096 + 1000));
    const drained = reader.drain();
    const first = drained.next();
    expect(first.value).toMatchObject({ kind: 'record', record: { recordId: 1 } });
    expect([...drained].map((o) => o.kind)).toEqual(['record', 'record']);
    expect([...reader.end()].map((o) => o.kind)).toEqual(['end']);
    expect(() => reader.push(new Uint8Array(1))).toThrow(/after end/);
  });

  it('lets go of the pieces it has used (a 1 GB log must not stay referenced piece by piece)', () => {
    const chunk = buildChunk([{ id: 1, xml: (w) => writeRecordXml(w, { element: 'Event' }, []) }]);
    const file = buildFile(Array.from({ length: 40 }, () => chunk));
    const reader = new EvtxReader();
    // The queue is private; reading it is the only way to see what the reader still references.
    const queued = (): number => (reader as unknown as { queue: unknown[] }).queue.length;
    let most = 0;
    let records = 0;
    for (const piece of pieces(file, [100_000])) {
      reader.push(piece);
      for (const output of reader.drain()) if (output.kind === 'record') records++;
      most = Math.max(most, queued());
    }
    expect(records).toBe(40);
    expect(most).toBeLessThanOrEqual(2);
  });

  it('an empty input is named, not thrown', async () => {
    const { problems, summary } = await readPieces([]);
    expect(problems.map((p) => p.reason)).toEqual(['empty input']);
    expect(summary.records).toBe(0);
  });

  describe('shared samples', () => {
    if (!needEvtxData()) return;
    const file = new Uint8Array(readFileSync(evtxData('omerbenamram-evtx/samples/security.evtx')));

    it.each([
      ['header-sized and odd pieces', [4095, 2, 65535, 65537, 13]],
      ['1 MiB pieces', [1 << 20]],
      ['pieces of 7 and 100,003 bytes', [7, 100_003]],
    ])('%s read as the whole file does', async (_, sizes) => {
      const whole = await readPieces([file]);
      const fed = await readPieces(pieces(file, sizes));
      expect(fed.records).toHaveLength(2261);
      expect(comparable(fed.outputs)).toEqual(comparable(whole.outputs));
    });

    it("a Blob's stream", async () => {
      const stream = new Blob([file]).stream() as unknown as AsyncIterable<Uint8Array>;
      const { records, summary } = await readPieces(stream);
      expect(records).toHaveLength(2261);
      expect(summary.recordsLost).toBe(0);
    });
  });
});
