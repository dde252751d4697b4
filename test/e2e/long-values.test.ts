/**
 * A 2 MB `host.name` in the production site: the alerts table and the alert detail show the
 * value clipped with its size, the detail offers the whole value (copied whole, or more of it on
 * request), and neither view freezes the page. Before clipping, Chromium spent 24 s laying out a
 * 220 KB value of this kind in the table and again in the detail, and did not finish a 2 MB one
 * within 5 minutes; the time each view takes is printed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFiles, waitForApp } from './support/app.ts';
import { useSite } from './support/site-session.ts';

/** 2 MiB of UTF-8 in several scripts (shaping and bidi make its layout slow). */
const HOST = `host-${'ab中文بي é '.repeat(128 * 1024)}`;

const EVENT = {
  '@timestamp': '2024-05-09T10:00:00.000Z',
  data_stream: { type: 'logs', dataset: 'endpoint.events.process', namespace: 'default' },
  event: { category: ['process'], type: ['start'], kind: 'event' },
  host: { name: HOST, os: { type: 'macos' } },
  process: { name: 'kcc', args: ['kcc', 'copy_cred_cache'], entity_id: 'p1' },
};

/** Waits for two frames after `action`: the time includes style, layout and paint of what it changed. */
async function timed(page: import('playwright-core').Page, action: () => Promise<void>): Promise<number> {
  const started = Date.now();
  await action();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return Date.now() - started;
}

describe('a 2 MB field value in the production site', () => {
  const site = useSite();
  const work = mkdtempSync(join(tmpdir(), 'loupe-e2e-long-'));

  beforeAll(() => {
    writeFileSync(join(work, 'long-host.ndjson'), `${JSON.stringify(EVENT)}\n`);
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('shows the value clipped in the table and the detail, with the whole value one click away', async () => {
    const { page, context } = site.browser;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.server.origin });
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);

    const row = page.getByTestId('alerts-table').getByRole('row').filter({ hasText: 'Kerberos' });
    const tableMs = await timed(page, async () => {
      expect(await scanFiles(page, [join(work, 'long-host.ndjson')])).toMatch(/complete/);
      await row.waitFor();
    });
    const detail = page.getByTestId('alert-detail');
    const detailMs = await timed(page, async () => {
      await row.click();
      await detail.waitFor();
    });
    console.log(`2 MB host.name: scan to table ${tableMs} ms, row click to detail ${detailMs} ms`);

    const rowText = (await row.textContent()) ?? '';
    expect(rowText.length).toBeLessThan(2000);
    expect(rowText).toContain(`${HOST.slice(0, 300)}… (2.0 MB)`);

    const shown = (await detail.textContent()) ?? '';
    expect(shown.length).toBeLessThan(20_000);
    expect(shown).toContain(`${HOST.slice(0, 300)}… (2.0 MB)`);
    // The whole value, copied from the host fact, is the event's.
    await detail.getByTestId('fact-host').getByRole('button', { name: /copy all/i }).click();
    expect((await page.evaluate(() => navigator.clipboard.readText())) === HOST).toBe(true);
    // Neither view may take seconds (clipping brought the detail from ~44 s to well under one).
    expect(detailMs).toBeLessThan(5000);
  });
});
