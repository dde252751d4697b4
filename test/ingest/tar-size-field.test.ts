/**
 * A tar member whose size field claims more bytes than its data: tar's checks cannot see it, and
 * the next member's header and data are read as this member's content. The member's summary
 * names the member it swallowed.
 */
import { describe, expect, it } from 'vitest';
import { gzip, tar, utf8, withTarSize } from './helpers/build.ts';
import { scanBytes } from './helpers/scan.ts';

const ndjson = (count: number, tag: string) => utf8(Array.from({ length: count }, (_, i) => JSON.stringify({ '@timestamp': '2024-05-01T00:00:00Z', tag, i })).join('\n') + '\n');
const padded = (bytes: number) => Math.ceil(bytes / 512) * 512;

async function lyingTar(first: Uint8Array): Promise<Uint8Array> {
  const honest = await tar([{ name: 'a.ndjson', data: first }, { name: 'logs/b.ndjson', data: ndjson(1, 'b') }, { name: 'c.ndjson', data: ndjson(1, 'c') }]);
  // a.ndjson claims its own data, b's header and b's one block of data: c's header comes next, so tar reads on without error.
  return withTarSize(honest, 0, first.length + (padded(first.length) - first.length) + 1024);
}

const MESSAGE = (claimed: number, at: number) =>
  `the size field of "a.ndjson" claims ${claimed.toLocaleString('en-US')} bytes, but the header of member "logs/b.ndjson" starts ${at.toLocaleString('en-US')} bytes into them: "logs/b.ndjson" (and what follows it in those bytes) was read as part of "a.ndjson", not as a file of its own`;

describe('tar: a size field that swallows the next member', () => {
  it.each([[undefined], [[1]], [[7, 300, 1000]], [[511]], [[513]]])('is named on the member that swallowed it (chunks %j)', async (chunks) => {
    const first = ndjson(300, 'a');
    const { files } = await scanBytes('case.tar', await lyingTar(first), {}, chunks);
    const claimed = padded(first.length) + 1024;
    expect(files.map((file) => [file.file, file.status, file.events])).toEqual([
      ['case.tar!a.ndjson', 'error', 300],
      ['case.tar!c.ndjson', 'scanned', 1],
    ]);
    expect(files[0]!.errors).toEqual([{ file: 'case.tar', entry: 'a.ndjson', message: MESSAGE(claimed, padded(first.length)) }]);
    expect(files[0]!.reason).toBe(MESSAGE(claimed, padded(first.length)));
  });

  it('is named also when the swallowed header makes the member binary, and inside a gzip', async () => {
    const first = ndjson(2, 'a');
    const { files } = await scanBytes('case.tar.gz', gzip(await lyingTar(first)));
    expect(files[0]).toMatchObject({ file: 'case.tar.gz!a.ndjson', status: 'skipped', reason: expect.stringMatching(/^binary data/) });
    expect(files[0]!.errors.map((error) => error.message)).toEqual([MESSAGE(1536, 512)]);
  });

  it('is not claimed for honest archives, nor for a tar inside a tar (whose data starts with a header)', async () => {
    const inner = await tar([{ name: 'x.ndjson', data: ndjson(3, 'x') }, { name: 'y.ndjson', data: ndjson(3, 'y') }]);
    const { files } = await scanBytes('outer.tar', await tar([{ name: 'a.ndjson', data: ndjson(50, 'a') }, { name: 'inner.tar', data: inner }, { name: 'c.ndjson', data: ndjson(1, 'c') }]));
    expect(files.map((file) => [file.file, file.status, file.events, file.errors.length])).toEqual([
      ['outer.tar!a.ndjson', 'scanned', 50, 0],
      ['outer.tar!inner.tar!x.ndjson', 'scanned', 3, 0],
      ['outer.tar!inner.tar!y.ndjson', 'scanned', 3, 0],
      ['outer.tar!c.ndjson', 'scanned', 1, 0],
    ]);
  });
});
