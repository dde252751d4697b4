/**
 * A case handed over in Chromium: scan the sample case, triage, export the case file; clear the
 * site's storage (another laptop); import the case: its evidence is asked for and checked by
 * SHA-256, a changed copy refused by name, the right file accepted; the alerts and triage return.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportNdjson, scanFiles, waitForApp } from './support/app.ts';
import { SAMPLE_DIR } from './support/build.ts';
import { useSite } from './support/site-session.ts';

const sampleIndex = JSON.parse(readFileSync(join(SAMPLE_DIR, 'index.json'), 'utf8')) as { files: { name: string }[] };
const FIRST_DAY = sampleIndex.files[0]!.name;

describe('case files in the production site (Chromium)', () => {
  const site = useSite();
  const work = mkdtempSync(join(tmpdir(), 'loupe-case-e2e-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('exports a case, and imports it on a clean profile only with its verified evidence', async () => {
    const { page, context } = site.browser;
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);
    expect(await scanFiles(page, [join(SAMPLE_DIR, FIRST_DAY)])).toMatch(/complete/);
    const total = Number(await page.getByTestId('alert-count').textContent());
    await page.getByRole('checkbox', { name: 'high' }).check();
    const high = Number(await page.getByTestId('alert-count').textContent());
    await page.getByTestId('bulk-reason').selectOption('true_positive');
    await page.getByTestId('bulk-closed').click();
    await expect.poll(() => page.getByTestId('triage-counts').textContent()).toBe(`Open 0Acknowledged 0Closed ${high}`);
    await page.getByRole('checkbox', { name: 'high' }).uncheck();
    const before = (await exportNdjson(page)).toString('utf8');

    const download = page.waitForEvent('download');
    await page.getByTestId('case-export').click();
    const casePath = join(work, 'case.zip');
    writeFileSync(casePath, readFileSync(await (await download).path()));

    // Another laptop: this origin's storage cleared.
    await page.goto('about:blank');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: site.server.origin, storageTypes: 'indexeddb' });
    await cdp.detach();
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);
    await expect.poll(() => page.getByTestId('past-scans').count()).toBe(0);

    await page.getByTestId('case-input').setInputFiles(casePath);
    const pending = page.getByTestId('case-pending');
    await expect.poll(() => pending.textContent()).toContain(`${total} alerts (${total - high} open, 0 acknowledged, ${high} closed)`);
    expect(await page.getByTestId('case-import').isDisabled()).toBe(true);

    const changedDir = mkdtempSync(join(work, 'changed-'));
    const changed = readFileSync(join(SAMPLE_DIR, FIRST_DAY));
    changed[100] = changed[100]! ^ 0xff;
    writeFileSync(join(changedDir, FIRST_DAY), changed);
    await page.getByTestId('case-evidence-input').setInputFiles(join(changedDir, FIRST_DAY));
    // The digest runs in the scan worker, which a fresh page is still warming (warm-up.ts): allow for it.
    await expect.poll(() => page.getByTestId('case-evidence').textContent(), { timeout: 15_000 }).toContain(`changed: refused ${FIRST_DAY} has another SHA-256: not this evidence`);
    expect(await page.getByTestId('case-import').isDisabled()).toBe(true);

    const goodDir = mkdtempSync(join(work, 'good-'));
    copyFileSync(join(SAMPLE_DIR, FIRST_DAY), join(goodDir, FIRST_DAY));
    await page.getByTestId('case-evidence-input').setInputFiles(join(goodDir, FIRST_DAY));
    await expect.poll(() => page.getByTestId('case-evidence').textContent()).toContain('verified');
    await page.getByTestId('case-import').click();
    await expect.poll(() => page.getByTestId('alert-count').textContent()).toBe(String(total));
    await expect.poll(() => page.getByTestId('triage-counts').textContent()).toBe(`Open ${total - high}Acknowledged 0Closed ${high}`);
    expect((await exportNdjson(page)).toString('utf8')).toBe(before);
    await expect.poll(() => page.getByTestId('past-scans').getByRole('listitem').count()).toBe(1);
    // The evidence is attached: the imported case can be exported again.
    expect(await page.getByTestId('case-export').isDisabled()).toBe(false);
  });
});
