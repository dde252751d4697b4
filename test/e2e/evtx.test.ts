/**
 * A Windows triage collection in the production site: a zip of C:\Windows\System32\winevt\Logs
 * holding a Sysmon log is dropped whole, a Windows rule is imported as Kibana NDJSON through the
 * rules panel, and the scan reads the log in the browser's workers as EVTX, maps it as the
 * windows integration does (so the rule on `logs-windows.sysmon_operational-*` alerts) and names
 * the log in the per-file account with its channel and record count. The CLI twin is
 * test/cli/evtx.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kibanaRule } from '../cli/scan-fixtures.ts';
import { evtxData, needEvtxData } from '../sources/evtx/shared-evtx.ts';
import { scanFiles, waitForApp } from './support/app.ts';
import { useSite } from './support/site-session.ts';

const LOG = 'C/Windows/System32/winevt/Logs/Microsoft-Windows-Sysmon%4Operational.evtx';
const RULE_ID = 'defender-signature-update';
const RULE_NAME = 'Defender signature update via MpCmdRun';

describe('a triage zip with .evtx logs in the production site', () => {
  if (!needEvtxData()) return;
  const site = useSite();
  const work = mkdtempSync(join(tmpdir(), 'loupe-e2e-evtx-'));

  beforeAll(() => {
    writeFileSync(
      join(work, 'windows.ndjson'),
      `${kibanaRule({
        rule_id: RULE_ID,
        name: RULE_NAME,
        index: ['winlogbeat-*', 'logs-windows.sysmon_operational-*'],
        query: 'event.category:process and event.type:start and process.name:"MpCmdRun.exe" and process.args:"SignatureUpdate"',
      })}\n`,
    );
    const sysmon = new Uint8Array(readFileSync(evtxData('omerbenamram-evtx/samples/sysmon.evtx')));
    writeFileSync(join(work, 'host-triage.zip'), zipSync({ [LOG]: sysmon, 'C/Windows/System32/winevt/Logs/notes.txt': new TextEncoder().encode('collected by hand\n') }));
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('imports the Windows rule, scans the zip, shows its alerts and names the log with its channel and record count', async () => {
    const { page } = site.browser;
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);

    await page.getByTestId('rules-input').setInputFiles(join(work, 'windows.ndjson'));
    const ruleRow = page.locator(`tr[data-rule-key="${RULE_ID}"]`);
    await expect.poll(() => ruleRow.textContent()).toContain(RULE_NAME);
    await expect.poll(() => ruleRow.getByRole('checkbox').isChecked()).toBe(true);

    const status = await scanFiles(page, [join(work, 'host-triage.zip')]);
    expect(status).toMatch(/^Scan complete: [1-9]\d* alerts? from /);

    const rows = page.getByTestId('alerts-table').getByRole('row').filter({ hasText: RULE_NAME });
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    await expect.poll(() => ruleRow.getByTestId('rule-hits').textContent()).toMatch(/^[1-9]/);

    const files = (await page.getByTestId('scan-file').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    const log = files.find((text) => text.startsWith(`host-triage.zip!${LOG}`));
    expect(log, JSON.stringify(files)).toContain('evtx (channel Microsoft-Windows-Sysmon/Operational), host named by each record (else host-triage): 358 records → 358 events');
  });

  it('raised no error in the page', () => {
    const { record } = site.browser;
    expect(record.consoleErrors).toEqual([]);
    expect(record.pageErrors).toEqual([]);
  });
});
