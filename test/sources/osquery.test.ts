/** osquery es_process_events / es_process_file_events results to Elastic Defend events: fields, parents, fidelity limits, accounting, seed rules. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EsloggerWriter } from '../../scripts/sample/eslogger-messages.ts';
import { osqueryResultsLog } from '../../scripts/sample/osquery-results.ts';
import { sourceLines } from '../../src/sources/describe.ts';
import { parseCmdline } from '../../src/sources/osquery/cmdline.ts';
import { createOsqueryMapper, OSQUERY_NOT_MAPPED } from '../../src/sources/osquery/map.ts';
import { recogniseSource, sourceStage } from '../../src/sources/registry.ts';
import type { EcsEvent, MapResult } from '../../src/sources/types.ts';
import { runLoupe, tempFiles } from '../cli/run-cli.ts';
import { utf8 } from '../ingest/helpers/build.ts';
import { scanBytes } from '../ingest/helpers/scan.ts';
import { HOST, seedActivities } from './activities.ts';

const CONTEXT = { path: 'osqueryd.results.log', host: 'fallback' };
const get = (event: EcsEvent | undefined, path: string): unknown => path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], event);
const eventsOf = (result: MapResult | undefined): readonly EcsEvent[] => {
  if (!result || !('events' in result)) throw new Error(`not mapped: ${JSON.stringify(result)}`);
  return result.events;
};

/** A day on one Mac, as eslogger messages and as the osquery rows for them. */
function capture() {
  const w = new EsloggerWriter();
  const shell = w.running(500, 300, { executable: '/bin/zsh', signingId: 'com.apple.zsh', platform: true }, 501, '2024-05-01T09:00:00Z');
  const child = w.fork(shell, 501, '2024-05-01T10:00:00Z');
  const tool = w.exec(child, { executable: '/private/tmp/tool', signingId: 'tool-5555', adhoc: true }, ['/private/tmp/tool', '-o', 'my file', 'say "hi"', ''], '2024-05-01T10:00:01Z', { cwd: '/Users/alice' });
  w.create(tool, '/private/tmp/loot.zip', '2024-05-01T10:00:02Z');
  w.writeTo(tool, '/private/tmp/loot.zip', '2024-05-01T10:00:03Z');
  w.writeTo(tool, '/private/tmp/loot.zip', '2024-05-01T10:00:04Z');
  w.rename(tool, '/private/tmp/loot.zip', '/Users/Shared/.x.zip', '2024-05-01T10:00:05Z');
  w.open(tool, '/Users/alice/.ssh/id_rsa', '2024-05-01T10:00:06Z');
  w.exit(tool, '2024-05-01T10:00:07Z', 3);
  return osqueryResultsLog(w.messages, 'mbp-dave.local');
}

