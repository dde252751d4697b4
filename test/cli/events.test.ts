/** `loupe events`: the derived ECS events, NDJSON or _bulk; scanning them gives the alerts scanning the evidence gives. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanIdOf } from '../../src/engine/scan/scan-id.ts';
import { seedActivities } from '../sources/activities.ts';
import { runLoupe, tempFiles } from './run-cli.ts';
import { dumpKeychainEvent, kccEvent } from './scan-fixtures.ts';

const NOW = '2024-05-08T00:00:00Z';

/** Alerts without what names where the event was read (the source file and line). */
function alertsOf(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const alert = JSON.parse(line) as Record<string, unknown>;
      delete alert['loupe'];
      return JSON.stringify(alert);
    })
    .sort();
}

function evidence(): string {
  const dir = tempFiles({
    'ecs/defend.ndjson': [kccEvent('2024-05-07T10:00:00Z'), dumpKeychainEvent('2024-05-07T10:01:00Z')].map((event) => JSON.stringify(event)).join('\n'),
    'ecs/export.ndjson': `${JSON.stringify({ _index: '.ds-logs-endpoint.events.process-default-2024.05.07-000001', _id: 'abc', _source: kccEvent('2024-05-07T11:00:00Z') })}\n`,
  });
  writeFileSync(join(dir, 'mbp-test.json'), seedActivities('2024-05-07').es.lines());
  return dir;
}

describe('loupe events', () => {
  it('round trip: scanning its NDJSON gives the alerts scanning the raw evidence gives', async () => {
    const dir = evidence();
    const raw = await runLoupe('scan', '--pack', 'seed', dir, '--now', NOW, '--host', 'mbp-test');
    expect(raw.code).toBe(0);
    const out = join(tempFiles({}), `${dir.split('/').at(-1)}-events.ndjson`);
    const events = await runLoupe('events', dir, '--host', 'mbp-test', '--out', out);
    expect(events.code).toBe(0);
    const mapped = /mbp-test\.json: eslogger, host mbp-test: \d+ messages → (\d+) events; \d+ not mapped/.exec(events.err.join('\n'));
    expect(mapped).not.toBeNull();
    // Three ECS events passed through, plus the mapped ones.
    expect(events.err[0]).toBe(`wrote ${3 + Number(mapped![1])} events from 3 files`);
    const again = await runLoupe('scan', '--pack', 'seed', out, '--now', NOW);
    expect(again.code).toBe(0);
    const before = alertsOf(raw.stdout);
    expect(before.length).toBeGreaterThanOrEqual(10);
    // The exported `_id` is lost in plain NDJSON (it is not event content): compare alerts of events read without one.
    const withoutExport = (alerts: string[]) => alerts.filter((alert) => !alert.includes('"2024-05-07T11:00:00.000Z"'));
    expect(withoutExport(alertsOf(again.stdout))).toEqual(withoutExport(before));
    expect(alertsOf(again.stdout).length).toBe(before.length);
  });

  it('--bulk writes create actions into each event\'s data stream, keeping an export\'s _index and _id', async () => {
    const dir = evidence();
    const run = await runLoupe('events', dir, '--bulk', '--host', 'mbp-test');
    expect(run.code).toBe(0);
    expect(run.out.length % 2).toBe(0);
    const actions = run.out.filter((_, i) => i % 2 === 0).map((line) => JSON.parse(line) as { create: { _index: string; _id?: string } });
    const docs = run.out.filter((_, i) => i % 2 === 1).map((line) => JSON.parse(line) as { data_stream?: { dataset: string } });
    expect(actions[0]).toEqual({ create: { _index: 'logs-endpoint.events.process-default' } });
    expect(actions.find((action) => action.create._id === 'abc')).toEqual({ create: { _index: '.ds-logs-endpoint.events.process-default-2024.05.07-000001', _id: 'abc' } });
    actions.forEach((action, i) => {
      const dataset = docs[i]?.data_stream?.dataset;
      if (action.create._id === undefined) expect(action.create._index).toBe(`logs-${dataset}-default`);
    });
    expect(new Set(actions.map((action) => action.create._index))).toEqual(new Set(['logs-endpoint.events.process-default', 'logs-endpoint.events.file-default', '.ds-logs-endpoint.events.process-default-2024.05.07-000001']));
  });

  it('names the eslogger host from the input when --host is not given, and says so', async () => {
    const dir = evidence();
    const run = await runLoupe('events', join(dir, 'mbp-test.json'), '--out', join(dir, 'out.ndjson'));
    expect(run.code).toBe(0);
    expect(run.err.join('\n')).toMatch(/eslogger, host mbp-test:/);
    const first = JSON.parse(readFileSync(join(dir, 'out.ndjson'), 'utf8').split('\n')[0]!) as { host: { name: string }; log: { file: { path: string } } };
    expect(first.host.name).toBe('mbp-test');
    expect(first.log.file.path).toBe(join(dir, 'mbp-test.json'));
  });
});

describe('scan id and --host', () => {
  it('a host name given for raw evidence is part of the scan id (it changes the mapped events); none keeps the old id', () => {
    const inputs = [{ name: '/cases/es.json', size: 10, mtimeMs: 1 }];
    const id = (host?: string) => scanIdOf(inputs, ['rule'], { ignoreIndex: false, maxLineBytes: 8, maxRatio: 500, ...(host !== undefined ? { host } : {}) });
    expect(id('a')).not.toBe(id('b'));
    expect(id('a')).toBe(id('a'));
    expect(id()).not.toBe(id('a'));
    expect(id()).toBe(scanIdOf(inputs, ['rule'], { ignoreIndex: false, maxLineBytes: 8, maxRatio: 500 }));
  });

  it('writes an event nested 100,000 levels deep, as read', async () => {
    const deep = `${'['.repeat(100_000)}"leaf"${']'.repeat(100_000)}`;
    const line = `{"@timestamp":"2024-05-07T10:00:00Z","deep":${deep}}`;
    const dir = tempFiles({ 'e.ndjson': `${line}\n` });
    const plain = await runLoupe('events', join(dir, 'e.ndjson'));
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(`${line}\n`);
    const bulk = await runLoupe('events', join(dir, 'e.ndjson'), '--bulk');
    expect(bulk.stdout.split('\n')[1]).toBe(line);
  });
});
