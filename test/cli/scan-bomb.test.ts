/**
 * A real decompression bomb is still stopped with the default limits, and the message names the
 * option that lets a responder read more; --max-ratio reaches the reader (in this thread and in
 * reader threads alike, through the scan plan).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rleZstd } from '../ingest/helpers/build.ts';
import { runLoupe, tempFiles } from './run-cli.ts';

// 1.1 GiB of spaces from ~35 KiB: past the 1 GiB floor at ~32,000x.
const BOMB_BYTES = 1.1 * 2 ** 30;

describe('loupe scan and decompression bombs', () => {
  it('stops a zstd bomb by default, naming --max-ratio, and exits 2; --max-ratio above its ratio reads it through', async () => {
    const root = tempFiles({});
    const bomb = join(root, 'bomb.ndjson.zst');
    writeFileSync(bomb, rleZstd(0x20, BOMB_BYTES));

    const stopped = await runLoupe('scan', '--pack', 'seed', bomb, '--now', '2024-05-02T00:00:00Z');
    expect(stopped.code).toBe(2);
    expect(stopped.err.join('\n')).toMatch(
      /decompression bomb: the zstd stream expands \d+x, over the limit of 500x; the rest of it is skipped \(if this is real evidence, raise the limit: 'loupe scan --max-ratio N'/,
    );

    const raised = await runLoupe('scan', '--pack', 'seed', bomb, '--max-ratio', '100000', '--now', '2024-05-02T00:00:00Z');
    expect(raised.err.join('\n')).not.toMatch(/decompression/);
    expect(raised.code).toBe(0);
  }, 120_000);

  it.each(['0', '0.5', 'lots', ''])('refuses --max-ratio %j (usage error, exit 2)', async (value) => {
    const { code, err } = await runLoupe('scan', '--pack', 'seed', 'x', '--max-ratio', value);
    expect(code).toBe(2);
    expect(err[0]).toMatch(value === '' ? /--max-ratio needs a value/ : /--max-ratio must be a number of at least 1/);
  });
});
