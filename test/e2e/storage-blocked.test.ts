/**
 * A browser that refuses storage (Chromium with all site data blocked, as Firefox's private mode
 * or a locked-down profile does): the app must still start, say that nothing is kept and why,
 * and scan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFiles, waitForApp } from './support/app.ts';
import { launchChromium, type Browser } from './support/browser.ts';
import { ensureBuilt, SAMPLE_DIR, SITE_DIR } from './support/build.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';

describe('the site in a Chromium that blocks site data', () => {
  let server: StaticServer;
  let browser: Browser;
  beforeAll(async () => {
    await ensureBuilt('site');
    server = await serveStatic(SITE_DIR);
    browser = await launchChromium({ blockSiteData: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('starts without persistence, says so with the browser\'s reason, and scans the sample', async () => {
    const { page } = browser;
    await page.goto(`${server.origin}/`);
    await waitForApp(page);
    const banner = await page.getByTestId('storage-off').textContent();
    expect(banner).toMatch(/^\s*Saved scans and new-terms history are off: this browser refused storage \(.+\)\./);
    // Written by the build (npm run sample), so read once it has run.
    const sampleIndex = JSON.parse(readFileSync(join(SAMPLE_DIR, 'index.json'), 'utf8')) as { files: { name: string }[] };
    const status = await scanFiles(page, [join(SAMPLE_DIR, sampleIndex.files[0]!.name)]);
    expect(status).toMatch(/complete/);
    expect(status).toContain('Not saved for later: this browser refused storage');
    expect(Number(await page.getByTestId('alert-count').textContent())).toBeGreaterThan(0);
    expect(browser.record.pageErrors).toEqual([]);
  });
});
