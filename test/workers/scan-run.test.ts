import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../src/engine/detect/index.ts';
import { loadRuleTexts } from '../../src/engine/rules/load.ts';
import { SnapshotStore } from '../../src/engine/state/snapshot-store.ts';
import { nodeFileSource } from '../../src/ingest/hosts/node.ts';
import { intake } from '../../src/ingest/intake.ts';
import { readRuleTexts } from '../../src/cli/files.ts';
import { BUNDLED_RULES_DIR } from '../../src/cli/rule-pack.ts';
import { runScan, type ScanFile } from '../../src/workers/scan-run.ts';
import type { ScanPlan } from '../../src/workers/scan-plan.ts';
import { runLoupe } from '../cli/run-cli.ts';
import { readers } from './helpers/readers.ts';
import { sampleFiles } from './helpers/sample-files.ts';

const NOW = '2024-05-11T00:00:00.000Z';

async function plan(overrides: Partial<ScanPlan> = {}): Promise<ScanPlan> {
  return { rules: await readRuleTexts([BUNDLED_RULES_DIR]), disabled: [], now: Date.parse(NOW), scanId: 'test-scan', ignoreIndex: false, kibanaLimits: false, maxLineBytes: 8 * 1024 * 1024, keepProcessEvents: true, ...overrides };
}

function scanFile(path: string, name = path): ScanFile {
  return { name, blob: new Blob([readFileSync(path)]) };
}

