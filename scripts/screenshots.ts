/**
 * README screenshots of the real app: the production build served from localhost, driven in
 * Chromium like the e2e tests (`npm run screenshots`). Scans the sample case, then captures the
 * alerts (with the triage bar), one alert's detail (process graph, host timeline, triage), the rules
 * panel, the dark theme and the sample training exercise into docs/screenshots/, at a 1366x768
 * laptop screen.
 * Each PNG must stay under 300 KB (the README is read in repositories, not just on disk).
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { runScan, waitForApp } from '../test/e2e/support/app.ts';
import { launchChromium } from '../test/e2e/support/browser.ts';
import { ensureBuilt, SITE_DIR } from '../test/e2e/support/build.ts';
import { serveStatic } from '../test/e2e/support/static-server.ts';
import { ROOT } from './build-stamp.ts';

const OUT_DIR = join(ROOT, 'docs/screenshots');
const MAX_BYTES = 300 * 1024;
const VIEWPORT = { width: 1366, height: 768 };

async function main(): Promise<void> {
  await ensureBuilt('site');
  const server = await serveStatic(SITE_DIR);
  const browser = await launchChromium({ viewport: VIEWPORT });
  const { page } = browser;
  mkdirSync(OUT_DIR, { recursive: true });
  try {
    await page.goto(`${server.origin}/`);
    await waitForApp(page);
    const status = await runScan(page, () => page.getByTestId('load-sample').click());
    if (!/complete/.test(status)) throw new Error(`the sample scan did not complete: ${status}`);

    await page.locator('#alerts-title').scrollIntoViewIfNeeded();
    await page.locator('#alerts-title').evaluate((heading) => window.scrollBy(0, heading.getBoundingClientRect().top - 12));
    await save(page, 'alerts.png');

    await page.getByTestId('alerts-table').getByRole('row').filter({ hasText: 'Dumping of Keychain Content' }).first().click();
    await page.getByTestId('alert-detail').waitFor();
    await page.getByTestId('match-clauses').waitFor();
    await save(page, 'alert-detail.png');
    await page.keyboard.press('Escape');
    await page.getByTestId('alert-detail').waitFor({ state: 'detached' });
    // Closing the detail puts focus back on the table; its focus ring is not part of the picture.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    await page.locator('#rules-title').evaluate((heading) => window.scrollBy(0, heading.getBoundingClientRect().top - 12));
    await save(page, 'rules.png');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await save(page, 'dark.png');

    const exercise = await runScan(page, () => page.getByTestId('sample-exercise').click());
    if (!/complete/.test(exercise)) throw new Error(`the sample exercise's scan did not complete: ${exercise}`);
    await page.getByTestId('answer-host').selectOption('mbp-alice');
    await page.getByTestId('show-hint-parent').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await save(page, 'exercise.png');
  } finally {
    await browser.close();
    await server.close();
  }
  if (browser.record.cspViolations.length + browser.record.pageErrors.length > 0) {
    throw new Error(`the page reported problems: ${[...browser.record.cspViolations, ...browser.record.pageErrors].join('\n')}`);
  }
}

async function save(page: Page, name: string): Promise<void> {
  const path = join(OUT_DIR, name);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  const bytes = statSync(path).size;
  if (bytes > MAX_BYTES) throw new Error(`${name} is ${Math.round(bytes / 1024)} KB, over ${MAX_BYTES / 1024} KB`);
  console.log(`docs/screenshots/${name}: ${Math.round(bytes / 1024)} KB`);
}

await main();
