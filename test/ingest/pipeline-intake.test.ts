import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../src/ingest/bytes.ts';
import { intake, type IntakeProgress } from '../../src/ingest/intake.ts';
import { gzip, rawZip, streamedZip, tar, utf8, zip, zstd } from './helpers/build.ts';
import { NDJSON, repeatedNdjson } from './helpers/corpus.ts';
import { memorySource, scan, scanBytes } from './helpers/scan.ts';

const EVENT_COUNT = 5;

/** Turns byte `at` of `bytes` into `value` (a copy). */
function withByte(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const copy = bytes.slice();
  copy[at < 0 ? copy.length + at : at] = value;
  return copy;
}

/** A stored zip whose first member's data is altered in place, so only its CRC can tell. */
function zipWithAlteredData(): Uint8Array {
  const archive = zip([{ name: 'a.ndjson', data: NDJSON, level: 0 }, { name: 'b.ndjson', data: NDJSON, level: 0 }]);
  // The first '0' digit inside a.ndjson's stored data: searching the whole archive could hit its
  // header instead (the zip's DOS time field holds the clock's time, 0x30 at some minutes).
  const start = Buffer.from(archive).indexOf(Buffer.from(NDJSON.subarray(0, 64)));
  const at = archive.indexOf(0x30, start);
  return withByte(archive, at, 0x31);
}

