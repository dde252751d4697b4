import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../src/ingest/bytes.ts';
import { gnuLongNameTar, gzip, multiMemberGzip, rawZip, streamedZip, tar, utf8, zip, zstd } from './helpers/build.ts';
import { NDJSON, repeatedNdjson } from './helpers/corpus.ts';
import { scan, scanBytes, memorySource } from './helpers/scan.ts';

const plain = await scanBytes('plain.ndjson', NDJSON);
const plainEvents = plain.events.map(({ text, line }) => ({ text, line }));
const big = repeatedNdjson(3000);
const bigPlain = (await scanBytes('big.ndjson', big)).events.map(({ text, line }) => ({ text, line }));

describe('each container gives the events of the NDJSON it was built from', () => {
  const cases: [string, () => Promise<Uint8Array> | Uint8Array, string, readonly string[]][] = [
    ['gzip', () => gzip(NDJSON), 'in', ['gzip']],
    ['gzip, stored blocks', () => gzip(NDJSON, 0), 'in', ['gzip']],
    ['zstd (raw and RLE blocks)', () => zstd(NDJSON), 'in', ['zstd']],
    ['zip, deflate', () => zip([{ name: 'logs/a.ndjson', data: NDJSON }]), 'in!logs/a.ndjson', ['zip']],
    ['zip, stored', () => zip([{ name: 'a.ndjson', data: NDJSON, level: 0 }]), 'in!a.ndjson', ['zip']],
    ['zip with directories', () => zip([{ name: 'd/e/a.ndjson', data: NDJSON }], ['d/', 'd/e/']), 'in!d/e/a.ndjson', ['zip']],
    ['zip, deflate with data descriptor', () => streamedZip([{ name: 'a.ndjson', data: NDJSON }]), 'in!a.ndjson', ['zip']],
    ['zip, stored with data descriptor', () => streamedZip([{ name: 'a.ndjson', data: NDJSON, level: 0 }]), 'in!a.ndjson', ['zip']],
    ['zip64 sizes', () => rawZip([{ name: 'a.ndjson', data: NDJSON, zip64: true, method: 8 }]), 'in!a.ndjson', ['zip']],
    ['tar (ustar)', () => tar([{ name: 'a.ndjson', data: NDJSON }], ['dir/']), 'in!a.ndjson', ['tar']],
    ['tar, pax long name', () => tar([{ name: `${'p'.repeat(120)}/${'q'.repeat(150)}.ndjson`, data: NDJSON }]), `in!${'p'.repeat(120)}/${'q'.repeat(150)}.ndjson`, ['tar']],
    ['tar, GNU long name', () => gnuLongNameTar(`${'g'.repeat(180)}.ndjson`, NDJSON), `in!${'g'.repeat(180)}.ndjson`, ['tar']],
    ['tar.gz', async () => gzip(await tar([{ name: 'a.ndjson', data: NDJSON }])), 'in!a.ndjson', ['gzip', 'tar']],
    ['zip of .ndjson.gz', () => zip([{ name: 'a.ndjson.gz', data: gzip(NDJSON) }]), 'in!a.ndjson.gz', ['zip', 'gzip']],
    ['tar of zips', async () => tar([{ name: 'inner.zip', data: zip([{ name: 'a.ndjson', data: NDJSON }]) }]), 'in!inner.zip!a.ndjson', ['tar', 'zip']],
    ['zip in zip, stored with data descriptor', () => streamedZip([{ name: 'inner.zip', data: streamedZip([{ name: 'a.ndjson', data: NDJSON }]), level: 0 }]), 'in!inner.zip!a.ndjson', ['zip', 'zip']],
    ['zstd of tar', async () => zstd(await tar([{ name: 'a.ndjson', data: NDJSON }])), 'in!a.ndjson', ['zstd', 'tar']],
  ];

  it.each(cases)('%s', async (_name, build, file, containers) => {
    const result = await scanBytes('in', await build());
    expect(result.events.map(({ text, line }) => ({ text, line }))).toEqual(plainEvents);
    expect(new Set(result.events.map((event) => event.file))).toEqual(new Set([file]));
    expect(result.files).toHaveLength(1);
    expect(result.files[0]).toMatchObject({ file, status: 'scanned', containers, shape: 'ndjson', events: plainEvents.length, lines: plainEvents.length, errors: [] });
  });

  it.each([
    ['gzip', () => gzip(big)],
    ['zip data descriptor', () => streamedZip([{ name: 'a', data: big }])],
    ['zip stored data descriptor', () => streamedZip([{ name: 'a', data: big, level: 0 }])],
    ['zstd', () => zstd(big)],
  ])('%s over many blocks and chunks', async (_name, build) => {
    const result = await scanBytes('in', build(), {}, [1000, 4096, 65536]);
    expect(result.events.map(({ text, line }) => ({ text, line }))).toEqual(bigPlain);
  });
});

