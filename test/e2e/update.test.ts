/**
 * A new version of the site while a responder has it open: the service worker installs it in the
 * background, the page offers it, and "Reload to update" switches to it. The site is served from a
 * copy of dist/ whose sw.js is then changed, which is what a redeployment looks like to Chromium.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForApp } from './support/app.ts';
import { SITE_DIR } from './support/build.ts';
import { useSite } from './support/site-session.ts';

describe('a new version of the site', () => {
  const copy = mkdtempSync(join(tmpdir(), 'loupe-site-'));
  // Served from a copy of the built site, whose sw.js the test changes.
  const site = useSite(() => {
    cpSync(SITE_DIR, copy, { recursive: true });
    return copy;
  });

  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('is offered in the page once installed, and taken on "Reload to update"', async () => {
    const { page } = site.browser;
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    // A returning user: the page is controlled by the installed version.
    await page.reload();
    await waitForApp(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await page.getByTestId('update-banner').count()).toBe(0);

    appendFileSync(join(copy, 'sw.js'), '\n// the next version\n');
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
