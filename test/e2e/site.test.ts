/**
 * The production site (`dist/`, served from localhost) in Debian Chromium, as a responder uses it:
 * one session, step by step: scan the sample case and export (same bytes as `loupe scan`); reload
 * and scan the later day, judged against the first day's new-terms history kept in IndexedDB; go
 * offline, reload from the service worker, scan again; load the later day with its own button.
 * Across the whole session nothing may leave the page's origin, and Chromium may report no CSP
 * violation and no error.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertCount, exportNdjson, foreignRequests, loupeScan, runScan, scanFiles, scanNow, waitForApp } from './support/app.ts';
import { SAMPLE_DIR, SITE_DIR } from './support/build.ts';
import { readPackCatalogue, readPackShards } from '../support/elastic-pack.ts';
import { useSite } from './support/site-session.ts';

const sampleIndex = JSON.parse(readFileSync(join(SAMPLE_DIR, 'index.json'), 'utf8')) as { files: { name: string; events: number }[] };
const [FIRST_DAY, LATER_DAY] = sampleIndex.files.map((file) => file.name) as [string, string];

/** Paths under `dir`, relative, with forward slashes. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split('\\').join('/'));
}

describe('the production site in Chromium (one session, in order)', () => {
  const site = useSite();
  const work = mkdtempSync(join(tmpdir(), 'loupe-e2e-'));
  const state = join(work, 'state.json');

  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
  });

  it('scans the sample archive and exports exactly what `loupe scan` writes', async () => {
    const { page } = site.browser;
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);
    // The first visit installs the service worker, which precaches the app before it is active.
    const worker = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(worker).toBe(`${site.server.origin}/sw.js`);

    const status = await scanFiles(page, [join(SAMPLE_DIR, FIRST_DAY)]);
    expect(status).toMatch(/complete/);
    const exported = await exportNdjson(page);
    const cli = loupeScan(SAMPLE_DIR, FIRST_DAY, { now: scanNow(exported), state });
    expect(exported.equals(cli)).toBe(true);
    const alerts = alertCount(exported);
    expect(alerts).toBeGreaterThan(0);
    expect(await page.getByTestId('alert-count').textContent()).toBe(String(alerts));
  });

  it('scans again in the same page on the worker pool kept from the first scan, with the same alerts', async () => {
    const { page } = site.browser;
    const first = await exportNdjson(page);
    const status = await scanFiles(page, [join(SAMPLE_DIR, FIRST_DAY)]);
    expect(status).toMatch(/complete/);
    const second = await exportNdjson(page);
    // The same events and rules: the same alerts, whatever the creation time stamped on them.
    const sources = (ndjson: Buffer) =>
      ndjson
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .map((alert) => `${String(alert['kibana.alert.rule.rule_id'])} ${JSON.stringify(alert['loupe'])}`)
        .sort();
    expect(sources(second)).toEqual(sources(first));
    expect(sources(second).length).toBeGreaterThan(0);
  });

  it('is installable: Chromium finds the manifest, icons and service worker it needs', async () => {
    const cdp = await site.browser.context.newCDPSession(site.browser.page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] };
    expect(manifest).toMatchObject({ url: `${site.server.origin}/manifest.webmanifest`, errors: [] });
    expect(await cdp.send('Page.getInstallabilityErrors')).toEqual({ installabilityErrors: [] });
    await cdp.detach();
  });

  it('precaches every file the site serves (but source maps)', () => {
    const precached = new Set([...readFileSync(join(SITE_DIR, 'sw.js'), 'utf8').matchAll(/\{url:"([^"]+)",revision:/g)].map((match) => match[1]));
    const served = listFiles(SITE_DIR).filter((file) => !file.endsWith('.map') && file !== 'sw.js' && !/^workbox-[\w-]+\.js$/.test(file));
    expect(served.filter((file) => file.startsWith('assets/') && /\.worker-/.test(file)).length).toBeGreaterThan(0);
    expect(served.filter((file) => file.startsWith('sample/')).length).toBeGreaterThan(0);
    // The library's rule shards, one hashed asset each.
    expect(served.filter((file) => /^assets\/rules-\d+-[\w-]+\.ndjson$/.test(file))).toHaveLength(readPackShards().length);
    expect(served.filter((file) => !precached.has(file))).toEqual([]);
  });

  it('after a reload, judges the later day against the first day\'s new-terms history', async () => {
    const { page } = site.browser;
    await page.reload();
    await waitForApp(page);
    await expect.poll(() => page.getByTestId('past-scans').textContent()).toContain(FIRST_DAY);

    expect(await scanFiles(page, [join(SAMPLE_DIR, LATER_DAY)])).toMatch(/complete/);
    const exported = await exportNdjson(page);
    const now = scanNow(exported);
    // The CLI with the history of the same first scan (--state) gives the same bytes ...
    expect(exported.equals(loupeScan(SAMPLE_DIR, LATER_DAY, { now, state }))).toBe(true);
    // ... and without that history the later day raises more new-terms alerts: the history was used.
    const alone = alertCount(loupeScan(SAMPLE_DIR, LATER_DAY, { now }));
    expect(alertCount(exported)).toBe(1);
    expect(alone).toBe(5);
  });

  it('works offline: reloads from the service worker and scans the precached sample case', async () => {
    const { page, context } = site.browser;
    await context.setOffline(true);
    site.server.offline = true;
    const served = site.server.requests.length;
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await waitForApp(page);

    expect(await runScan(page, () => page.getByTestId('load-sample').click())).toMatch(/complete/);
    // The page asks for nothing. Chromium itself may check for a new service worker on reload (sw.js
    // and the scripts it imports); offline that check fails unanswered and the precached app runs on.
    const asked = site.server.requests.slice(served).filter((path) => !/^\/(sw|workbox-[\w-]+)\.js$/.test(path));
    expect(asked).toEqual([]);
    // The sample button loads the first day under its own name; a copy elsewhere is a new scan
    // for the CLI too (scan ids hash the input's path), judged against the history so far.
    const exported = await exportNdjson(page);
    const copy = mkdtempSync(join(work, 'again-'));
    copyFileSync(join(SAMPLE_DIR, FIRST_DAY), join(copy, FIRST_DAY));
    expect(exported.equals(loupeScan(copy, FIRST_DAY, { now: scanNow(exported), state }))).toBe(true);

    // Elastic's library (catalogue and rule shards, never fetched before) comes from the precache too.
    const before = site.server.requests.length;
    const { entries } = readPackCatalogue();
    const runnable = entries.filter((entry) => entry.status === 'ok').length;
    await page.getByTestId('pack-select').selectOption('elastic');
    await expect.poll(() => page.locator('#rules-title').textContent(), { timeout: 120_000 }).toContain(`${runnable} of ${entries.length} enabled`);
    await page.getByTestId('pack-select').selectOption('seed');
    await expect.poll(() => page.locator('#rules-title').textContent(), { timeout: 60_000 }).toContain('of 5 enabled');
    expect(site.server.requests.slice(before).filter((path) => !/^\/(sw|workbox-[\w-]+)\.js$/.test(path))).toEqual([]);
    site.server.offline = false;
    await context.setOffline(false);
  });

  it('loads the sample case\'s later day with its own button', async () => {
    const { page } = site.browser;
    const laterDay = sampleIndex.files[1]!;
    expect(await runScan(page, () => page.getByTestId('load-sample-later-day').click())).toContain(`from ${laterDay.events.toLocaleString('en-US')} events`);
  });

  it('sent nothing outside its origin and met no CSP violation, error or dialog', () => {
    const { record } = site.browser;
    expect(record.requests.length).toBeGreaterThan(10);
    expect(foreignRequests(record.requests, site.server.origin)).toEqual([]);
    expect(record.cspViolations).toEqual([]);
    expect(record.consoleErrors).toEqual([]);
    expect(record.pageErrors).toEqual([]);
    expect(record.dialogs).toEqual([]);
  });
});