describe('osquery results: es_process_events and es_process_file_events', () => {
  const lines = capture().trim().split('\n');
  const mapper = createOsqueryMapper(CONTEXT);
  const results = lines.map((line) => mapper.map(JSON.parse(line) as Record<string, unknown>));

  it('reads argv back from osquery\'s quoted cmdline', () => {
    expect(parseCmdline('/bin/ls -la "my dir" "say \\"hi\\"" "" ')).toEqual(['/bin/ls', '-la', 'my dir', 'say "hi"', '']);
    expect(parseCmdline('')).toEqual([]);
  });

  it('maps fork, exec and exit to Defend process events with parents, argv, code signature and exit code', () => {
    const [fork, exec] = [eventsOf(results[0])[0]!, eventsOf(results[1])[0]!];
    expect(get(fork, 'event')).toMatchObject({ action: 'fork', type: ['start'], dataset: 'endpoint.events.process' });
    expect(get(fork, 'process')).toMatchObject({ pid: 501, executable: '/bin/zsh', parent: { pid: 500 } });
    expect(get(exec, 'event')).toMatchObject({ action: 'exec', type: ['start'], sequence: 1001 });
    expect(get(exec, 'process')).toMatchObject({
      pid: 501,
      name: 'tool',
      args: ['/private/tmp/tool', '-o', 'my file', 'say "hi"', ''],
      args_count: 5,
      working_directory: '/Users/alice',
      code_signature: { exists: true, trusted: false, signing_id: 'tool-5555' },
      parent: { pid: 500, executable: '/bin/zsh', name: 'zsh' },
    });
    expect(get(exec, 'process.Ext.ancestry')).toEqual([get(fork, 'process.parent.entity_id')]);
    expect(get(exec, '@timestamp')).toBe('2024-05-01T10:00:01.000Z');
    expect(get(exec, 'host')).toMatchObject({ name: 'mbp-dave.local', id: 'mbp-dave.local' });
    expect(get(exec, 'user.id')).toBe('501');
    const exit = eventsOf(results.at(-1))[0]!;
    expect(get(exit, 'event')).toMatchObject({ action: 'end', type: ['end'] });
    expect(get(exit, 'process')).toMatchObject({ pid: 501, exit_code: 3, executable: '/private/tmp/tool', entity_id: get(exec, 'process.entity_id') });
  });

  it('maps creation, one modification per process and file, and rename; osquery records no opens', () => {
    expect(results).toHaveLength(7);
    expect(get(eventsOf(results[2])[0], 'event')).toMatchObject({ action: 'creation', dataset: 'endpoint.events.file' });
    expect(get(eventsOf(results[2])[0], 'file.path')).toBe('/private/tmp/loot.zip');
    expect(get(eventsOf(results[3])[0], 'event.action')).toBe('modification');
    expect(eventsOf(results[4])).toEqual([]);
    const renamed = eventsOf(results[5])[0];
    expect([get(renamed, 'event.action'), get(renamed, 'file.path'), get(renamed, 'file.Ext.original.path'), get(renamed, 'process.name')]).toEqual(['rename', '/Users/Shared/.x.zip', '/private/tmp/loot.zip', 'tool']);
  });

  it('reads snapshot records, counts removed rows and rows of other queries, and takes the host from hostIdentifier', () => {
    const row = JSON.parse(lines[1]!) as { columns: Record<string, string> };
    const m = createOsqueryMapper(CONTEXT);
    const snapshot = m.map({ name: 'es', hostIdentifier: 'mbp-erin', unixTime: 1714557600, snapshot: [row.columns, { ...row.columns, pid: '777', global_seq_num: '5' }], action: 'snapshot' });
    expect(eventsOf(snapshot).map((event) => [get(event, 'process.pid'), get(event, 'host.name')])).toEqual([[501, 'mbp-erin'], [777, 'mbp-erin']]);
    expect(m.map({ name: 'es', hostIdentifier: 'h', columns: row.columns, action: 'removed' })).toMatchObject({ notMapped: OSQUERY_NOT_MAPPED.removed });
    expect(m.map({ name: 'uptime', hostIdentifier: 'h', columns: { days: '1' }, action: 'added' })).toMatchObject({ notMapped: OSQUERY_NOT_MAPPED.otherQuery });
    expect(m.map({ name: 'es', hostIdentifier: 'h', columns: { ...row.columns, pid: 'x' }, action: 'added' })).toMatchObject({ notMapped: OSQUERY_NOT_MAPPED.unreadableRow });
  });

  it('is recognised by content and accounts for every line', async () => {
    const text = `${capture()}{"name":"uptime","hostIdentifier":"h","columns":{"days":"1"},"action":"added"}\nnot json\n`;
    expect(recogniseSource(utf8(text))?.name).toBe('osquery');
    const { files, events } = await scanBytes('osqueryd.results.log', utf8(text), { sources: sourceStage });
    const file = files[0]!;
    expect(file.source).toMatchObject({ name: 'osquery', records: 8, events: 6 });
    expect(events).toHaveLength(6);
    expect(file.lines).toBe(9);
    expect(sourceLines(files)).toEqual(['osqueryd.results.log: osquery, host named by each record (else osqueryd): 8 results → 6 events; 1 not mapped: rows of other queries (1)']);
  });
});

describe('seed rules on osquery rows and on Elastic Defend events of the same activity', () => {
  it('raise the same process alerts, except: the file-open rule cannot fire (no opens), and an exclusion on the responsible process cannot apply (no responsible process)', async () => {
    const activity = seedActivities('2024-05-07');
    const dir = tempFiles({});
    const osqueryPath = join(dir, 'osqueryd.results.log');
    const defendPath = join(dir, 'defend.ndjson');
    writeFileSync(osqueryPath, osqueryResultsLog(activity.es.messages, HOST));
    writeFileSync(defendPath, activity.defend.map((event) => `${JSON.stringify(event)}\n`).join(''));
    const alerts = async (path: string) => {
      const run = await runLoupe('scan', '--pack', 'seed', path, '--now', '2024-05-08T00:00:00Z');
      expect(run.code).toBe(0);
      return run.stdout.split('\n').filter(Boolean).map((line) => {
        const alert = JSON.parse(line) as Record<string, unknown>;
        return JSON.stringify([alert['kibana.alert.rule.rule_id'], alert['kibana.alert.original_time'], get(alert, 'host.name'), get(alert, 'event.action'), get(alert, 'process.executable'), get(alert, 'process.args'), get(alert, 'process.parent.executable')]);
      }).sort();
    };
    const fromDefend = await alerts(defendPath);
    const fromOsquery = await alerts(osqueryPath);
    const opensRule = fromDefend.filter((gist) => gist.includes('"open"'));
    expect(opensRule.length).toBeGreaterThan(0);
    const missing = fromDefend.filter((gist) => !fromOsquery.includes(gist));
    const extra = fromOsquery.filter((gist) => !fromDefend.includes(gist));
    expect(missing).toEqual(opensRule);
    // The SystemKey rule excludes reads whose effective parent is Elastic's agent; osquery rows cannot say so.
    expect(extra).toHaveLength(1);
    expect(JSON.parse(extra[0]!)).toEqual(['d75991f2-b989-419d-b797-ac1e54ec2d61', '2024-05-07T09:00:26.000Z', HOST, 'exec', '/bin/cat', ['cat', '/var/db/SystemKey'], '/bin/zsh']);
  });
});
