/** Raw evidence in the pool coordinator (the app's scan, `loupe scan --jobs`): read whole, mapped, same alerts as the CLI. */
import { describe, expect, it } from 'vitest';
import { readRuleTexts } from '../../src/cli/files.ts';
import { BUNDLED_RULES_DIR } from '../../src/cli/rule-pack.ts';
import { planTasks } from '../../src/workers/scan-parts.ts';
import { runScan, type ScanFile } from '../../src/workers/scan-run.ts';
import type { ScanPlan } from '../../src/workers/scan-plan.ts';
import { runLoupe, tempFiles } from '../cli/run-cli.ts';
import { HOST, seedActivities } from '../sources/activities.ts';
import { readers } from './helpers/readers.ts';
import { ndjsonText } from './helpers/ndjson-text.ts';

const NOW = '2024-05-08T00:00:00.000Z';
const SMALL_PARTS = 16 * 1024;

describe('runScan with eslogger evidence', () => {
  const capture = seedActivities('2024-05-07').es.lines();

  it('never cuts an eslogger file into parts (its process table needs the messages in order)', async () => {
    const blob = new Blob([capture]);
    expect(blob.size).toBeGreaterThan(4 * SMALL_PARTS);
    const ecs = new Blob([capture.split('\n').map((_, i) => JSON.stringify({ '@timestamp': '2024-05-07T00:00:00Z', n: i, pad: 'x'.repeat(2000) })).join('\n')]);
    const tasks = await planTasks([{ name: 'es.json', blob }, { name: 'ecs.ndjson', blob: ecs }], 4, SMALL_PARTS);
    expect(tasks.filter((task) => task.file === 0)).toHaveLength(1);
    expect(tasks.filter((task) => task.file === 1).length).toBeGreaterThan(1);
  });

  it('writes the alerts `loupe scan` writes, with the host name given per file', async () => {
    const dir = tempFiles({ 'es.json': capture });
    const cli = await runLoupe('scan', '--pack', 'seed', `${dir}/es.json`, '--now', NOW, '--host', HOST);
    expect(cli.code).toBe(0);
    const plan: ScanPlan = { rules: await readRuleTexts([BUNDLED_RULES_DIR]), disabled: [], now: Date.parse(NOW), scanId: 'test-scan', ignoreIndex: false, kibanaLimits: false, maxLineBytes: 8 * 1024 * 1024, keepProcessEvents: true };
    const files: ScanFile[] = [{ name: `${dir}/es.json`, blob: new Blob([capture]), host: HOST }];
    const pool = readers(2);
    try {
      const result = await runScan(files, { ...plan, scanId: (JSON.parse(cli.stdout.split('\n')[0]!) as Record<string, string>)['kibana.alert.rule.execution.uuid']! }, pool.readers, { partBytes: SMALL_PARTS });
      const strip = (ndjson: string) => ndjson.split('\n').filter(Boolean).map((line) => { const alert = JSON.parse(line) as Record<string, unknown>; return [alert['kibana.alert.rule.rule_id'], alert['kibana.alert.original_time'], alert['host'], alert['process'], alert['file']]; });
      expect(strip(ndjsonText(result.alertsNdjson))).toEqual(strip(cli.stdout));
      expect(result.alertCount).toBe(9);
      expect(result.files[0]?.source).toMatchObject({ name: 'eslogger', host: HOST });
      // Kept process events (the app's ancestry view) include mapped ones.
      expect(new TextDecoder().decode(result.processNdjson)).toContain('"executable":"/usr/bin/kcc"');
    } finally {
      pool.close();
    }
  });
});
