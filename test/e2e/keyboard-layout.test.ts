/**
 * The workbench at a 1366x768 laptop screen in dark mode, by keyboard only: nothing overflows
 * sideways, every panel's controls are reached with Tab, an alert opens with Enter and is triaged
 * from the keyboard, and text keeps a readable contrast (WCAG AA 4.5:1 for body and muted text).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runScan, waitForApp } from './support/app.ts';
import { useSite } from './support/site-session.ts';

/** Tabs through the page from the top, collecting the test ids (or names) of what gets focus. */
async function tabStops(page: Page, limit = 200): Promise<string[]> {
  // A click on the page's top-left corner (no control there) starts Tab from the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.click(2, 2);
  const stops: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return '';
      return element.getAttribute('data-testid') ?? `${element.tagName.toLowerCase()}:${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}`;
    });
    // Back at the first stop: the whole page went by.
    if (stop === '' || stop === stops[0]) break;
    stops.push(stop);
  }
  return stops;
}

const OVERFLOW = `(() => {
  const width = document.documentElement.clientWidth;
  return { page: document.documentElement.scrollWidth - width, wide: [...document.querySelectorAll('main *, header *, aside *')].filter((e) => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== 'fixed' && !e.closest('[data-testid="alerts-table"], .graph, .tree')).map((e) => e.tagName + '.' + e.className).slice(0, 5) };
})()`;

/** Contrast of an element's text against the page background (colours as rgb()). */
const CONTRAST = `((selector) => {
  const parse = (text) => (text.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => { const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const element = document.querySelector(selector);
  const fg = luminance(parse(getComputedStyle(element).color));
  const bg = luminance(parse(getComputedStyle(document.body).backgroundColor));
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
})`;

describe('keyboard, 1366x768, dark mode (production site, Chromium)', () => {
  const site = useSite();

  it('reaches every panel by Tab, triages by keyboard, and fits the screen with readable contrast', async () => {
    const { page } = site.browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);
    expect(await runScan(page, () => page.getByTestId('load-sample').click())).toMatch(/complete/);

    const overflow = (await page.evaluate(OVERFLOW)) as { page: number; wide: string[] };
    expect(overflow).toEqual({ page: 0, wide: [] });
    for (const selector of ['body', '.muted']) expect(await page.evaluate(`${CONTRAST}(${JSON.stringify(selector)})`), selector).toBeGreaterThanOrEqual(4.5);

    const stops = await tabStops(page);
    console.log(`${stops.length} tab stops: ${stops.join(' | ')}`);
    for (const id of ['load-sample', 'export-ndjson', 'export-kibana', 'filter-status', 'bulk-acknowledged', 'bulk-reason', 'bulk-closed', 'alerts-table', 'case-export', 'case-input', 'sample-exercise', 'exercise-input', 'exercise-build']) {
      expect(stops, id).toContain(id);
    }

    // Into the table, open the first alert with Enter, set its status with the keyboard.
    await page.getByTestId('alerts-table').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('alert-detail').waitFor();
    expect((await page.evaluate(OVERFLOW)) as { page: number }).toMatchObject({ page: 0 });
    await page.getByTestId('triage-status-open').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('triage-counts').textContent()).toMatch(/Acknowledged 1/);
    await page.keyboard.press('Escape');
    await page.getByTestId('alert-detail').waitFor({ state: 'detached' });
    expect(site.browser.record.pageErrors).toEqual([]);
    expect(site.browser.record.cspViolations).toEqual([]);
  });
});
