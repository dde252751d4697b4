import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoupe, tempFiles } from '../cli/run-cli.ts';
import type { EvidenceFile, ScanProgress } from '../../src/ui/scan-client.ts';
import { formatCsv, htmlReport } from '../../src/engine/output/index.ts';
import type { NdjsonChunks } from '../../src/workers/ndjson-chunks.ts';
import { ndjsonText } from './helpers/ndjson-text.ts';
import { RealScanClient } from '../../src/ui/real-scan-client.ts';
import { sampleFiles } from './helpers/sample-files.ts';
import { testClient, type TestClient } from './helpers/test-client.ts';

const NOW = '2024-05-11T00:00:00.000Z';
const RULE_COUNT = 5;

const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0).reverse()) await client.dispose();
});

async function open(): Promise<TestClient> {
  const client = await testClient();
  clients.push(client);
  return client;
}

async function evidence(which: 'first' | 'second'): Promise<EvidenceFile[]> {
  const sample = await sampleFiles();
  const name = sample[which].slice(sample.dir.length + 1);
  return [{ path: name, file: new File([readFileSync(sample[which])], name, { lastModified: 0 }) }];
}

describe('RealScanClient', () => {
  it('scans, keeps the scan across a reload, and exports the NDJSON `loupe scan` writes', async () => {
    const { client, reopen } = await open();
    const progress: ScanProgress[] = [];
    const files = await evidence('first');
    const handle = client.start(files, { useNewTermsState: true, now: Date.parse(NOW) }, (step) => progress.push(step));
    const result = await handle.result;
    expect(result).toMatchObject({ id: handle.id, outcome: 'complete', saved: { ok: true }, label: files[0]!.path });
    expect(result.alerts.length).toBe(12);
    expect(progress.at(-1)).toMatchObject({ events: 2260, alerts: 12 });

    // The CLI names events by the path it is given: run it in the sample's folder, as the app names a dropped file.
    const sample = await sampleFiles();
    const cwd = process.cwd();
    process.chdir(sample.dir);
    const fromFolder = await runLoupe('scan', '--pack', 'seed', files[0]!.path, '--now', NOW).finally(() => process.chdir(cwd));
    expect(fromFolder.code).toBe(0);
    expect(await (await client.exportAlerts(result.id, 'ndjson')).text()).toBe(fromFolder.stdout);

    const reloaded = await reopen();
    clients.push(reloaded);
    expect(await reloaded.client.listScans()).toEqual([expect.objectContaining({ id: result.id, alerts: 12, events: 2260, files: 12, bytes: files[0]!.file.size, outcome: 'complete' })]);
    const loaded = await reloaded.client.loadScan(result.id);
    expect(loaded.alerts).toEqual(result.alerts);
    expect(loaded.stats).toEqual(result.stats);
    expect(await (await reloaded.client.exportAlerts(result.id, 'ndjson')).text()).toBe(fromFolder.stdout);
    expect((await reloaded.client.processEvents(result.id)).length).toBeGreaterThan(100);

    await reloaded.client.deleteScan(result.id);
    expect(await reloaded.client.listScans()).toEqual([]);
    await expect(reloaded.client.loadScan(result.id)).rejects.toThrow(/no saved scan/);
  });

  it('judges the later day against the stored history, and forgets it on reset', async () => {
    const { client } = await open();
    const newTerms = async () => (await (await client.start(await evidence('second'), { useNewTermsState: true, now: Date.parse(NOW) }, () => undefined).result).alerts).filter((alert) => alert['kibana.alert.rule.type'] === 'new_terms').length;
    await client.start(await evidence('first'), { useNewTermsState: true }, () => undefined).result;
    expect((await client.newTermsStats()).terms).toBeGreaterThan(0);
    expect(await newTerms()).toBe(1);
    await client.resetNewTerms();
    expect(await client.newTermsStats()).toMatchObject({ rules: 0, terms: 0 });
    expect(await newTerms()).toBe(5);
  });

  it('exports and imports new-terms history in the CLI `--state` file format', async () => {
    const { client } = await open();
    const sample = await sampleFiles();
    const folder = tempFiles({});
    const stateFile = `${folder}/state.json`;
    const cwd = process.cwd();
    process.chdir(sample.dir);
    await runLoupe('scan', '--pack', 'seed', sample.first.slice(sample.dir.length + 1), '--state', stateFile, '--now', NOW).finally(() => process.chdir(cwd));
    const cliState = readFileSync(stateFile, 'utf8');
    await client.importNewTerms(new Blob([cliState]), 'replace');
    expect(await (await client.exportNewTerms()).text()).toBe(cliState);
    await expect(client.importNewTerms(new Blob(['{"format":"something-else"}']), 'merge')).rejects.toThrow(/format/);
    await expect(client.importNewTerms(new Blob(['not json']), 'merge')).rejects.toThrow(/not JSON/);
  });

  it('stores alerts as NDJSON chunks, still opens a scan saved as one string by an earlier version, and exports CSV and HTML in parts', async () => {
    const { client, db, reopen } = await open();
    const result = await client.start(await evidence('first'), { useNewTermsState: false, now: Date.parse(NOW) }, () => undefined).result;
    const ndjson = await (await client.exportAlerts(result.id, 'ndjson')).text();
    const stored = await db.get('scanData', result.id);
    expect(Array.isArray(stored?.alerts)).toBe(true);
    expect(ndjsonText(stored!.alerts as NdjsonChunks)).toBe(ndjson);
    expect(await (await client.exportAlerts(result.id, 'csv')).text()).toBe(formatCsv(result.alerts));
    const { id, label, startedAt, finishedAt, alerts, stats, files } = result;
    expect(await (await client.exportAlerts(result.id, 'html')).text()).toBe(htmlReport({ title: label, scanId: id, startedAt, finishedAt, alerts, stats, files }));

    await db.put('scanData', { ...stored!, alerts: ndjson });
    const reloaded = await reopen();
    clients.push(reloaded);
    expect((await reloaded.client.loadScan(result.id)).alerts).toEqual(result.alerts);
    expect(await (await reloaded.client.exportAlerts(result.id, 'ndjson')).text()).toBe(ndjson);
  });

  it('lists the bundled rules, remembers switched-off rules and imported files across a reload', async () => {
    const { client, reopen } = await open();
    const rules = await client.listRules();
    expect(rules).toHaveLength(RULE_COUNT);
    expect(rules.every((rule) => rule.origin === 'bundled' && rule.enabled && rule.status === 'ok' && rule.file.startsWith('rules/macos/'))).toBe(true);
    const kerberos = rules.find((rule) => rule.name.startsWith('Kerberos'))!;
    await client.setRuleEnabled(kerberos.key, false);

    const imported = await client.importRules([
      { path: 'mine/custom.ndjson', file: new File([`${JSON.stringify({ rule_id: 'custom-1', name: 'Custom <b>rule</b>', type: 'query', language: 'kuery', query: 'process.name:curl', risk_score: 21, severity: 'low', description: 'x', index: ['logs-*'] })}\n`], 'custom.ndjson') },
      { path: 'mine/notes.txt', file: new File(['hello'], 'notes.txt') },
    ]);
    expect(imported).toEqual({ added: 1, problems: [{ file: 'mine/notes.txt', message: expect.stringContaining('not a rule file') }] });

    const reloaded = await reopen();
    clients.push(reloaded);
    const after = await reloaded.client.listRules();
    expect(after.find((rule) => rule.key === kerberos.key)?.enabled).toBe(false);
    expect(after.find((rule) => rule.ruleId === 'custom-1')).toMatchObject({ origin: 'imported', enabled: true, file: 'mine/custom.ndjson' });

    const result = await reloaded.client.start(await evidence('first'), { useNewTermsState: false }, () => undefined).result;
    expect(result.stats.rules.map((rule) => rule.ruleId)).not.toContain(kerberos.ruleId);
    expect(result.stats.rules.map((rule) => rule.ruleId)).toContain('custom-1');
    const pack = (await (await reloaded.client.exportRules()).text()).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(pack.filter((line) => 'rule_id' in line).map((line) => line['rule_id'])).not.toContain(kerberos.ruleId);
    expect(pack.at(-1)).toMatchObject({ exported_rules_count: RULE_COUNT });
  });

  it('lists a rule pack that repeats a bundled rule_id (as the public pack does) with the later copy as an error under its own key', async () => {
    const { client } = await open();
    const bundled = await client.listRules();
    const seed = bundled[0]!;
    const copy = readFileSync(new URL(`../../${seed.file}`, import.meta.url), 'utf8');
    await client.importRules([{ path: 'pack/repeat.toml', file: new File([copy], 'repeat.toml') }]);
    const rules = await client.listRules();
    expect(rules).toHaveLength(RULE_COUNT + 1);
    expect(new Set(rules.map((rule) => rule.key)).size).toBe(rules.length);
    const repeated = rules.at(-1)!;
    // Keyed by where the copy's [rule] table starts: the bundled rule keeps its rule_id key.
    expect(repeated).toMatchObject({ key: expect.stringMatching(/^pack\/repeat\.toml:\d+$/), ruleId: seed.ruleId, status: 'error', origin: 'imported' });
    expect(rules.find((rule) => rule.key === seed.key)).toMatchObject({ status: 'ok', origin: 'bundled' });
  });

  it('lists an imported rule with an exploding regex as an error at the pattern, and scans with the others', async () => {
    const { client } = await open();
    const query = 'process where process.name regex "(a|b)*a(a|b){2000}"';
    const rule = { rule_id: 'hostile', name: 'Hostile', description: 'd', severity: 'low', risk_score: 21, type: 'eql', language: 'eql', query };
    await client.importRules([{ path: 'mine/hostile.ndjson', file: new File([JSON.stringify(rule)], 'hostile.ndjson') }]);
    const hostile = (await client.listRules()).find((entry) => entry.ruleId === 'hostile');
    expect(hostile).toMatchObject({ status: 'error', errors: [{ line: 1, message: expect.stringContaining('regex too complex: more than 10000 determinized states') }] });
    expect(hostile!.errors[0]!.message).toContain(`(query 1:${query.indexOf('"') + 1})`);
    const result = await client.start(await evidence('first'), { useNewTermsState: false, now: Date.parse(NOW) }, () => undefined).result;
    expect(result).toMatchObject({ outcome: 'complete' });
    expect(result.alerts).toHaveLength(12);
  });

  it('reports a storage quota failure on the result instead of losing it silently', async () => {
    const { client } = await open();
    const original = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'scanData') throw new DOMException('quota', 'QuotaExceededError');
      return original.apply(this, args);
    };
    try {
      const result = await client.start(await evidence('first'), { useNewTermsState: false }, () => undefined).result;
      expect(result.outcome).toBe('complete');
      expect(result.alerts).toHaveLength(12);
      expect(result.saved).toEqual({ ok: false, error: expect.stringMatching(/storage quota exceeded.*delete past scans/) });
      expect(await client.listScans()).toEqual([]);
      // Still exportable for this session.
      expect((await (await client.exportAlerts(result.id, 'ndjson')).text()).split('\n')).toHaveLength(13);
    } finally {
      IDBObjectStore.prototype.put = original;
    }
  });

  it('names a file that could not be read in a completed scan, and says why a scan failed', async () => {
    const { client } = await open();
    const broken = { path: 'x.ndjson', file: { size: 1, lastModified: 0, name: 'x.ndjson', stream: () => { throw new Error('disk gone'); } } as unknown as File };
    const partial = await client.start([broken, ...(await evidence('second'))], { useNewTermsState: false }, () => undefined).result;
    expect(partial).toMatchObject({ outcome: 'complete', error: 'x.ndjson: disk gone', saved: { ok: true } });
    expect(partial.alerts.length).toBeGreaterThan(0);

    const crashing = await testClient({ crashWith: 'a scan worker failed: out of memory' });
    clients.push(crashing);
    const failed = await crashing.client.start(await evidence('first'), { useNewTermsState: false }, () => undefined).result;
    expect(failed).toMatchObject({ outcome: 'failed', error: 'a scan worker failed: out of memory', alerts: [], saved: { ok: false } });
  });

  it('cancels: the result resolves as cancelled and nothing is saved', async () => {
    const { client } = await open();
    const handle = client.start(await evidence('first'), { useNewTermsState: true }, () => undefined);
    handle.cancel();
    const result = await handle.result;
    expect(result.outcome).toBe('cancelled');
    expect(await client.listScans()).toEqual([]);
    expect((await client.newTermsStats()).terms).toBe(0);
  });

  it('cancels while the rules are still being read, before any scan starts', async () => {
    const { db } = await open();
    let scansStarted = 0;
    // Storage that never answers: the scan is stuck reading its rules.
    const stuck = new Proxy(db, { get: (target, key) => (key === 'getAll' || key === 'get' ? () => new Promise(() => undefined) : Reflect.get(target, key)) });
    const client = new RealScanClient({
      db: stuck,
      bundledRules: [],
      startScan: () => {
        scansStarted++;
        return { result: new Promise(() => undefined), cancel: () => undefined };
      },
      openStateStore: () => Promise.reject(new Error('unused')),
      fetchSample: async () => [],
      digestFiles: async () => [],
      exportEvents: () => Promise.reject(new Error('unused')),
      isCancellation: () => false,
    });
    const handle = client.start(await evidence('first'), { useNewTermsState: false }, () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    handle.cancel();
    expect((await handle.result).outcome).toBe('cancelled');
    expect(scansStarted).toBe(0);
  });

  it('exports only the alerts asked for, each NDJSON line the bytes of the whole export, in scan order', async () => {
    const { client } = await open();
    const result = await client.start(await evidence('first'), { useNewTermsState: false, now: Date.parse(NOW) }, () => undefined).result;
    const lines = (await (await client.exportAlerts(result.id, 'ndjson')).text()).split('\n');
    expect(await (await client.exportAlerts(result.id, 'ndjson', [11, 3, 0])).text()).toBe(`${lines[0]}\n${lines[3]}\n${lines[11]}\n`);
    expect(await (await client.exportAlerts(result.id, 'ndjson', [])).text()).toBe('');
    const csv = (await (await client.exportAlerts(result.id, 'csv', [3])).text()).split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain(String(result.alerts[3]!['kibana.alert.uuid']));
    const report = await (await client.exportAlerts(result.id, 'html', [3, 5])).text();
    expect(report).toContain('(2 of 12 alerts, as filtered)');
  });

  it('explains an alert with the clauses that held and the fields they read', async () => {
    const { client } = await open();
    const result = await client.start(await evidence('first'), { useNewTermsState: false, now: Date.parse(NOW) }, () => undefined).result;
    const kerberos = result.alerts.find((alert) => String(alert['kibana.alert.rule.name']).startsWith('Kerberos'))!;
    const explanation = await client.explain(result.id, String(kerberos['kibana.alert.uuid']));
    expect(explanation?.fields).toEqual(expect.arrayContaining(['process.name', 'process.args']));
    expect(explanation?.clauses.length).toBeGreaterThan(0);
  });

  it('explains a new_terms alert with the combination that was new and its history window', async () => {
    const { client } = await open();
    const result = await client.start(await evidence('first'), { useNewTermsState: false, now: Date.parse(NOW) }, () => undefined).result;
    const alert = result.alerts.find((candidate) => candidate['kibana.alert.rule.type'] === 'new_terms')!;
    const explanation = await client.explain(result.id, String(alert['kibana.alert.uuid']));
    const terms = alert['kibana.alert.new_terms'] as string[];
    expect(explanation?.newTerms).toEqual({
      terms: [
        { field: 'host.id', value: terms[0] },
        { field: 'file.path', value: terms[1] },
      ],
      firstSeen: alert['kibana.alert.original_time'],
      historyWindowStart: 'now-7d',
      historySince: new Date(Date.parse(String(alert['kibana.alert.original_time'])) - 7 * 86_400_000).toISOString(),
    });
    expect(explanation?.fields).toEqual(expect.arrayContaining(['host.id', 'file.path']));
  });
});

