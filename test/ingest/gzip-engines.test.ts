/**
 * The two raw DEFLATE engines behind gzip (fflate, the default everywhere; Node's zlib, which the
 * CLI injects) run the same damaged-gzip battery: the same events, line accounting, errors and
 * messages, byte offsets included. Only the wording of "invalid deflate data" is the engine's own.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../src/ingest/bytes.ts';
import { FFLATE_DEFLATE, type DeflateEngine } from '../../src/ingest/containers/inflate.ts';
import { OUTPUT_CREDIT, remoteDeflate, serveInflate, STEP_BYTES, type InflatePort } from '../../src/ingest/containers/inflate-service.ts';
import { ZLIB_DEFLATE } from '../../src/ingest/hosts/node-inflate.ts';
import type { IntakeOptions } from '../../src/ingest/intake.ts';
import { gzip, multiMemberGzip, tar, utf8, zip } from './helpers/build.ts';
import { NDJSON, repeatedNdjson } from './helpers/corpus.ts';
import { scanBytes } from './helpers/scan.ts';

/** fflate behind a message port, as the browser's reader workers run it in a worker of its own. */
function portDeflate(): DeflateEngine {
  const channel = new MessageChannel();
  serveInflate(channel.port2 as unknown as InflatePort);
  return remoteDeflate(channel.port1 as unknown as InflatePort);
}

const ENGINES: readonly [string, DeflateEngine][] = [
  ['fflate', FFLATE_DEFLATE],
  ['zlib', ZLIB_DEFLATE],
  ['fflate in another thread', portDeflate()],
];

function withByte(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const copy = bytes.slice();
  copy[at < 0 ? copy.length + at : at] = value;
  return copy;
}

const big = repeatedNdjson(3000);
const bigGz = gzip(big);
const members = multiMemberGzip([repeatedNdjson(700), NDJSON, repeatedNdjson(900)]);
const flippedFlags = withByte(gzip(NDJSON), 3, 0x20);

