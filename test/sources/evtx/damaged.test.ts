/**
 * Damaged input: a clean log (security.evtx, 26 chunks, 2,261 records) cut at every chunk
 * boundary and at random offsets, with single bytes flipped, and with whole 4 KiB pages zeroed
 * (the damage real copies out of volume shadows show); random cases come from fast-check. The reader never throws, yields every
 * record whose bytes survived exactly as before, and accounts for the rest.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvtxReader } from '../../../src/sources/evtx/reader.ts';
import type { EvtxOutput, EvtxRecord } from '../../../src/sources/evtx/types.ts';
import { toXml } from '../../../src/sources/evtx/xml.ts';
import { evtxData, needEvtxData } from './shared-evtx.ts';

const CHUNK = 0x10000;
const HEADER = 4096;

function read(bytes: Uint8Array): { records: EvtxRecord[]; outputs: EvtxOutput[] } {
  const reader = new EvtxReader();
  reader.push(bytes);
  const outputs = [...reader.drain(), ...reader.end()];
  return { records: outputs.flatMap((o) => (o.kind === 'record' ? [o.record] : [])), outputs };
}

function lostIn(outputs: readonly EvtxOutput[], chunk: number): number {
  return outputs.reduce((sum, o) => sum + (o.kind === 'problem' && o.problem.chunk === chunk ? o.problem.records : 0), 0);
}

function summaryIsConsistent(outputs: readonly EvtxOutput[]): void {
  const end = outputs.at(-1);
  if (end?.kind !== 'end') throw new Error('no summary');
  expect(end.summary.records).toBe(outputs.filter((o) => o.kind === 'record').length);
  expect(end.summary.recordsLost).toBe(outputs.reduce((sum, o) => sum + (o.kind === 'problem' ? o.problem.records : 0), 0));
  expect(end.summary.problems).toBe(outputs.filter((o) => o.kind === 'problem').length);
}

describe('damaged input', () => {
  if (!needEvtxData()) return;
  const file = new Uint8Array(readFileSync(evtxData('omerbenamram-evtx/samples/security.evtx')));
  const full = read(file).records;
  const view = new DataView(file.buffer);
  const endOf = (r: EvtxRecord): number => r.offset + view.getUint32(r.offset + 4, true);
  const rendered = new Map(full.map((r) => [r.offset, toXml(r.event)]));
  const chunks = Math.max(...full.map((r) => r.chunk)) + 1;

  it('the clean file reads whole', () => {
    expect(full).toHaveLength(2261);
    expect(chunks).toBe(26);
  });

  /** A cut at `at`: the records that end before it, unchanged; the rest of the cut chunk counted as lost. */
  function checkCut(at: number): void {
    const { records, outputs } = read(file.subarray(0, at));
    summaryIsConsistent(outputs);
    const whole = full.filter((r) => endOf(r) <= at);
    expect(records.map((r) => r.offset)).toEqual(whole.map((r) => r.offset));
    if (at < HEADER) return;
    const chunk = Math.floor((at - HEADER) / CHUNK);
    // Chunks are decoded independently: the cut one is where content could suffer.
    for (const r of records) if (r.chunk >= chunk - 1) expect(toXml(r.event)).toBe(rendered.get(r.offset));
    const chunkStart = HEADER + chunk * CHUNK;
    const cutShort = full.filter((r) => r.chunk === chunk && endOf(r) > at).length;
    const headerComplete = at - chunkStart >= 512;
    expect([at, lostIn(outputs, chunk)]).toEqual([at, at > chunkStart && headerComplete ? cutShort : 0]);
  }

  it('cut at every chunk boundary', () => {
    for (let chunk = 0; chunk <= chunks; chunk++) checkCut(HEADER + chunk * CHUNK);
  });

  it('cut anywhere: in the header block, inside chunk headers, inside records', () => {
    for (const at of [0, 1, 7, 127, 128, 4095, HEADER + 1, HEADER + 100, HEADER + 511, HEADER + 512, HEADER + CHUNK + 300]) checkCut(at);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: file.length }), (at) => checkCut(at)),
      { numRuns: 30 },
    );
  });

  it('one zeroed 4 KiB page in every chunk: each chunk’s records are yielded or counted, the untouched ones unchanged', () => {
    const pageInEveryChunk = fc.array(fc.integer({ min: 1, max: 15 }), { minLength: chunks, maxLength: chunks }); // not the header page
    fc.assert(
      fc.property(pageInEveryChunk, (pageIndexes) => {
        const damaged = file.slice();
        const pages = pageIndexes.map((page, chunk) => HEADER + chunk * CHUNK + page * 4096);
        for (const page of pages) damaged.fill(0, page, page + 4096);
        const { records, outputs } = read(damaged);
        summaryIsConsistent(outputs);
        for (let chunk = 0; chunk < chunks; chunk++) {
          const page = pages[chunk]!;
          const mine = records.filter((r) => r.chunk === chunk);
          const before = full.filter((r) => r.chunk === chunk);
          expect([chunk, mine.length + lostIn(outputs, chunk)]).toEqual([chunk, before.length]);
          for (const r of mine) {
            const untouched = endOf(r) <= page || r.offset >= page + 4096;
            if (untouched && rendered.has(r.offset)) expect(toXml(r.event)).toBe(rendered.get(r.offset));
          }
          // Reading resumes after the zeros: a record wholly outside the page is yielded, or named in a
          // problem (its template definition may have been in the page).
          const named = new Set(outputs.flatMap((o) => (o.kind === 'problem' && o.problem.chunk === chunk && o.problem.recordId !== undefined ? [o.problem.recordId] : [])));
          const yielded = new Set(mine.map((r) => r.recordId));
          for (const r of before) {
            if (endOf(r) <= page || r.offset >= page + 4096) expect([r.recordId, yielded.has(r.recordId) || named.has(r.recordId)]).toEqual([r.recordId, true]);
          }
        }
      }),
      // The example: a template definition cut by a zeroed page once rendered later records without their last Data.
      { numRuns: 6, examples: [[new Array<number>(chunks).fill(1)]] },
    );
  });

  it('a flipped byte anywhere: never throws, and the other chunks read as before', () => {
    const small = file.slice(0, HEADER + 3 * CHUNK);
    const smallFull = read(small).records;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: small.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const damaged = small.slice();
        damaged[at] = damaged[at]! ^ xor;
        const { records, outputs } = read(damaged);
        summaryIsConsistent(outputs);
        const hit = at < HEADER ? -1 : Math.floor((at - HEADER) / CHUNK);
        const others = (list: readonly EvtxRecord[]): string[] => list.filter((r) => r.chunk !== hit).map((r) => `${r.recordId} ${toXml(r.event)}`);
        expect(others(records)).toEqual(others(smallFull));
      }),
      { numRuns: 150 },
    );
  });

  it('a flipped checksum is reported and every record still read', () => {
    const damaged = file.slice();
    damaged[HEADER + 52] = damaged[HEADER + 52]! ^ 0xff;
    const { records, outputs } = read(damaged);
    expect(records).toHaveLength(full.length);
    expect(outputs).toContainEqual({ kind: 'problem', problem: { chunk: 0, offset: HEADER + 52, reason: 'chunk records checksum mismatch: records read one by one', records: 0 } });
  });

  it('a broken record magic loses that record only, named by chunk and offset', () => {
    const victim = full[10]!;
    const damaged = file.slice();
    damaged[victim.offset] = 0;
    const { records, outputs } = read(damaged);
    expect(records.map((r) => r.offset)).toEqual(full.filter((r) => r !== victim).map((r) => r.offset));
    const problems = outputs.flatMap((o) => (o.kind === 'problem' ? [o.problem] : []));
    expect(problems.map((p) => [p.chunk, p.offset, p.records])).toEqual([
      [0, HEADER + 52, 0], // the records checksum
      [0, victim.offset, 0], // the bytes that are not a record
      [0, endOf(full[full.filter((r) => r.chunk === 0).length - 1]!), 1], // the announced record not read
    ]);
  });
});
