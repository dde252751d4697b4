/**
 * Evidence as responders collect it: a tar.gz of a log folder whose rotated logs are gzipped
 * themselves. In the browser both gzip streams inflate in the reader's inflate worker at once;
 * the scan must complete and count every line of both files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzip, tar, utf8 } from '../ingest/helpers/build.ts';
import { scanFiles, waitForApp } from './support/app.ts';
import { useSite } from './support/site-session.ts';

/** ECS-shaped lines that compress poorly, so both streams span many inflate steps. */
function lines(count: number, host: string): Uint8Array {
  const events = Array.from({ length: count }, (_, i) => JSON.stringify({ '@timestamp': '2024-05-10T10:00:00Z', host: { name: host }, event: { category: ['network'] }, message: ((i * 2654435761) >>> 0).toString(36).repeat(5) }));
  return utf8(`${events.join('\n')}\n`);
}

describe('a gzip inside a tar.gz in the production site', () => {
  const site = useSite();
  const work = mkdtempSync(join(tmpdir(), 'loupe-e2e-nested-'));

  beforeAll(async () => {
    const archive = gzip(await tar([{ name: 'var/log/app.log.1.gz', data: gzip(lines(40_000, 'inner'), 1) }, { name: 'var/log/app.log', data: lines(20_000, 'outer') }]), 1);
    writeFileSync(join(work, 'collection.tar.gz'), archive);
  }, 180_000);

  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
  });

  it('scans both files to the end', async () => {
    const { page } = site.browser;
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);
    const status = await scanFiles(page, [join(work, 'collection.tar.gz')]);
    expect(status).toMatch(/^Scan complete: .* from 60,000 events in 2 files\./);
  });
});
