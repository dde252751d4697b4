import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../src/engine/detect/index.ts';
import { loadRuleTexts } from '../../src/engine/rules/load.ts';
import { SnapshotStore } from '../../src/engine/state/snapshot-store.ts';
import { compilePrefilter } from '../../src/engine/prefilter/prefilter.ts';
import { createLineScanner } from '../../src/engine/scan/line-scan.ts';
import { nodeFileSource } from '../../src/ingest/hosts/node.ts';
import { intake, readEventLine } from '../../src/ingest/intake.ts';
import { readRuleTexts } from '../../src/cli/files.ts';
import { BUNDLED_RULES_DIR } from '../../src/cli/rule-pack.ts';
import { runScan, type ScanFile, type ScanRunProgress } from '../../src/workers/scan-run.ts';
import type { ScanPlan } from '../../src/workers/scan-plan.ts';
import { runLoupe } from '../cli/run-cli.ts';
import { createIntakeApi } from '../../src/workers/intake-api.ts';
import { localReader } from '../../src/workers/readers.ts';
import { readers } from './helpers/readers.ts';
import { ndjsonText } from './helpers/ndjson-text.ts';
import { sampleFiles } from './helpers/sample-files.ts';

const NOW = '2024-05-11T00:00:00.000Z';

async function plan(overrides: Partial<ScanPlan> = {}): Promise<ScanPlan> {
  return { rules: await readRuleTexts([BUNDLED_RULES_DIR]), disabled: [], now: Date.parse(NOW), scanId: 'test-scan', ignoreIndex: false, kibanaLimits: false, maxLineBytes: 8 * 1024 * 1024, keepProcessEvents: true, ...overrides };
}

function scanFile(path: string, name = path): ScanFile {
  return { name, blob: new Blob([readFileSync(path)]) };
}

/** Parts of 16 KiB: the plain sample file (2.6 MB) is cut into as many parts as there are readers, the zip (35 KB, 12 members) into two. */
const SMALL_PARTS = 16 * 1024;

async function scanWith(count: number, files: readonly ScanFile[], scanPlan: ScanPlan, store?: SnapshotStore) {
  const pool = readers(count);
  try {
    return await runScan(files, scanPlan, pool.readers, { ...(store ? { store } : {}), partBytes: SMALL_PARTS });
  } finally {
    pool.close();
  }
}

const text = ndjsonText;

