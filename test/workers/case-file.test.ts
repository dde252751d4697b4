/**
 * A case handed to another laptop: exported from one client's scan, imported into a client over
 * an empty database, its evidence asked for and checked by SHA-256 (a changed file refused by
 * name); the imported scan has the same alerts and triage.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCase } from '../../src/ui/case-files.ts';
import type { EvidenceFile } from '../../src/ui/scan-client.ts';
import { ScanArchive } from '../../src/workers/saved-scan.ts';
import { sampleFiles } from './helpers/sample-files.ts';
import { useTestClients } from './helpers/test-client.ts';

const open = useTestClients();

describe('case files through the real client', () => {
  it('export, import elsewhere with verified evidence; a changed file is refused with its name', async () => {
    const sample = await sampleFiles();
    const name = sample.first.slice(sample.dir.length + 1);
    const bytes = readFileSync(sample.first);
    const evidence: EvidenceFile[] = [{ path: name, file: new File([bytes], name, { lastModified: 0 }) }];
    const first = await open();
    const result = await first.client.start(evidence, { useNewTermsState: true, now: Date.parse('2024-05-11T00:00:00.000Z') }, () => undefined).result;
    const uuids = result.alerts.map((alert) => String(alert['kibana.alert.uuid']));
    await first.client.setTriage(result.id, uuids.slice(0, 2), { status: 'closed', reason: 'benign_positive', notes: 'IT inventory script' });
    const caseFile = await first.client.exportCase(result.id, evidence);
    const exported = await (await first.client.exportAlerts(result.id, 'ndjson')).text();

    const other = await open();
    const manifest = await other.client.readCase(caseFile);
    expect(manifest.evidence).toEqual([{ path: name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }]);
    expect(manifest.counts).toMatchObject({ alerts: result.alerts.length, closed: 2, open: result.alerts.length - 2 });
    expect(manifest.counts.rules).toBeGreaterThan(0);
    // The scan's settings travel in scan.json and come back with the imported scan.
    const parts = await readCase(caseFile);
    expect((parts.scan as { settings?: unknown }).settings).toEqual({ useNewTermsState: true, kibanaLimits: false, now: Date.parse('2024-05-11T00:00:00.000Z') });

    const changedBytes = Buffer.from(bytes);
    changedBytes[changedBytes.length - 1] = changedBytes.at(-1)! ^ 1;
    const changed: EvidenceFile[] = [{ path: `elsewhere/${name}`, file: new File([changedBytes], name) }];
    expect((await other.client.checkCaseEvidence(manifest, changed)).verdicts.map((verdict) => verdict.status)).toEqual(['changed']);
    await expect(other.client.importCase(caseFile, changed)).rejects.toThrow(`elsewhere/${name} is not the case's ${name} (its SHA-256 differs: the file changed)`);
    await expect(other.client.importCase(caseFile, [])).rejects.toThrow(`${name} is missing`);
    expect(await other.client.listScans()).toEqual([]);

    const copy: EvidenceFile[] = [{ path: `copy/${name}`, file: new File([bytes], name) }];
    expect((await other.client.checkCaseEvidence(manifest, copy)).complete).toBe(true);
    const imported = await other.client.importCase(caseFile, copy);
    expect(imported.id).toBe(result.id);
    expect(imported.alerts).toEqual((await first.client.loadScan(result.id)).alerts.map((alert, index) => (index < 2 ? expect.objectContaining({ 'kibana.alert.workflow_status': 'closed' }) : alert)));
    expect((await other.client.listScans()).map((scan) => scan.id)).toEqual([result.id]);
    expect((await new ScanArchive(other.db).list())[0]!.settings).toEqual({ useNewTermsState: true, kibanaLimits: false, now: Date.parse('2024-05-11T00:00:00.000Z') });
    const triage = await other.client.triage(result.id);
    expect(triage.get(uuids[0]!)).toMatchObject({ status: 'closed', reason: 'benign_positive', notes: 'IT inventory script' });
    expect(await (await other.client.exportAlerts(result.id, 'ndjson')).text()).toBe(exported);
  });

  it('a damaged case file is refused with the reason', async () => {
    const { client } = await open();
    await expect(client.readCase(new Blob(['PK\u0003\u0004 not really'])) ).rejects.toThrow(/not a readable zip/);
  });
});
