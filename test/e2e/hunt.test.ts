/**
 * Hunt in the production site in Chromium, on the sample case: a query with a syntax error shows
 * it with its position, the fixed query finds events (read again by the scan workers), an alert's
 * "events around" hunts its host, and Save as rule puts the query in the Rules panel.
 */
import { describe, expect, it } from 'vitest';
import { runScan, waitForApp } from './support/app.ts';
import { useSite } from './support/site-session.ts';

describe('hunt (production site, Chromium)', () => {
  const site = useSite();

  it('checks, runs, hunts around an alert and saves the query as a rule', async () => {
    const { page } = site.browser;
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);
    expect(await runScan(page, () => page.getByTestId('load-sample').click())).toMatch(/complete/);

    const query = page.getByTestId('hunt-query');
    await query.fill('event.category : "process" and (');
    await expect.poll(() => page.getByTestId('hunt-problems').textContent()).toMatch(/Line 1, column 33: /);
    expect(await page.getByTestId('hunt-run').isDisabled()).toBe(true);

    await query.fill('event.category : "process"');
    await expect.poll(() => page.getByTestId('hunt-problems').count()).toBe(0);
    await page.getByTestId('hunt-run').click();
    await expect.poll(() => page.getByTestId('hunt-status').textContent(), { timeout: 60_000 }).toMatch(/^[\d,]+ matching events of [\d,]+ read/);
    const matched = Number((await page.getByTestId('hunt-status').textContent())!.split(' ')[0]!.replace(/,/g, ''));
    expect(matched).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Open match 1', exact: true }).click();
    expect(await page.getByTestId('hunt-clauses').textContent()).toContain('event.category');
    await page.keyboard.press('Escape');

    await page.getByTestId('alerts-table').getByRole('row').nth(1).click();
    const host = (await page.getByTestId('fact-host').textContent())!.trim();
    await page.getByTestId('events-around').click();
    expect(await query.inputValue()).toContain(`host.name : "${host}"`);
    await expect.poll(() => page.getByTestId('hunt-status').textContent(), { timeout: 60_000 }).toMatch(/^[\d,]+ matching events of [\d,]+ read/);
    const hosts = await page.getByTestId('hunt-row').locator('td:nth-child(3)').allTextContents();
    expect(hosts.length).toBeGreaterThan(0);
    expect(new Set(hosts)).toEqual(new Set([host]));

    await page.getByTestId('hunt-rule-name').fill('Hunted around an alert');
    await page.getByTestId('hunt-save').click();
    await expect.poll(() => page.getByTestId('hunt-saved').textContent()).toContain('Hunted around an alert');
    await expect.poll(() => page.getByRole('region', { name: /Rules/ }).textContent()).toContain('Hunted around an alert');
  });
});
