/**
 * What the app says about evidence it could not fully use, in the production site: a file with a
 * line that is not JSON, a JSON file that is not ECS, an event a seed rule matches without a
 * @timestamp, and a tar whose first member's size field swallowed the next member. The scan
 * panel must lead with the warnings and account for every file as `loupe scan` does, and the
 * exported HTML report must say the same (and keep its rule column when a document is opened).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kccEvent, ndjson } from '../cli/scan-fixtures.ts';
import { tar, utf8, withTarSize } from '../ingest/helpers/build.ts';
import { scanFiles, waitForApp } from './support/app.ts';
import { useSite } from './support/site-session.ts';

const KERBEROS = 'Kerberos Cached Credentials Dumping (ad88231f-e2ab-491c-8fc6-64746da26cfe)';

function untimedKcc(): Record<string, unknown> {
  const { '@timestamp': _time, ...event } = kccEvent('2024-05-01T10:00:00Z');
  return event;
}

describe('the scan account in the production site', () => {
  const site = useSite();
  const work = mkdtempSync(join(tmpdir(), 'loupe-e2e-account-'));
  const names = ['odd.ndjson', 'inventory.json', 'case.tar'];
  let reportHtml = '';

  beforeAll(async () => {
    writeFileSync(join(work, 'odd.ndjson'), ndjson([kccEvent('2024-05-01T10:00:00Z'), 'not json', untimedKcc()]));
    writeFileSync(join(work, 'inventory.json'), ndjson([{ name: 'laptop-7', serial: 'C02X', owner: 'ana' }, { name: 'laptop-8', serial: 'C02Y' }]));
    const first = utf8(ndjson([{ '@timestamp': '2024-05-01T09:00:00Z', host: { name: 'mac-1' }, event: { category: ['host'] } }]));
    const honest = await tar([{ name: 'a.ndjson', data: first }, { name: 'b.ndjson', data: utf8(ndjson([kccEvent('2024-05-01T11:00:00Z')])) }, { name: 'c.ndjson', data: first }]);
    writeFileSync(join(work, 'case.tar'), withTarSize(honest, 0, 512 + 1024));
  }, 180_000);

  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
  });

  it('leads the scan panel with the warnings and accounts for every file', async () => {
    const { page } = site.browser;
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);
    const status = await scanFiles(page, names.map((name) => join(work, name)));
    expect(status).toMatch(/^Scan complete: 1 alert from \d+ events in 4 files\. 1 file not read: case\.tar!a\.ndjson \(binary data/);

    const warnings = await page.getByTestId('scan-warnings').getByRole('listitem').allTextContents();
    expect(warnings).toEqual([
      `${KERBEROS}: 1 match could not become an alert: events have no usable @timestamp`,
      'inventory.json: no loaded rule can see any of its 2 events: the rules read none of their fields (keys name, serial, owner)',
    ]);
    // The warnings come before the status sentence.
    const warningsFirst = await page.evaluate(() => {
      const warnings = document.querySelector('[data-testid="scan-warnings"]');
      const status = document.querySelector('[data-testid="scan-status"]');
      return warnings !== null && status !== null && (warnings.compareDocumentPosition(status) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    });
    expect(warningsFirst).toBe(true);

    const files = (await page.getByTestId('scan-file').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    const about = (name: string) => files.find((text) => text.startsWith(name)) ?? `(no entry for ${name} in ${JSON.stringify(files)})`;
    expect(about('odd.ndjson')).toMatch(/^odd\.ndjson ECS events, 1 of the first 2 without @timestamp .* 2 events · 1 of 3 lines skipped 1 line skipped: not JSON ?line 2: Unexpected token 'o', "not json" is not valid JSON$/);
    expect(about('inventory.json')).toMatch(/^inventory\.json not ECS \(no @timestamp\): JSON objects with keys name, serial, owner .* 2 events$/);
    expect(about('case.tar!a.ndjson')).toContain(
      'the size field of "a.ndjson" claims 1,536 bytes, but the header of member "b.ndjson" starts 512 bytes into them: "b.ndjson" (and what follows it in those bytes) was read as part of "a.ndjson", not as a file of its own',
    );
    expect(about('case.tar!c.ndjson')).toMatch(/^case\.tar!c\.ndjson /);
  });

  it('exports an HTML report titled after every input that says the same', async () => {
    const { page } = site.browser;
    const download = page.waitForEvent('download');
    await page.getByTestId('export-html').click();
    reportHtml = readFileSync(await (await download).path(), 'utf8');
    expect(reportHtml).toContain('<title>Loupe report: 3 files: odd.ndjson, inventory.json, case.tar</title>');
    const lead = reportHtml.indexOf('Read before trusting the alert count: 3 warnings');
    expect(lead).toBeGreaterThan(0);
    expect(lead).toBeLessThan(reportHtml.indexOf('class="cards"'));
    for (const text of [
      `<li>${KERBEROS}: 1 match could not become an alert: events have no usable @timestamp</li>`,
      '<li>inventory.json: no loaded rule can see any of its 2 events: the rules read none of their fields (keys name, serial, owner)</li>',
      '<td>inventory.json</td><td>not ECS (no @timestamp): JSON objects with keys name, serial, owner</td>',
      '<li>1 line skipped: not JSON<ul><li>line 2: Unexpected token &#39;o&#39;, &quot;not json&quot; is not valid JSON</li></ul></li>',
      'the size field of &quot;a.ndjson&quot; claims 1,536 bytes, but the header of member &quot;b.ndjson&quot;',
    ]) {
      expect(reportHtml).toContain(text);
    }
  });

  it('keeps the report’s rule column when an alert’s document is opened', async () => {
    const report = await site.browser.context.newPage();
    try {
      await report.setContent(reportHtml);
      const ruleHeader = report.locator('table.alerts th', { hasText: /^rule$/ });
      const before = (await ruleHeader.boundingBox())!.width;
      await report.locator('table.alerts details summary').first().click();
      await expect.poll(() => report.locator('table.alerts details[open] pre').count()).toBe(1);
      const after = (await ruleHeader.boundingBox())!.width;
      expect(before).toBeGreaterThan(100);
      expect(Math.abs(after - before)).toBeLessThan(1);
    } finally {
      await report.close();
    }
  });
});
