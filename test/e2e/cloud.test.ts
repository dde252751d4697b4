/**
 * Cloud audit log exports of one incident, dropped as ONE zip into the production site: the AWS
 * trail bucket (a nested zip of `.json.gz` log files with a digest) and a CloudTrail event history
 * CSV, a Microsoft 365 audit log (Management Activity API records), an Entra ID diagnostic-settings
 * sign-in blob and a Graph directoryAudit download, an Okta System Log API array and Google Cloud
 * audit log entries (a JSON array). Elastic's own prebuilt rules for those sources
 * (from ../shared/corpus, unmodified) are imported through the rules panel; the scan reads every
 * file in the browser's workers, each source maps its records as its integration does, and each
 * source's rules raise alerts. The CLI twins are test/cli/{cloudtrail,o365,azure,okta-gcp}.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needShared, readShared } from '../support/shared-data.ts';
import { diagnosticSignIn, graphAudit, ndjson } from '../sources/azure/fixtures.ts';
import { EVENT_HISTORY_CSV, trailZip } from '../sources/cloudtrail/fixtures.ts';
import { INCIDENT } from '../sources/o365/fixtures.ts';
import { GCP_ENTRIES, OKTA_EVENTS } from '../sources/okta-gcp-fixtures.ts';
import { scanFiles, waitForApp } from './support/app.ts';
import { useSite } from './support/site-session.ts';

const CORPUS = 'corpus/detection-rules.ndjson';

/** Prebuilt rules by source, each one this evidence raises (see the CLI twins for why). */
const RULES: Readonly<Record<string, readonly string[]>> = {
  'aws.cloudtrail': ['e2a67480-3b79-403d-96e3-fdd2992c50ef', '7024e2a0-315d-4334-bb1a-441c593e16ab', '333de828-8190-4cf5-8d7c-7575846f6fe0'],
  'o365.audit': ['ff4dd44a-0ac6-44c4-8609-3f81bc820f02', '0e52157a-8e96-4a95-a6e3-5faae5081a74'],
  azure: ['37994bca-0611-4500-ab67-5588afe73b77', '60b6b72f-0fbc-47e7-9895-9ba7627a8b50'],
  'okta.system': ['b4bb1440-0fcb-4ed1-87e5-b06d58efc5e9', '96b9f4ea-0e8c-435b-8d53-2096e75fcac5'],
  'gcp.audit': ['0e5acaae-6a64-4bbc-adb8-27649c03f7e1', '51859fa0-d86b-4214-bf48-ebb30ed91305'],
};

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('one zip of cloud audit log exports in the production site', () => {
  if (!needShared(CORPUS)) return;
  const site = useSite();
  const work = mkdtempSync(join(tmpdir(), 'loupe-e2e-cloud-'));
  const wanted = new Set(Object.values(RULES).flat());
  const rules = readShared(CORPUS)
    .split('\n')
    .filter((line) => line !== '' && wanted.has((JSON.parse(line) as { rule_id: string }).rule_id));
  const names = new Map(rules.map((line) => [(JSON.parse(line) as { rule_id: string }).rule_id, (JSON.parse(line) as { name: string }).name]));

  beforeAll(() => {
    writeFileSync(join(work, 'cloud-rules.ndjson'), `${rules.join('\n')}\n`);
    writeFileSync(
      join(work, 'cloud-case.zip'),
      zipSync({
        'aws/trail-bucket.zip': trailZip(),
        'aws/event-history.csv': utf8(EVENT_HISTORY_CSV),
        'm365/audit.json': utf8(ndjson(INCIDENT)),
        'entra/PT1H.json': utf8(ndjson([diagnosticSignIn('2026-12-01T10:01:00.0000000Z', 'SignInLogs', { appId: '00000002-0000-0ff1-ce00-000000000000', isInteractive: true, riskLevelDuringSignIn: 'high', riskState: 'atRisk' })])),
        'entra/directoryAudits.json': utf8(ndjson([graphAudit('2026-12-01T10:02:00Z', 'Add service principal', 'ApplicationManagement')])),
        'okta/system-log.json': utf8(JSON.stringify(OKTA_EVENTS)),
        'gcp/audit-entries.json': utf8(JSON.stringify(GCP_ENTRIES, null, 2)),
      }),
    );
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('imports the prebuilt rules, scans the zip, and raises alerts from every cloud source', async () => {
    expect(rules).toHaveLength(wanted.size);
    const { page } = site.browser;
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);

    await page.getByTestId('rules-input').setInputFiles(join(work, 'cloud-rules.ndjson'));
    for (const id of wanted) await expect.poll(() => page.locator(`tr[data-rule-key="${id}"]`).count()).toBe(1);

    const status = await scanFiles(page, [join(work, 'cloud-case.zip')]);
    expect(status).toMatch(/^Scan complete: [1-9][\d,]* alerts? from /);

    const table = page.getByTestId('alerts-table');
    for (const [source, ids] of Object.entries(RULES)) {
      for (const id of ids) await expect.poll(() => table.getByRole('row').filter({ hasText: names.get(id)! }).count(), { message: `${source}: ${names.get(id)}` }).toBeGreaterThan(0);
    }

    const files = (await page.getByTestId('scan-file').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    const described = (part: string) => files.find((text) => text.includes(part)) ?? JSON.stringify(files);
    expect(described('event-history.csv')).toContain('aws.cloudtrail');
    expect(described('m365/audit.json')).toContain('o365');
    expect(described('entra/PT1H.json')).toContain('azure.signinlogs');
    expect(described('entra/directoryAudits.json')).toContain('azure.auditlogs');
    expect(described('okta/system-log.json')).toContain('okta');
    expect(described('gcp/audit-entries.json')).toContain('gcp');
    expect(described('CloudTrail-Digest')).toContain('digest file, skipped');
  });

  it('raised no error in the page', () => {
    const { record } = site.browser;
    expect(record.consoleErrors).toEqual([]);
    expect(record.pageErrors).toEqual([]);
  });
});