describe('RealScanClient: one rule\'s new-terms history', () => {
  it('lists the rules with history and resets one (the engine function `loupe state reset` uses)', async () => {
    const { client } = await open();
    await client.start(await evidence('first'), { useNewTermsState: true }, () => undefined).result;
    const rules = await client.newTermsRules();
    expect(rules.map((rule) => [rule.ruleId, rule.fields])).toEqual([['03b150d9-9280-4eb8-9906-38cfb6184666', ['host.id', 'file.path']]]);
    expect(rules[0]!.terms).toBeGreaterThan(0);
    expect(await client.resetNewTermsRule(rules[0]!.ruleId)).toBe(true);
    expect(await client.newTermsRules()).toEqual([]);
    expect(await client.resetNewTermsRule(rules[0]!.ruleId)).toBe(false);
    // The ledger of committed scans stays: only the rule's terms are gone.
    expect(await client.newTermsStats()).toMatchObject({ rules: 0, terms: 0, scans: 1 });
  });
});

describe('RealScanClient when the browser refuses storage', () => {
  it('still scans, without new-terms history, says the scan was not kept, and keeps imports for the session', async () => {
    const harness = await testClient({ storageRefused: 'SecurityError: The operation is insecure.' });
    clients.push(harness);
    const { client } = harness;
    expect(client.storageRefused).toBe('SecurityError: The operation is insecure.');
    const result = await client.start(await evidence('first'), { useNewTermsState: true, now: Date.parse(NOW) }, () => undefined).result;
    expect(result).toMatchObject({ outcome: 'complete', saved: { ok: false, error: 'this browser refused storage, so scans are not kept after the page closes' } });
    expect(result.alerts.length).toBe(12);
    expect(harness.requests.map((request) => request.useNewTermsState)).toEqual([false]);
    expect(await client.listScans()).toEqual([]);
    // The current scan is still there to open and export.
    expect((await client.loadScan(result.id)).alerts).toEqual(result.alerts);
    expect(await client.newTermsRules()).toEqual([]);

    await client.importRules([{ path: 'mine.ndjson', file: new File([JSON.stringify({ rule_id: 'mine', name: 'Mine', description: 'd', severity: 'low', risk_score: 1, type: 'query', language: 'kuery', query: 'a:1' })], 'mine.ndjson') }]);
    await client.setRuleEnabled('mine', false);
    expect((await client.listRules()).find((rule) => rule.key === 'mine')).toMatchObject({ origin: 'imported', enabled: false });
    // Nothing of it reached the database.
    expect(await harness.db.getAll('ruleFiles')).toEqual([]);
  });
});