describe('runScan: the pool coordinator', () => {
  it('writes exactly the NDJSON `loupe scan` writes for the same input', async () => {
    const sample = await sampleFiles();
    const cli = await runLoupe('scan', '--pack', 'seed', sample.first, '--now', NOW);
    expect(cli.code).toBe(0);
    const result = await scanWith(2, [scanFile(sample.first)], await plan());
    expect(result.alertCount).toBeGreaterThan(0);
    expect(text(result.alertsNdjson)).toBe(cli.stdout);
  });

  it.each([1, 2, 8])('gives byte-identical alerts, stats, process events and file summaries with %i readers (the plain file cut into as many parts, the zip into two)', async (count) => {
    const sample = await sampleFiles();
    const files = [scanFile(sample.first), scanFile(sample.plain), scanFile(sample.second)];
    const reference = await scanWith(1, files, await plan());
    const result = await scanWith(count, files, await plan());
    expect(text(result.alertsNdjson)).toBe(text(reference.alertsNdjson));
    expect(text(result.processNdjson)).toBe(text(reference.processNdjson));
    const withoutTime = (stats: typeof result.stats) => ({ ...stats, rules: stats.rules.map((rule) => ({ ...rule, millis: 0 })) });
    expect(withoutTime(result.stats)).toEqual(withoutTime(reference.stats));
    expect(result.files).toEqual(reference.files);
    const plain = result.files.find((file) => file.file === sample.plain)!;
    expect(plain).toMatchObject({ status: 'scanned', bom: true, lines: 2265, events: 2260 });
    expect(Object.values(plain.skipped).map((tally) => tally.count)).toEqual([2, 2, 1, 0, 0]);
    expect(plain.invalidUtf8.count).toBe(1);
  });

  it('cuts a large plain file into one part per reader and a zip between its members, and nothing else', async () => {
    const sample = await sampleFiles();
    const { planTasks } = await import('../../src/workers/scan-parts.ts');
    const files = [scanFile(sample.first), scanFile(sample.plain), scanFile(sample.second)];
    const tasks = await planTasks(files, 8, SMALL_PARTS);
    expect(tasks.map((task) => task.file)).toEqual([0, ...new Array<number>(8).fill(1), 2, 2]);
    const zipParts = tasks.filter((task) => task.file === 2);
    expect(zipParts.map((part) => part.zipEntries)).toEqual([6, 6]);
    expect(zipParts.reduce((sum, part) => sum + part.blob.size, 0)).toBeLessThan(sample.bytes.second.length);
    const parts = tasks.filter((task) => task.file === 1);
    expect(parts.map((part) => part.linesOf)).toEqual([undefined, ...new Array<string>(7).fill('ndjson')]);
    expect(parts.reduce((sum, part) => sum + part.blob.size, 0)).toBe(sample.bytes.plain.length);
    // Every part but the last ends with a line feed.
    for (const part of parts.slice(0, -1)) expect(new Uint8Array(await part.blob.slice(-1).arrayBuffer())[0]).toBe(0x0a);
    expect(await planTasks(files, 1, SMALL_PARTS)).toHaveLength(3);
    // A zip whose central directory disagrees with its local headers is read whole.
    const renamed = sample.bytes.second.slice();
    const name = new TextEncoder().encode('endpoint/mbp-bob/process.ndjson');
    const local = renamed.findIndex((_, i) => name.every((byte, j) => renamed[i + j] === byte));
    renamed[local] = 0x45;
    expect(await planTasks([{ name: 'renamed.zip', blob: new Blob([renamed]) }], 8, SMALL_PARTS)).toHaveLength(1);
  });

  it('writes exactly the NDJSON `loupe scan` writes for a plain file and a zip cut into parts', async () => {
    const sample = await sampleFiles();
    const cli = await runLoupe('scan', '--pack', 'seed', sample.plain, sample.second, '--now', NOW);
    expect(cli.code).toBe(0);
    const result = await scanWith(4, [scanFile(sample.plain), scanFile(sample.second)], await plan());
    expect(result.alertCount).toBeGreaterThan(0);
    expect(text(result.alertsNdjson)).toBe(cli.stdout);
  });

  it("reports the stats `loupe scan`'s path reports (prefilter in the readers, counts come from them)", async () => {
    const sample = await sampleFiles();
    const scanPlan = await plan();
    const entries = loadRuleTexts(scanPlan.rules).entries;
    // The CLI's path: intake with the line scanner (prefilter → parse → detector) on its line hook.
    const detector = createDetector(entries, { scanId: 'direct', now: scanPlan.now });
    const scanner = createLineScanner({ sink: detector, parse: readEventLine, prefilter: compilePrefilter(detector.rules.map((rule) => rule.requires ?? null)) });
    const reading = intake([nodeFileSource(sample.first)], { onLine: (line, source) => scanner.line(line, source.file, source.line) });
    for await (const batch of reading.batches()) for (const { event, source } of batch) detector.push(event, source);
    const direct = await detector.finish();
    const pooled = await scanWith(2, [scanFile(sample.first)], scanPlan);
    const counters = (stats: typeof direct.stats) => ({ ...stats, rules: stats.rules.map(({ millis: _millis, ...rest }) => rest) });
    expect(counters(pooled.stats)).toEqual(counters(direct.stats));
    expect(pooled.stats.events).toBe(2260);
    expect(pooled.stats.eventsNotParsed).toBeGreaterThan(1000);
    // What does not depend on the prefilter is what a detector fed every event reports.
    const everything = createDetector(entries, { scanId: 'direct', now: scanPlan.now });
    for await (const batch of intake([nodeFileSource(sample.first)]).batches()) for (const { event, source } of batch) everything.push(event, source);
    const full = await everything.finish();
    const outcome = (stats: typeof direct.stats) => stats.rules.map(({ ruleId, eventsMatched, eventsExcepted, duplicateEvents, alerts }) => ({ ruleId, eventsMatched, eventsExcepted, duplicateEvents, alerts }));
    expect(outcome(pooled.stats)).toEqual(outcome(full.stats));
    expect(pooled.stats.events).toBe(full.stats.events);
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
    const newTermsAlerts = (bytes: Parameters<typeof text>[0]) => text(bytes).split('\n').filter((line) => line.includes('"new_terms"')).length;
    expect(newTermsAlerts(alone.alertsNdjson)).toBe(5);
    expect(newTermsAlerts(withHistory.alertsNdjson)).toBe(1);
  });

  it('has the readers drop what they prepared once the scan is read (a kept pool waits light)', async () => {
    const sample = await sampleFiles();
    const api = createIntakeApi();
    await runScan([scanFile(sample.second)], await plan(), [localReader(api)]);
    await expect(api.run({ index: 0, name: 'x', blob: new Blob(['{}\n']) })).rejects.toThrow(/run before prepare/);
  });

  it('reports progress per file with bytes, events and a final alert count', async () => {
    const sample = await sampleFiles();
    const reports: { bytes: number; events: number; alerts: number; rulesDecidedAtEnd: number; done: boolean[] }[] = [];
    const pool = readers(2);
    const files = [scanFile(sample.first), scanFile(sample.second)];
    const onProgress = (progress: ScanRunProgress) => reports.push({ bytes: progress.bytes, events: progress.events, alerts: progress.alerts, rulesDecidedAtEnd: progress.rulesDecidedAtEnd, done: progress.files.map((file) => file.done) });
    const result = await runScan(files, await plan(), pool.readers, { onProgress, progressEveryMs: 0 });
    pool.close();
    const last = reports.at(-1)!;
    expect(last).toEqual({ bytes: files[0]!.blob.size + files[1]!.blob.size, events: 2260 + 430, alerts: result.alertCount, rulesDecidedAtEnd: 0, done: [true, true] });
    expect(reports.every((report, i) => i === 0 || report.bytes >= reports[i - 1]!.bytes)).toBe(true);
    // Alerts appear while reading (per-event rules), never fall, and the new_terms rule is named as pending.
    const reading = reports.slice(0, -1);
    expect(reading.some((report) => report.alerts > 0 && report.alerts < result.alertCount)).toBe(true);
    expect(reading.every((report, i) => report.rulesDecidedAtEnd === 1 && (i === 0 || report.alerts >= reading[i - 1]!.alerts))).toBe(true);
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