describe('damaged input battery: every damage reported with file and position, the rest still read', () => {
  it('truncated gzip', async () => {
    const whole = gzip(repeatedNdjson(2000));
    const result = await scanBytes('cut.ndjson.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const [summary] = result.files;
    expect(summary).toMatchObject({ file: 'cut.ndjson.gz', status: 'error', containers: ['gzip'] });
    expect(summary?.errors).toEqual([{ file: 'cut.ndjson.gz', byte: Math.floor(whole.length / 2), message: `truncated gzip: member 1 ends before its compressed data does (at byte ${Math.floor(whole.length / 2)})` }]);
    // Everything before the cut is read; the cut-off last line is accounted for as not JSON.
    expect(summary?.events).toBeGreaterThan(50);
    expect(summary?.skipped['not-json'].count).toBe(1);
    expect(summary?.lines).toBe(summary!.events + 1);
  });

  it('truncated zip: the complete member is read, the cut one reported', async () => {
    const whole = zip([{ name: 'a.ndjson', data: NDJSON }, { name: 'b.ndjson', data: repeatedNdjson(100), level: 0 }]);
    const cut = whole.subarray(0, whole.length - 2000);
    const result = await scanBytes('cut.zip', cut);
    expect(result.files.map((file) => [file.file, file.status, file.events])).toEqual([
      ['cut.zip!a.ndjson', 'scanned', EVENT_COUNT],
      ['cut.zip!b.ndjson', 'error', result.files[1]?.events],
    ]);
    expect(result.files[1]?.errors).toEqual([{ file: 'cut.zip', entry: 'b.ndjson', byte: cut.length, message: `truncated zip: the archive ends inside "b.ndjson" (at byte ${cut.length})` }]);
  });

  it('truncated tar', async () => {
    const whole = await tar([{ name: 'a.ndjson', data: NDJSON }, { name: 'b.ndjson', data: repeatedNdjson(50) }]);
    const result = await scanBytes('cut.tar', whole.subarray(0, 4096));
    expect(result.files[0]).toMatchObject({ file: 'cut.tar!a.ndjson', status: 'scanned', events: EVENT_COUNT });
    // modern-tar finds the truncation before handing out the cut member, so the archive carries it.
    expect(result.files[1]).toMatchObject({ file: 'cut.tar', status: 'error', containers: ['tar'] });
    expect(result.files[1]?.errors).toEqual([{ file: 'cut.tar', byte: 4096, message: 'damaged tar: Tar archive is truncated. (at byte 4096)' }]);
  });

  it('CRC mismatch in gzip', async () => {
    const result = await scanBytes('crc.gz', withByte(gzip(NDJSON), -8, 0));
    expect(result.files[0]).toMatchObject({ status: 'error', events: EVENT_COUNT });
    expect(result.files[0]?.errors[0]?.message).toMatch(/^CRC mismatch in gzip member 1: stored 0x[0-9a-f]{8}, data has 0x[0-9a-f]{8} \(at byte \d+\)$/);
  });

  it('CRC mismatch in zip: reported on the member, the next member still read', async () => {
    const result = await scanBytes('crc.zip', zipWithAlteredData());
    expect(result.files.map((file) => [file.file, file.status, file.events])).toEqual([
      ['crc.zip!a.ndjson', 'error', EVENT_COUNT],
      ['crc.zip!b.ndjson', 'scanned', EVENT_COUNT],
    ]);
    expect(result.files[0]?.errors[0]).toMatchObject({ file: 'crc.zip', entry: 'a.ndjson' });
    expect(result.files[0]?.errors[0]?.message).toMatch(/^CRC mismatch in "a.ndjson": stored 0x[0-9a-f]{8}, data has 0x[0-9a-f]{8}/);
  });

  it('zip whose local entry name differs from the central directory', async () => {
    const archive = zip([{ name: 'a.ndjson', data: NDJSON }]);
    archive[30] = 0x62; // the first letter of the local name: "b.ndjson"
    const result = await scanBytes('names.zip', archive);
    expect(result.files.map((file) => [file.file, file.status])).toEqual([
      ['names.zip!b.ndjson', 'scanned'],
      ['names.zip', 'error'],
    ]);
    expect(result.files[1]?.errors[0]?.message).toMatch(/^damaged zip: entry names differ from the central directory: "b.ndjson" is "a.ndjson" there/);
  });

  it.each([
    ['zero padding (tape blocks) is accepted', new Uint8Array(512), 'scanned', []],
    ['other trailing bytes are reported', utf8('garbage'), 'error', ['trailing data after the last gzip member: not gzip, ignored (at byte 0)']],
  ])('gzip followed by %s', async (_name, tail, status, messages) => {
    const body = gzip(NDJSON);
    const result = await scanBytes('t.gz', concatBytes([body, tail]), {}, [50]);
    expect(result.files[0]).toMatchObject({ status, events: EVENT_COUNT });
    expect(result.files[0]?.errors.map((error) => error.message.replace(/byte \d+/, 'byte 0'))).toEqual(messages);
  });

  it('encrypted zip entry', async () => {
    const archive = rawZip([{ name: 'secret.ndjson', data: NDJSON, encrypted: true }, { name: 'open.ndjson', data: NDJSON }]);
    const result = await scanBytes('enc.zip', archive);
    expect(result.files.map((file) => [file.file, file.status, file.reason ?? '', file.events])).toEqual([
      ['enc.zip!secret.ndjson', 'skipped', 'encrypted: skipped', 0],
      ['enc.zip!open.ndjson', 'scanned', '', EVENT_COUNT],
    ]);
  });

  it.each([
    ['zip member', () => zip([{ name: 'bomb.ndjson', data: new Uint8Array(4 << 20).fill(0x20) }, { name: 'ok.ndjson', data: NDJSON }])],
    ['streamed zip member', () => streamedZip([{ name: 'ok.ndjson', data: NDJSON }, { name: 'bomb.ndjson', data: new Uint8Array(4 << 20).fill(0x20) }])],
  ])('decompression bomb over the ratio limit: %s', async (_name, build) => {
    const result = await scanBytes('bomb.zip', build(), { maxRatio: 50, ratioFloorBytes: 1 << 20 });
    const bomb = result.files.find((file) => file.file === 'bomb.zip!bomb.ndjson');
    expect(bomb?.status).toBe('error');
    expect(bomb?.errors[0]?.message).toMatch(
      /^decompression bomb: "bomb.ndjson" expands \d+x, over the limit of 50x; the rest of it is skipped \(if this is real evidence, raise the limit: 'loupe scan --max-ratio N', or Most expansion in the app's scan options\)/,
    );
    expect(result.files.find((file) => file.file === 'bomb.zip!ok.ndjson')).toMatchObject({ status: 'scanned', events: EVENT_COUNT });
  });

  it('reads legitimate, highly compressible evidence whole by default (past the old 32 MiB floor, over 241x)', async () => {
    // One real-looking event over and over (a heartbeat, a noisy poller): gzip -9 gets near deflate's ~1000x ceiling.
    const line = new TextDecoder().decode(repeatedNdjson(1));
    const lines = Math.ceil((34 << 20) / line.length);
    const text = utf8(line.repeat(lines));
    expect(text.length).toBeGreaterThan(32 * 2 ** 20);
    const compressed = gzip(text, 9);
    expect(text.length / compressed.length).toBeGreaterThan(241);
    const result = await scanBytes('regular.ndjson.gz', compressed);
    expect(result.files.map((file) => [file.status, file.errors, file.events])).toEqual([['scanned', [], lines]]);
  });

  it('stops nested layers together: members each under the floor, the file as a whole over the ratio', async () => {
    const member = (name: string) => ({ name, data: gzip(new Uint8Array(24 << 20).fill(0x20), 9), level: 0 as const });
    const archive = zip([member('a.ndjson.gz'), member('b.ndjson.gz'), member('c.ndjson.gz')]);
    const result = await scanBytes('nested.zip', archive, { maxRatio: 500, ratioFloorBytes: 40 << 20 });
    const byName = new Map(result.files.map((file) => [file.file, file]));
    expect(byName.get('nested.zip!a.ndjson.gz')?.status).not.toBe('error');
    for (const name of ['b', 'c']) {
      expect(byName.get(`nested.zip!${name}.ndjson.gz`)?.errors[0]?.message).toMatch(/^decompression bomb: "nested\.zip" \(all its layers together\) expands \d+x, over the limit of 500x; .*--max-ratio N/);
    }
  });

  it('gzip over the decompressed size limit', async () => {
    const result = await scanBytes('big.gz', gzip(repeatedNdjson(2000)), { maxDecompressedBytes: 100_000 });
    expect(result.files[0]?.errors[0]?.message).toMatch(/^decompression limit: the gzip stream expands past 100000 bytes \(limit maxDecompressedBytes\)/);
  });

  it('invalid UTF-8: counted, replaced, the event kept', async () => {
    const bytes = concatBytes([utf8('{"a":"'), Uint8Array.of(0xff, 0xc3), utf8('"}\n{"b":1}\n')]);
    const result = await scanBytes('bad-utf8.ndjson', bytes);
    expect(result.events.map((event) => event.text)).toEqual(['{"a":"\uFFFD\uFFFD"}', '{"b":1}']);
    expect(result.files[0]?.invalidUtf8).toMatchObject({ count: 1, sequences: 2, examples: [{ line: 1 }] });
  });

  it('non-JSON and non-object lines: counted, first line numbers kept', async () => {
    const result = await scanBytes('mixed.ndjson', utf8('{"a":1}\nnot json\n[1]\n\n{"b":2}\n42\n{oops\n'));
    const summary = result.files[0];
    expect(summary).toMatchObject({ status: 'scanned', lines: 7, events: 2 });
    expect(summary?.skipped['not-json']).toMatchObject({ count: 2, examples: [{ line: 2 }, { line: 7 }] });
    expect(summary?.skipped['not-object']).toMatchObject({ count: 2, examples: [{ line: 3 }, { line: 6 }] });
    expect(summary?.skipped.blank.count).toBe(1);
  });

  it('oversized line: skipped with its size, the next lines read', async () => {
    const result = await scanBytes('long.ndjson.gz', gzip(utf8(`{"a":"${'x'.repeat(5000)}"}\n{"b":1}\n`)), { maxLineBytes: 1024 });
    expect(result.events.map((event) => [event.text, event.line])).toEqual([['{"b":1}', 2]]);
    expect(result.files[0]?.skipped['too-long']).toMatchObject({ count: 1, examples: [{ line: 1, message: '5008 bytes, over the limit of 1024 bytes (maxLineBytes)' }] });
  });

  it('binary file inside an archive: skipped with the reason, the next member read', async () => {
    const binary = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256);
    const result = await scanBytes('mixed.zip', zip([{ name: 'tool.exe', data: binary }, { name: 'a.ndjson', data: NDJSON }]));
    expect(result.files.map((file) => [file.file, file.status, file.reason ?? '', file.events])).toEqual([
      ['mixed.zip!tool.exe', 'skipped', 'binary data (NUL byte at offset 0)', 0],
      ['mixed.zip!a.ndjson', 'scanned', '', EVENT_COUNT],
    ]);
  });

  it.each([
    ['plain', new Uint8Array(0)],
    ['gzip of nothing', gzip(new Uint8Array(0))],
    ['zstd of nothing', zstd(new Uint8Array(0))],
  ])('empty file: %s', async (_name, bytes) => {
    const result = await scanBytes('empty', bytes);
    expect(result.files).toHaveLength(1);
    expect(result.files[0]).toMatchObject({ status: 'skipped', reason: 'empty file', events: 0 });
  });

  it('a damaged file does not stop the next source', async () => {
    const result = await scan([memorySource('bad.gz', gzip(NDJSON).subarray(0, 30)), memorySource('good.ndjson', NDJSON)]);
    expect(result.files.map((file) => [file.file, file.status])).toEqual([
      ['bad.gz', 'error'],
      ['good.ndjson', 'scanned'],
    ]);
    expect(result.events.filter((event) => event.file === 'good.ndjson')).toHaveLength(EVENT_COUNT);
  });

  it('a source that fails while being read is reported with what was read before', async () => {
    const failing = {
      name: 'flaky.ndjson',
      async *chunks() {
        yield NDJSON;
        throw new Error('EIO: i/o error');
      },
    };
    const result = await scan([failing, memorySource('next.ndjson', NDJSON)]);
    expect(result.files[0]).toMatchObject({ status: 'error', events: EVENT_COUNT, errors: [{ file: 'flaky.ndjson', message: 'EIO: i/o error' }] });
    expect(result.files[1]).toMatchObject({ status: 'scanned', events: EVENT_COUNT });
  });
});

describe('progress and cancellation', () => {
  it('reports bytes done out of the total, events and the current file', async () => {
    const bytes = gzip(repeatedNdjson(500));
    const seen: IntakeProgress[] = [];
    await scan([memorySource('a.gz', bytes, [1000])], { onProgress: (progress) => seen.push(progress) });
    const last = seen.at(-1);
    expect(last).toMatchObject({ bytesDone: bytes.length, bytesTotal: bytes.length, file: 'a.gz' });
    expect(seen.map((progress) => progress.bytesDone)).toEqual([...seen.map((progress) => progress.bytesDone)].sort((a, b) => a - b));
    expect(Math.max(...seen.map((progress) => progress.events))).toBeGreaterThan(400);
  });

  it('stops promptly when aborted and closes the source', async () => {
    const controller = new AbortController();
    let chunksRead = 0;
    let closed = false;
    const endless = {
      name: 'endless.ndjson',
      async *chunks() {
        try {
          for (;;) {
            chunksRead++;
            yield repeatedNdjson(100);
          }
        } finally {
          closed = true;
        }
      },
    };
    const run = intake([endless], { signal: controller.signal });
    let events = 0;
    await expect(
      (async () => {
        for await (const _ of run) if (++events === 12) controller.abort(new Error('stopped by the user'));
      })(),
    ).rejects.toThrow('stopped by the user');
    expect(chunksRead).toBe(1);
    expect(closed).toBe(true);
  });
});
