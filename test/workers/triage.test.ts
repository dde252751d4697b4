/**
 * Triage through the real client over IndexedDB: kept across a reload, carried in every export
 * as Kibana writes it, untouched alerts byte-identical, forgotten with the scan.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { triageOf } from '../../src/engine/alerts/triage.ts';
import type { AlertDocument } from '../../src/engine/alerts/types.ts';
import type { EvidenceFile } from '../../src/ui/scan-client.ts';
import { sampleFiles } from './helpers/sample-files.ts';
import { testClient, type TestClient } from './helpers/test-client.ts';

const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0).reverse()) await client.dispose();
});

async function scanned(options: { storageRefused?: string } = {}) {
  const test = await testClient(options);
  clients.push(test);
  const sample = await sampleFiles();
  const name = sample.first.slice(sample.dir.length + 1);
  const files: EvidenceFile[] = [{ path: name, file: new File([readFileSync(sample.first)], name, { lastModified: 0 }) }];
  const result = await test.client.start(files, { useNewTermsState: false, now: Date.parse('2024-05-11T00:00:00.000Z') }, () => undefined).result;
  expect(result.alerts.length).toBeGreaterThan(3);
  return { test, result, uuids: result.alerts.map((alert) => String(alert['kibana.alert.uuid'])) };
}

const lines = async (blob: Blob) => (await blob.text()).split('\n').filter((line) => line !== '');

describe('triage', () => {
  it('is kept across a reload and written into exports; untriaged lines keep their bytes', async () => {
    const { test, result, uuids } = await scanned();
    const before = await lines(await test.client.exportAlerts(result.id, 'ndjson'));
    await test.client.setTriage(result.id, [uuids[0]!, uuids[1]!], { status: 'closed', reason: 'false_positive' });
    await test.client.setTriage(result.id, [uuids[2]!], { status: 'acknowledged', notes: 'check the parent <b>process</b>' });

    const reloaded = await test.reopen();
    clients.push(reloaded);
    const triage = await reloaded.client.triage(result.id);
    expect(triage.get(uuids[0]!)).toMatchObject({ status: 'closed', reason: 'false_positive' });
    expect(triage.get(uuids[2]!)).toMatchObject({ status: 'acknowledged', notes: 'check the parent <b>process</b>' });
    expect(triage.has(uuids[3]!)).toBe(false);

    const after = await lines(await reloaded.client.exportAlerts(result.id, 'ndjson'));
    expect(after).toHaveLength(before.length);
    const docs = after.map((line) => JSON.parse(line) as AlertDocument);
    expect(docs[0]).toMatchObject({ 'kibana.alert.workflow_status': 'closed', 'kibana.alert.workflow_reason': 'false_positive' });
    expect(docs[2]).toMatchObject({ 'kibana.alert.workflow_status': 'acknowledged', loupe: expect.objectContaining({ notes: 'check the parent <b>process</b>' }) });
    expect(triageOf(docs[2]!)).toEqual(triage.get(uuids[2]!));
    for (let index = 3; index < after.length; index++) expect(after[index]).toBe(before[index]);

    // Filtered exports carry it too, and so do CSV and the HTML report (as text).
    const filtered = await lines(await reloaded.client.exportAlerts(result.id, 'ndjson', [1, 3]));
    expect(filtered).toEqual([after[1], after[3]]);
    const html = await (await reloaded.client.exportAlerts(result.id, 'html')).text();
    expect(html).not.toContain('<b>process</b>');
  });

  it('reopening removes the closing reason; deleting the scan forgets its triage', async () => {
    const { test, result, uuids } = await scanned();
    await test.client.setTriage(result.id, [uuids[0]!], { status: 'closed', reason: 'duplicate' });
    const reopened = await test.client.setTriage(result.id, [uuids[0]!], { status: 'open' });
    expect(reopened.get(uuids[0]!)).toEqual({ status: 'open', updatedAt: expect.any(String) });
    const doc = JSON.parse((await lines(await test.client.exportAlerts(result.id, 'ndjson')))[0]!) as AlertDocument;
    expect('kibana.alert.workflow_reason' in doc).toBe(false);
    await test.client.deleteScan(result.id);
    expect((await test.client.triage(result.id)).size).toBe(0);
  });

  it('without storage, triage lasts for the page', async () => {
    const { test, result, uuids } = await scanned({ storageRefused: 'private mode' });
    await test.client.setTriage(result.id, uuids, { status: 'acknowledged' });
    expect([...(await test.client.triage(result.id)).values()].every((entry) => entry.status === 'acknowledged')).toBe(true);
  });
});