/** name, input bytes, intake options, expected errors (as messages), expected status. */
const BATTERY: readonly [string, Uint8Array, IntakeOptions, readonly (string | RegExp)[], string][] = [
  ['one member', bigGz, {}, [], 'scanned'],
  ['three members', members, {}, [], 'scanned'],
  ['three members, zero padding after the last', concatBytes([members, new Uint8Array(512)]), {}, [], 'scanned'],
  ['trailing data after the last member', concatBytes([members, utf8('junk')]), {}, [`trailing data after the last gzip member: not gzip, ignored (at byte ${members.length})`], 'error'],
  ['cut inside the deflate data', bigGz.subarray(0, 5000), {}, ['truncated gzip: member 1 ends before its compressed data does (at byte 5000)'], 'error'],
  ['cut inside the second member', members.subarray(0, members.length - 3000), {}, [`truncated gzip: member 3 ends before its compressed data does (at byte ${members.length - 3000})`], 'error'],
  ['cut inside the trailer', bigGz.subarray(0, bigGz.length - 3), {}, [`truncated gzip: member 1 ends before its CRC and length (at byte ${bigGz.length - 8})`], 'error'],
  ['cut inside the header', bigGz.subarray(0, 6), {}, ['unexpected end of data in the header of gzip member 1: 6 of 10 bytes (at byte 0)'], 'error'],
  ['CRC mismatch', withByte(bigGz, -8, bigGz.at(-8)! ^ 0xff), {}, [/^CRC mismatch in gzip member 1: stored 0x[0-9a-f]{8}, data has 0x[0-9a-f]{8} \(at byte \d+\)$/], 'error'],
  ['length mismatch', withByte(bigGz, -1, bigGz.at(-1)! ^ 0x01), {}, [`length mismatch in gzip member 1: stored ${(big.length ^ 0x01000000) >>> 0}, data has ${big.length} (mod 2^32) (at byte ${bigGz.length - 4})`], 'error'],
  ['reserved header flags', flippedFlags, {}, ['gzip member 1 has reserved header flags set (at byte 3)'], 'error'],
  ['invalid deflate data', withByte(bigGz, 10, 0xff), {}, [/^invalid deflate data: .+ \(at byte \d+\)$/], 'error'],
  ['over the ratio limit', gzip(new Uint8Array(4 << 20).fill(0x20)), { maxRatio: 50, ratioFloorBytes: 1 << 20 }, [/^decompression bomb: the gzip stream expands \d+x, over the limit of 50x; the rest of it is skipped \(if this is real evidence, raise the limit: 'loupe scan --max-ratio N', or Most expansion in the app's scan options\) \(at byte \d+\)$/], 'error'],
  ['over the size limit', bigGz, { maxDecompressedBytes: 100_000 }, [/^decompression limit: the gzip stream expands past 100000 bytes \(limit maxDecompressedBytes\); the rest of it is skipped \(at byte \d+\)$/], 'error'],
];

async function scanWith(engine: DeflateEngine, bytes: Uint8Array, options: IntakeOptions, chunkSizes?: readonly number[]) {
  const result = await scanBytes('evidence.ndjson.gz', bytes, { ...options, decompressors: { gzip: engine } }, chunkSizes);
  return { events: result.events, files: result.files };
}

describe('gzip damage battery: every engine reports the same', () => {
  it.each(BATTERY)('%s', async (_name, bytes, options, errors, status) => {
    const [fflate, zlib, remote] = await Promise.all(ENGINES.map(([, engine]) => scanWith(engine, bytes, options)));
    for (const result of [fflate!, zlib!, remote!]) {
      const [summary] = result.files;
      expect(summary?.status).toBe(status);
      expect(summary?.errors.map((error) => error.message)).toEqual(errors.map((error) => (typeof error === 'string' ? error : expect.stringMatching(error))));
      // Every line is accounted for, the cut-off last one included.
      expect(summary!.lines).toBe(summary!.events + Object.values(summary!.skipped).reduce((sum, tally) => sum + tally.count, 0));
    }
    const comparable = (result: typeof fflate) => ({ events: result!.events, files: result!.files.map(({ errors, ...rest }) => ({ ...rest, errors: errors.map(({ message, ...where }) => (/^invalid deflate/.test(message) ? {} : { ...where, message })) })) });
    // Where the data itself is damaged or over a limit, each engine stops within its own output
    // step (fflate's per-slice arrays, zlib's 1 MiB chunks): same verdict and message, maybe a few
    // lines apart. Everywhere else both give exactly the same summary and events.
    for (const other of [zlib, remote]) {
      if (/cut inside the (deflate data|second member)|invalid deflate|over the/.test(_name)) expect(other!.events.slice(0, 100)).toEqual(fflate!.events.slice(0, 100));
      else expect(comparable(other)).toEqual(comparable(fflate));
    }
  });

  it.each(ENGINES)('%s: the events of a multi-member gzip do not depend on how its bytes arrive', async (_name, engine) => {
    const whole = await scanWith(engine, members, {});
    expect(whole.events).toHaveLength(700 + 5 + 900);
    for (const sizes of [[1], [7, 3000], [65_536]]) expect((await scanWith(engine, members, {}, sizes)).events).toEqual(whole.events);
  });

  it.each(ENGINES)('%s: a large gzip inside a large tar.gz, both streams inflating at once', async (_name, engine) => {
    // Random-ish text compresses poorly, so each stream spans many input slices and the inner
    // member starts while the outer stream still has input in flight.
    const lines = (count: number, tag: string) => utf8(Array.from({ length: count }, (_, i) => JSON.stringify({ tag, i, pad: ((i * 2654435761) >>> 0).toString(36).repeat(6) })).join('\n') + '\n');
    const inner = gzip(lines(40_000, 'inner'), 1);
    const nested = gzip(await tar([{ name: 'logs/a.ndjson.gz', data: inner }, { name: 'logs/b.ndjson', data: lines(20_000, 'outer') }]), 1);
    const result = await scanWith(engine, nested, {});
    expect(result.files.map((file) => [file.file, file.status, file.events])).toEqual([
      ['evidence.ndjson.gz!logs/a.ndjson.gz', 'scanned', 40_000],
      ['evidence.ndjson.gz!logs/b.ndjson', 'scanned', 20_000],
    ]);
  }, 60_000);

  it.each(ENGINES)('%s: gzip inside a zip inside a gzip', async (_name, engine) => {
    const nested = gzip(zip([{ name: 'a.ndjson.gz', data: members }, { name: 'b.ndjson', data: NDJSON }]));
    const result = await scanWith(engine, nested, {});
    expect(result.files.map((file) => [file.file, file.status, file.events, file.containers])).toEqual([
      ['evidence.ndjson.gz!a.ndjson.gz', 'scanned', 1605, ['gzip', 'zip', 'gzip']],
      ['evidence.ndjson.gz!b.ndjson', 'scanned', 5, ['gzip', 'zip']],
    ]);
  });
});

describe('fflate in another thread: bounded output', () => {
  it('stops inflating once OUTPUT_CREDIT bytes wait unacknowledged, and goes on when acknowledged', async () => {
    // 256 MiB of spaces: ~256 KiB of raw deflate, a bomb if the worker inflated all it was sent.
    const bomb = deflateRawSync(new Uint8Array(256 << 20).fill(0x20), { level: 9 });
    const channel = new MessageChannel();
    serveInflate(channel.port2 as unknown as InflatePort);
    let received = 0;
    let replies = 0;
    channel.port1.addEventListener('message', ({ data }: MessageEvent<{ output: Uint8Array[] }>) => {
      replies++;
      for (const chunk of data.output) received += chunk.length;
    });
    channel.port1.start();
    channel.port1.postMessage({ kind: 'input', stream: 1, bytes: bomb, at: 0 });
    const settle = async (after: number) => {
      // Replies stop coming once the credit is used up (the test's timeout guards a hang).
      while (replies === after) await new Promise((resolve) => setTimeout(resolve, 20));
      for (let seen = -1; seen !== replies; ) {
        seen = replies;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    await settle(0);
    expect(received).toBeGreaterThanOrEqual(OUTPUT_CREDIT);
    // One step of deflate expands at most ~1032x.
    expect(received).toBeLessThanOrEqual(OUTPUT_CREDIT + 1032 * STEP_BYTES);
    const first = received;
    const before = replies;
    channel.port1.postMessage({ kind: 'ack', stream: 1, bytes: first });
    await settle(before);
    expect(received).toBeGreaterThanOrEqual(2 * OUTPUT_CREDIT);
    expect(received).toBeLessThanOrEqual(first + OUTPUT_CREDIT + 1032 * STEP_BYTES);
    channel.port1.close();
  });
});