async function scanWith(count: number, files: readonly ScanFile[], scanPlan: ScanPlan, store?: SnapshotStore) {
  const pool = readers(count);
  try {
    return await runScan(files, scanPlan, pool.readers, store ? { store } : {});
  } finally {
    pool.close();
  }
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('runScan: the pool coordinator', () => {
  it('writes exactly the NDJSON `loupe scan` writes for the same input', async () => {
    const sample = await sampleFiles();
    const cli = await runLoupe('scan', sample.first, '--now', NOW);
    expect(cli.code).toBe(0);
    const result = await scanWith(2, [scanFile(sample.first)], await plan());
    expect(result.alertCount).toBeGreaterThan(0);
    expect(text(result.alertsNdjson)).toBe(cli.stdout);
  });

  it.each([1, 2, 8])('gives byte-identical alerts, stats and process events with %i readers', async (count) => {
    const sample = await sampleFiles();
    const files = [scanFile(sample.first), scanFile(sample.second)];
    const reference = await scanWith(1, files, await plan());
    const result = await scanWith(count, files, await plan());
    expect(text(result.alertsNdjson)).toBe(text(reference.alertsNdjson));
    expect(text(result.processNdjson)).toBe(text(reference.processNdjson));
    const withoutTime = (stats: typeof result.stats) => ({ ...stats, rules: stats.rules.map((rule) => ({ ...rule, millis: 0 })) });
    expect(withoutTime(result.stats)).toEqual(withoutTime(reference.stats));
    expect(result.files.map((file) => [file.file, file.events, file.lines])).toEqual(reference.files.map((file) => [file.file, file.events, file.lines]));
  });

  it('reports the stats a detector fed every event reports (counts come from the readers)', async () => {
    const sample = await sampleFiles();
    const scanPlan = await plan();
    const detector = createDetector(loadRuleTexts(scanPlan.rules).entries, { scanId: 'direct', now: scanPlan.now });
    const reading = intake([nodeFileSource(sample.first)]);
    for await (const batch of reading.batches()) for (const { event, source } of batch) detector.push(event, source);
    const direct = await detector.finish();
    const pooled = await scanWith(2, [scanFile(sample.first)], scanPlan);
    const counters = (stats: typeof direct.stats) => ({ ...stats, rules: stats.rules.map(({ millis: _millis, ...rest }) => rest) });
    expect(counters(pooled.stats)).toEqual(counters(direct.stats));
    expect(pooled.stats.events).toBe(2260);
  });

  it('leaves disabled rules out of the scan', async () => {
    const sample = await sampleFiles();
    const all = await plan();
    const newTerms = loadRuleTexts(all.rules).entries.find((entry) => entry.rule.type === 'new_terms')!.rule.rule_id!;
    const result = await scanWith(2, [scanFile(sample.first)], { ...all, disabled: [newTerms] });
    expect(result.stats.rules.map((rule) => rule.ruleId)).not.toContain(newTerms);
    expect(text(result.alertsNdjson)).not.toContain(newTerms);
    expect(result.alertCount).toBeGreaterThan(0);
  });

  it('judges the later day against the first day through the store, as `loupe scan --state` does', async () => {
    const sample = await sampleFiles();
    const store = new SnapshotStore();
    await scanWith(2, [scanFile(sample.first)], await plan({ scanId: 'day-1' }), store);
    const withHistory = await scanWith(2, [scanFile(sample.second)], await plan({ scanId: 'day-2' }), store);
    const alone = await scanWith(2, [scanFile(sample.second)], await plan({ scanId: 'day-2' }));
    const newTermsAlerts = (bytes: Uint8Array) => text(bytes).split('\n').filter((line) => line.includes('"new_terms"')).length;
    expect(newTermsAlerts(alone.alertsNdjson)).toBe(5);
    expect(newTermsAlerts(withHistory.alertsNdjson)).toBe(1);
  });

  it('reports progress per file with bytes, events and a final alert count', async () => {
    const sample = await sampleFiles();
    const reports: { bytes: number; events: number; alerts: number; done: boolean[] }[] = [];
    const pool = readers(2);
    const files = [scanFile(sample.first), scanFile(sample.second)];
    const result = await runScan(files, await plan(), pool.readers, { onProgress: (progress) => reports.push({ bytes: progress.bytes, events: progress.events, alerts: progress.alerts, done: progress.files.map((file) => file.done) }), progressEveryMs: 0 });
    pool.close();
    const last = reports.at(-1)!;
    expect(last).toEqual({ bytes: files[0]!.blob.size + files[1]!.blob.size, events: 2260 + 430, alerts: result.alertCount, done: [true, true] });
    expect(reports.every((report, i) => i === 0 || report.bytes >= reports[i - 1]!.bytes)).toBe(true);
  });
});

describe('intake API: bounded output', () => {
  it('stops reading while its queue is full and goes on as the scan worker pulls', async () => {
    const { createIntakeApi } = await import('../../src/workers/intake-api.ts');
    const sample = await sampleFiles();
    // Every line a candidate: a rule that selects every event.
    const everything = { file: 'all.ndjson', text: `${JSON.stringify({ rule_id: 'all', name: 'all', type: 'query', language: 'kuery', query: '@timestamp:*', risk_score: 1, severity: 'low', description: 'x', index: ['logs-*'] })}\n` };
    const api = createIntakeApi({ queueLimitChars: 64 * 1024 });
    api.prepare(await plan({ rules: [everything], keepProcessEvents: false }));
    let finished = false;
    const running = api.run({ index: 0, name: 'case.tar.gz', blob: scanFile(sample.first).blob }).then(() => (finished = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(finished).toBe(false);
    let events = 0;
    for (;;) {
      const reply = await api.pull(0);
      if (reply.kind === 'done') break;
      events += reply.encoded.count;
    }
    await running;
    expect(events).toBe(2260);
  });
});

describe('runScan over many files', () => {
  it.each([3, 8])('gives the same bytes with 1 and %i readers when files outnumber readers', async (count) => {
    const { macosCase } = await import('../../scripts/sample/macos-case.ts');
    const { first, second } = macosCase();
    const files: ScanFile[] = [...first.files, ...second.files].map((file, i) => ({ name: `${i}-${file.path}`, blob: new Blob([file.events.map((event) => `${JSON.stringify(event)}\n`).join('')]) }));
    expect(files.length).toBeGreaterThan(count * 2);
    const reference = await scanWith(1, files, await plan());
    const pooled = await scanWith(count, files, await plan());
    expect(text(pooled.alertsNdjson)).toBe(text(reference.alertsNdjson));
    expect(text(pooled.processNdjson)).toBe(text(reference.processNdjson));
    expect(pooled.files.map((file) => file.file)).toEqual(files.map((file) => file.name));
  });
});
