/**
 * Triage in the production site in Chromium: close the critical alerts of the sample case as
 * false positives, acknowledge one with notes, go offline and reload, open the saved scan:
 * statuses, reason and notes are still there, and the NDJSON export carries them as Kibana
 * writes them (`kibana.alert.workflow_status`, `kibana.alert.workflow_reason`).
 */
import { describe, expect, it } from 'vitest';
import { exportNdjson, runScan, waitForApp } from './support/app.ts';
import { useSite } from './support/site-session.ts';

const NOTES = 'parent was the MDM agent; <b>not</b> the user';

describe('triage survives an offline reload (production site, Chromium)', () => {
  const site = useSite();

  it('keeps statuses, reasons and notes per scan in IndexedDB', async () => {
    const { page, context } = site.browser;
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);
    await page.evaluate(async () => navigator.serviceWorker.ready);
    expect(await runScan(page, () => page.getByTestId('load-sample').click())).toMatch(/complete/);
    const total = Number(await page.getByTestId('alert-count').textContent());
    expect(total).toBeGreaterThan(2);

    await page.getByRole('checkbox', { name: 'high' }).check();
    const high = Number(await page.getByTestId('alert-count').textContent());
    expect(high).toBeGreaterThan(0);
    await page.getByTestId('bulk-reason').selectOption('false_positive');
    await page.getByTestId('bulk-closed').click();
    await expect.poll(() => page.getByTestId('triage-counts').textContent()).toBe(`Open 0Acknowledged 0Closed ${high}`);
    await page.getByRole('checkbox', { name: 'high' }).uncheck();
    await page.getByTestId('filter-status').selectOption('open');
    expect(Number(await page.getByTestId('alert-count').textContent())).toBe(total - high);

    await page.getByTestId('alerts-table').getByRole('row').nth(1).click();
    await page.getByTestId('triage-status-acknowledged').check();
    await page.getByTestId('triage-notes').fill(NOTES);
    await page.getByTestId('triage-save-notes').click();
    await expect.poll(() => page.getByTestId('triage-save-notes').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');

    await context.setOffline(true);
    site.server.offline = true;
    try {
      const response = await page.reload();
      expect(response?.fromServiceWorker()).toBe(true);
      await waitForApp(page);
      await page.getByRole('button', { name: /^Open scan / }).first().click();
      await expect.poll(() => page.getByTestId('triage-counts').textContent()).toBe(`Open ${total - high - 1}Acknowledged 1Closed ${high}`);
      await page.getByTestId('filter-status').selectOption('acknowledged');
      await page.getByTestId('alerts-table').getByRole('row').nth(1).click();
      expect(await page.getByTestId('triage-notes').inputValue()).toBe(NOTES);
      expect(await page.getByTestId('triage-status-acknowledged').isChecked()).toBe(true);
      await page.keyboard.press('Escape');
      await page.getByTestId('filter-status').selectOption('');

      const docs = (await exportNdjson(page)).toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(docs).toHaveLength(total);
      const byStatus = (status: string) => docs.filter((doc) => doc['kibana.alert.workflow_status'] === status);
      expect(byStatus('closed')).toHaveLength(high);
      expect(byStatus('closed').every((doc) => doc['kibana.alert.workflow_reason'] === 'false_positive' && doc['kibana.alert.severity'] === 'high')).toBe(true);
      expect(byStatus('acknowledged').map((doc) => (doc['loupe'] as Record<string, unknown>)['notes'])).toEqual([NOTES]);
      expect(byStatus('open')).toHaveLength(total - high - 1);
    } finally {
      site.server.offline = false;
      await context.setOffline(false);
    }
  });
});
