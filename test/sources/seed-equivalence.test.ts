/**
 * The five seed rules raise the same alerts on an eslogger capture of an activity as on the
 * Elastic Defend events of the same activity (both written by code in activities.ts): same rule,
 * same event time, same process, arguments, parent and file. Entity ids, provenance and fields
 * Defend has that eslogger cannot give are not compared.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoupe, tempFiles } from '../cli/run-cli.ts';
import { HOST, seedActivities } from './activities.ts';

const NOW = '2024-05-08T00:00:00Z';

type Alert = Record<string, unknown>;

function field(alert: Alert, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], alert);
}

/** What an alert says about the activity, without provenance. */
function gist(alert: Alert): string {
  return JSON.stringify([
    alert['kibana.alert.rule.rule_id'],
    alert['kibana.alert.original_time'],
    field(alert, 'host.name'),
    field(alert, 'event.action'),
    field(alert, 'process.executable'),
    field(alert, 'process.args'),
    field(alert, 'process.parent.executable'),
    field(alert, 'file.path'),
  ]);
}

async function alertsOf(path: string, ...options: string[]): Promise<{ gists: string[]; err: string[] }> {
  const run = await runLoupe('scan', '--pack', 'seed', path, '--now', NOW, ...options);
  expect(run.code).toBe(0);
  const alerts = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Alert);
  return { gists: alerts.map(gist).sort(), err: run.err };
}

describe('seed rules on eslogger and on Elastic Defend events of the same activity', () => {
  for (const version of [8, 10]) {
    it(`raise the same alerts (eslogger message version ${version})`, async () => {
      const activity = seedActivities('2024-05-07', version);
      const dir = tempFiles({});
      const esPath = join(dir, 'capture.json');
      const defendPath = join(dir, 'defend.ndjson');
      writeFileSync(esPath, activity.es.lines());
      writeFileSync(defendPath, activity.defend.map((event) => `${JSON.stringify(event)}\n`).join(''));

      const fromDefend = await alertsOf(defendPath);
      const fromEslogger = await alertsOf(esPath, '--host', HOST);
      const rules = new Set(fromDefend.gists.map((gist) => (JSON.parse(gist) as string[])[0]));
      // Every seed rule fires on this activity, several more than once.
      expect(rules.size).toBe(5);
      expect(fromDefend.gists.length).toBeGreaterThanOrEqual(8);
      expect(fromEslogger.gists).toEqual(fromDefend.gists);
      expect(fromEslogger.err.join('\n')).toMatch(/capture\.json: eslogger, host mbp-test: \d+ messages → \d+ events; \d+ not mapped: /);
    });
  }
});
