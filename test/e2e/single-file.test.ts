/**
 * The single-file build (`dist-single/loupe.html`) opened from file:// in Debian Chromium, as from
 * a USB stick: no server, no service worker. The sample case comes in through the file picker
 * (the file carries no sample, so it offers no sample button and says where the archives are). Workers run from blob: URLs,
 * IndexedDB keeps the scan across a reload, and the export is what `loupe scan` writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertCount, exportEvents, exportNdjson, loupeEvents, loupeScan, scanFiles, scanNow, waitForApp } from './support/app.ts';
import { launchChromium, type Browser } from './support/browser.ts';
import { ensureBuilt, SAMPLE_DIR, SINGLE_FILE } from './support/build.ts';

const SAMPLE_FILES = (JSON.parse(readFileSync(join(SAMPLE_DIR, 'index.json'), 'utf8')) as { files: { name: string }[] }).files;
const FIRST_DAY = SAMPLE_FILES[0]?.name ?? '';
const ESLOGGER = SAMPLE_FILES[2]?.name ?? '';

describe('the single-file build from file:// in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    await ensureBuilt('single');
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('scans the sample archive picked from disk and exports what `loupe scan` writes', async () => {
    const { page } = browser;
    await page.goto(pathToFileURL(SINGLE_FILE).href);
    await waitForApp(page);
    // file:// cannot fetch the sample case: no button that could only fail, but where the archives are.
    expect(await page.getByRole('button', { name: /sample/i }).count()).toBe(0);
    expect(await page.getByTestId('sample-hint').textContent()).toContain('public/sample/');
    expect(await scanFiles(page, [join(SAMPLE_DIR, FIRST_DAY)])).toMatch(/complete/);
    const exported = await exportNdjson(page);
    expect(alertCount(exported)).toBeGreaterThan(0);
    expect(exported.equals(loupeScan(SAMPLE_DIR, FIRST_DAY, { now: scanNow(exported) }))).toBe(true);
    // A second scan runs on the workers kept from the first (blob: workers from the inlined code).
    expect(await scanFiles(page, [join(SAMPLE_DIR, FIRST_DAY)])).toMatch(/complete/);
    expect(alertCount(await exportNdjson(page))).toBe(alertCount(exported));
  });

  it('exports the eslogger capture\'s derived events, read again by the workers, as `loupe events [--bulk]` writes them', async () => {
    const { page } = browser;
    expect(await scanFiles(page, [join(SAMPLE_DIR, ESLOGGER)])).toMatch(/eslogger, host mbp-carol:/);
    for (const format of ['ndjson', 'bulk'] as const) {
      const exported = await exportEvents(page, format);
      expect(exported.length).toBeGreaterThan(100_000);
      expect(exported.equals(loupeEvents(SAMPLE_DIR, ESLOGGER, format))).toBe(true);
    }
  });

  it('keeps the finished scan in IndexedDB across a reload', async () => {
    const { page } = browser;
    await page.reload();
    await waitForApp(page);
    await expect.poll(() => page.getByTestId('past-scans').textContent()).toContain(FIRST_DAY);
    // The scan is back, its files are not: no events export.
    expect(await page.getByTestId('export-events-ndjson').isDisabled()).toBe(true);
  });

  it('loaded nothing but itself and its blob: workers, and met no CSP violation or error', () => {
    const { record } = browser;
    const file = pathToFileURL(SINGLE_FILE).href;
    expect(record.requests.filter((url) => url !== file && !url.startsWith('blob:null/'))).toEqual([]);
    expect(record.requests.filter((url) => url.startsWith('blob:')).length).toBeGreaterThan(0);
    expect(record.cspViolations).toEqual([]);
    expect(record.consoleErrors).toEqual([]);
    expect(record.pageErrors).toEqual([]);
  });
});