describe('multi-file and multi-source inputs', () => {
  it('reads every member and every gzip member, in order', async () => {
    const archive = zip([
      { name: 'one.ndjson', data: NDJSON },
      { name: 'two.json.gz', data: multiMemberGzip([NDJSON, NDJSON]) },
      { name: 'three.zst', data: zstd(NDJSON) },
    ]);
    const result = await scan([memorySource('a.zip', archive), memorySource('b.ndjson', NDJSON)]);
    const perFile = result.files.map((file) => [file.file, file.containers.join('/'), file.events]);
    expect(perFile).toEqual([
      ['a.zip!one.ndjson', 'zip', 5],
      ['a.zip!two.json.gz', 'zip/gzip', 10],
      ['a.zip!three.zst', 'zip/zstd', 5],
      ['b.ndjson', '', 5],
    ]);
    const twoLines = result.events.filter((event) => event.file === 'a.zip!two.json.gz').map((event) => event.line);
    expect(twoLines).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('detects by content, not by name', async () => {
    const result = await scan([memorySource('notes.txt', gzip(NDJSON)), memorySource('archive.zip', NDJSON), memorySource('x.tar.gz', zip([{ name: 'a', data: NDJSON }]))]);
    expect(result.files.map((file) => [file.file, file.containers.join('/'), file.events])).toEqual([
      ['notes.txt', 'gzip', 5],
      ['archive.zip', '', 5],
      ['x.tar.gz!a', 'zip', 5],
    ]);
  });

  it('stops at the nesting limit and says so', async () => {
    let bytes = NDJSON;
    for (let i = 0; i < 3; i++) bytes = gzip(bytes);
    const result = await scanBytes('deep.gz', bytes, { maxDepth: 2 });
    expect(result.events).toEqual([]);
    expect(result.files[0]).toMatchObject({ status: 'skipped', reason: 'gzip nested more than 2 containers deep (limit maxDepth): skipped' });
  });

  it('skips formats it cannot open, naming them', async () => {
    const bzip2 = concatBytes([utf8('BZh91AY&SY'), new Uint8Array(20)]);
    const result = await scanBytes('x.bz2', bzip2);
    expect(result.files[0]).toMatchObject({ status: 'skipped', reason: 'bzip2 data: this format is not supported' });
  });

  it('skips zip entries with an unsupported method and reads the rest', async () => {
    const archive = zip([{ name: 'a.ndjson', data: NDJSON }, { name: 'b.ndjson', data: NDJSON }]);
    // Method field of the first local header (offset 8) set to 12 (bzip2).
    archive[8] = 12;
    const result = await scanBytes('m.zip', archive);
    expect(result.files.map((file) => [file.file, file.status, file.reason ?? ''])).toEqual([
      ['m.zip!a.ndjson', 'skipped', 'compression method 12 (bzip2) not supported: skipped'],
      ['m.zip!b.ndjson', 'scanned', ''],
    ]);
  });
});
