/**
 * `loupe scan --jobs N`: reader threads (worker_threads, src/cli/reader-pool.ts) under the app's
 * coordinator give exactly what one thread gives: alerts, summary, new-terms state. Parts of files
 * reach the threads as a name and a byte range (Node cannot send file-backed Blobs), checked here
 * with small parts so the plain file and the zip are cut.
 */
import { openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRuleTexts } from '../../src/cli/files.ts';
import { startReaderPool, type ReaderPool } from '../../src/cli/reader-pool.ts';
import { BUNDLED_RULES_DIR } from '../../src/cli/rule-pack.ts';
import { NODE_DECOMPRESSORS } from '../../src/ingest/hosts/node.ts';
import { createIntakeApi } from '../../src/workers/intake-api.ts';
import { localReader } from '../../src/workers/readers.ts';
import type { ScanPlan } from '../../src/workers/scan-plan.ts';
import { RESERVED_PARTS, runScan, type ScanFile } from '../../src/workers/scan-run.ts';
import { planTasks } from '../../src/workers/scan-parts.ts';
import { ndjsonText } from '../workers/helpers/ndjson-text.ts';
import { sampleFiles } from '../workers/helpers/sample-files.ts';
import { runLoupe } from './run-cli.ts';

const NOW = '2024-05-11T00:00:00.000Z';
/** The summary's first line ends with the time taken, which differs run to run. */
const withoutTiming = (lines: readonly string[]) => lines.map((line) => line.replace(/; [\d.]+ s, [\d,]+ events\/s( with \d reader threads)?$/, ''));

describe('loupe scan --jobs', () => {
  it('writes the same alerts, summary and new-terms state with 2 reader threads as with 1', async () => {
    const sample = await sampleFiles();
    const inputs = [sample.first, sample.second, sample.plain];
    const stateOne = join(sample.dir, 'state-jobs-1.json');
    const stateTwo = join(sample.dir, 'state-jobs-2.json');
    const one = await runLoupe('scan', '--pack', 'seed', ...inputs, '--now', NOW, '--jobs', '1', '--state', stateOne);
    const two = await runLoupe('scan', '--pack', 'seed', ...inputs, '--now', NOW, '--jobs', '2', '--state', stateTwo);
    expect(one.out.length).toBeGreaterThan(0);
    expect(two.code).toBe(one.code);
    expect(two.stdout).toBe(one.stdout);
    // The second run did read in threads, and says so; the first read in this thread.
    expect(two.err[0]).toMatch(/ with 2 reader threads$/);
    expect(one.err[0]).not.toMatch(/reader threads/);
    expect(withoutTiming(two.err)).toEqual(withoutTiming(one.err));
    expect(readFileSync(stateTwo, 'utf8')).toBe(readFileSync(stateOne, 'utf8'));
  });

  it.each(['0', '9', 'two'])('refuses --jobs %s (usage error, exit 2)', async (value) => {
    const sample = await sampleFiles();
    const result = await runLoupe('scan', '--pack', 'seed', sample.first, '--jobs', value);
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toMatch(/--jobs must be a whole number from 1 to 4/);
  });
});

describe('reader threads', () => {
  let pool: ReaderPool;
  beforeAll(() => {
    pool = startReaderPool(3);
  });
  afterAll(async () => {
    await pool.close();
  });

  it('read parts of files by name and byte range exactly as the same parts read in this thread', async () => {
    const sample = await sampleFiles();
    // The zip under a second name: files are opened by the names the tasks carry.
    const copy = join(sample.dir, 'copy-of-second.zip');
    writeFileSync(copy, readFileSync(sample.second));
    const plan: ScanPlan = { rules: await readRuleTexts([BUNDLED_RULES_DIR]), disabled: [], now: Date.parse(NOW), scanId: 'jobs', ignoreIndex: false, kibanaLimits: false, maxLineBytes: 8 * 1024 * 1024, keepProcessEvents: true };
    const files = async (): Promise<ScanFile[]> => Promise.all([sample.plain, copy].map(async (name) => ({ name, blob: (await openAsBlob(name)) as unknown as Blob })));
    // 16 KiB parts: the plain file is cut into three, the zip between its members.
    const threads = await runScan(await files(), plan, pool.readers, { partBytes: 16 * 1024 });
    const inThread = await runScan(await files(), plan, [localReader(createIntakeApi({ decompressors: NODE_DECOMPRESSORS }))]);
    expect(threads.alertCount).toBeGreaterThan(0);
    expect(ndjsonText(threads.alertsNdjson)).toBe(ndjsonText(inThread.alertsNdjson));
    expect(ndjsonText(threads.processNdjson)).toBe(ndjsonText(inThread.processNdjson));
    expect(threads.files).toEqual(inThread.files);
    const { rules: ruleStats, ...totals } = threads.stats;
    const { rules: expectedRules, ...expectedTotals } = inThread.stats;
    expect(totals).toEqual(expectedTotals);
    expect(ruleStats.map(({ millis: _millis, ...rule }) => rule)).toEqual(expectedRules.map(({ millis: _millis, ...rule }) => rule));
  });

  it('a reader in the coordinating thread leaves the last parts to the reader threads, and the alerts stay the same', async () => {
    const sample = await sampleFiles();
    const plan: ScanPlan = { rules: await readRuleTexts([BUNDLED_RULES_DIR]), disabled: [], now: Date.parse(NOW), scanId: 'jobs', ignoreIndex: false, kibanaLimits: false, maxLineBytes: 8 * 1024 * 1024, keepProcessEvents: false };
    const files = async (): Promise<ScanFile[]> => [{ name: sample.plain, blob: (await openAsBlob(sample.plain)) as unknown as Blob }];
    const readHere: number[] = [];
    const local = localReader(createIntakeApi({ decompressors: NODE_DECOMPRESSORS }));
    const here = { ...local, run: (task: Parameters<typeof local.run>[0], onProgress: Parameters<typeof local.run>[1]) => (readHere.push(task.index), local.run(task, onProgress)) };
    const helpers = pool.readers.slice(0, 1);
    const tasks = await planTasks(await files(), 6, 4 * 1024);
    const shared = await runScan(await files(), plan, [here, ...helpers], { tasks, coordinating: here });
    const inThread = await runScan(await files(), plan, [localReader(createIntakeApi({ decompressors: NODE_DECOMPRESSORS }))]);
    expect(tasks.length).toBe(6);
    expect(readHere.length).toBeGreaterThan(0);
    expect(readHere.every((index) => index < tasks.length - RESERVED_PARTS)).toBe(true);
    expect(shared.alertCount).toBeGreaterThan(0);
    expect(ndjsonText(shared.alertsNdjson)).toBe(ndjsonText(inThread.alertsNdjson));
  });
});
