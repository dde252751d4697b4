/**
 * A new version of the site while a responder has it open: the service worker installs it in the
 * background, the page offers it, and "Reload to update" switches to it. The site is served from a
 * copy of dist/ whose sw.js is then changed, which is what a redeployment looks like to Chromium.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForApp } from './support/app.ts';
import { launchChromium, type Browser } from './support/browser.ts';
import { ensureBuilt, SITE_DIR } from './support/build.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';

describe('a new version of the site', () => {
  let server: StaticServer;
  let browser: Browser;
  const site = mkdtempSync(join(tmpdir(), 'loupe-site-'));

  beforeAll(async () => {
    await ensureBuilt('site');
    cpSync(SITE_DIR, site, { recursive: true });
    server = await serveStatic(site);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(site, { recursive: true, force: true });
  });

  it('is offered in the page once installed, and taken on "Reload to update"', async () => {
    const { page } = browser;
    await page.goto(`${server.origin}/`);
    await waitForApp(page);
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    // A returning user: the page is controlled by the installed version.
    await page.reload();
    await waitForApp(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await page.getByTestId('update-banner').count()).toBe(0);

    appendFileSync(join(site, 'sw.js'), '\n// the next version\n');
    await page.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())?.update()));
    await page.getByTestId('update-banner').waitFor({ timeout: 30_000 });

    const reloaded = page.waitForEvent('load', { timeout: 30_000 });
    await page.getByTestId('update-reload').click();
    await reloaded;
    await waitForApp(page);
    // The new worker controls the page, nothing else waits, and no banner is left.
    const registration = await page.evaluate(async () => {
      const current = await navigator.serviceWorker.getRegistration();
      return { controlled: navigator.serviceWorker.controller !== null, waiting: current?.waiting ?? null };
    });
    expect(registration).toEqual({ controlled: true, waiting: null });
    expect(await page.getByTestId('update-banner').count()).toBe(0);
  });
});
