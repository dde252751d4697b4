/**
 * Properties of the whole pipeline over every container and shape: how the bytes are chunked
 * never changes the events, and damage to an archive never crashes or hangs it and is never
 * silent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gzip, multiMemberGzip, streamedZip, tar, utf8, zip, zstd } from './helpers/build.ts';
import { EVENTS, NDJSON, repeatedNdjson } from './helpers/corpus.ts';
import { scanBytes, type Scanned } from './helpers/scan.ts';

const medium = repeatedNdjson(60);
const searchResponse = utf8(JSON.stringify({ took: 1, hits: { hits: EVENTS.map((event, i) => ({ _index: 'logs-x', _id: String(i), _source: event })) } }, null, 2));

const INPUTS: readonly (readonly [string, Uint8Array])[] = [
  ['ndjson', medium],
  ['json array', utf8(JSON.stringify(EVENTS, null, 1))],
  ['search response', searchResponse],
  ['json values', utf8(EVENTS.map((event) => JSON.stringify(event, null, 2)).join('\n'))],
  ['gzip multi-member', multiMemberGzip([medium, NDJSON])],
  ['zstd', zstd(medium)],
  ['zip deflate', zip([{ name: 'a.ndjson', data: medium }, { name: 'b.json', data: searchResponse, level: 0 }])],
  ['zip data descriptors', streamedZip([{ name: 'a.ndjson', data: medium }, { name: 'b.ndjson', data: NDJSON, level: 0 }])],
  ['tar.gz', gzip(await tar([{ name: 'a.ndjson', data: medium }, { name: 'b.ndjson', data: NDJSON }]))],
  ['zip of gzip', zip([{ name: 'a.ndjson.gz', data: gzip(medium) }])],
];

const ARCHIVES = INPUTS.filter(([name]) => /gzip|zstd|zip|tar/.test(name));

/** A multi-member gzip cut exactly after a member is a valid, complete gzip file: nothing can tell. */
const MEMBER_BOUNDARIES: Readonly<Record<string, readonly number[]>> = { 'gzip multi-member': [gzip(medium).length] };

function outcome(result: Scanned) {
  return { events: result.events, files: result.files.map(({ file, status, lines, events, errors }) => ({ file, status, lines, events, errors })) };
}

const chunkSizes = fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 6 });

describe('random chunk boundaries never change the events', () => {
  it.each(INPUTS)('%s', async (_name, bytes) => {
    const whole = outcome(await scanBytes('in', bytes));
    expect(whole.events.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(chunkSizes, async (sizes) => {
        expect(outcome(await scanBytes('in', bytes, {}, sizes))).toEqual(whole);
      }),
      { numRuns: 25 },
    );
  });
});

/** Reported: an error, a skipped line or a skipped file somewhere in the summaries. */
function reportsDamage(result: Scanned): boolean {
  return result.files.some((file) => file.status !== 'scanned' || file.errors.length > 0 || Object.values(file.skipped).some((tally) => tally.count > 0 && tally !== file.skipped.blank));
}

function eventsKey(result: Scanned): string {
  return JSON.stringify(result.events);
}

describe('random damage to an archive never crashes the pipeline and is never silent', () => {
  it.each(ARCHIVES)('truncation: %s', async (name, bytes) => {
    const intact = await scanBytes('in', bytes);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.length - 1 }), chunkSizes, async (length, sizes) => {
        fc.pre(!(MEMBER_BOUNDARIES[name] ?? []).includes(length));
        const result = await scanBytes('in', bytes.subarray(0, length), {}, sizes);
        // Every cut archive is reported, and what it gives is never more than the intact one.
        expect(reportsDamage(result)).toBe(true);
        expect(result.events.length).toBeLessThanOrEqual(intact.events.length);
      }),
      { numRuns: 40 },
    );
  });

  it.each(ARCHIVES)('byte flips: %s', async (name, bytes) => {
    const intact = eventsKey(await scanBytes('in', bytes));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), async (flips) => {
        const damaged = bytes.slice();
        for (const [at, value] of flips) damaged[at] = value;
        const result = await scanBytes('in', damaged, {}, [777]);
        // Damage that changed the events is always reported (zstd raw blocks carry no checksum:
        // a flip there can only be seen when it breaks the JSON or the frame).
        if (eventsKey(result) !== intact && !name.startsWith('zstd')) expect(reportsDamage(result)).toBe(true);
        for (const file of result.files) expect(file.lines).toBeGreaterThanOrEqual(file.events);
      }),
      { numRuns: 40 },
    );
  });
});
