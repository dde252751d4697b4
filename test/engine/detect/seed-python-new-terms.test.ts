import { describe, expect, it } from 'vitest';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { SnapshotStore } from '../../../src/engine/state/snapshot-store.ts';
import { BASE, days, ENDPOINT_FILE, iso, minutes, scan, SEED, seedRule, withFields } from './helpers.ts';

// new_terms on [host.id, file.path], history now-7d; query:
//   event.category:file and host.os.type:macos and event.action:open and process.name:python*
// index: logs-endpoint.events.file-*
const rule = seedRule(SEED.pythonCredentials);
const WEEK = days(7);

function open(host: string | undefined, path: string | string[], time: number, changes: Record<string, unknown> = {}): EventDoc {
  const event: EventDoc = {
    '@timestamp': iso(time),
    event: { category: ['file'], action: 'open', type: ['access'] },
    host: { os: { type: 'macos' }, ...(host === undefined ? {} : { id: host }) },
    process: { name: 'python3.11', pid: 4242 },
    file: { path },
    data_stream: ENDPOINT_FILE,
  };
  return withFields(event, changes);
}

/** The alerts as [host, path, time] in output order. */
function verdicts(alerts: readonly Record<string, unknown>[]): [unknown, unknown, string][] {
  return alerts.map((alert) => {
    const [host, path] = alert['kibana.alert.new_terms'] as unknown[];
    return [host, path, alert['kibana.alert.original_time'] as string];
  });
}

const SSH = '/Users/alice/.ssh/id_rsa';
const AWS = '/Users/alice/.aws/credentials';

const rows: [string, EventDoc[], [string, string, number][]][] = [
  ['first sighting alerts', [open('h1', SSH, BASE)], [['h1', SSH, BASE]]],
  ['seen again within 7 days: no alert', [open('h1', SSH, BASE), open('h1', SSH, BASE + days(3))], [['h1', SSH, BASE]]],
  ['seen again exactly 7 days later: still inside the history window', [open('h1', SSH, BASE), open('h1', SSH, BASE + WEEK)], [['h1', SSH, BASE]]],
  [
    '7 days and 1 ms later: new again',
    [open('h1', SSH, BASE), open('h1', SSH, BASE + WEEK + 1)],
    [
      ['h1', SSH, BASE],
      ['h1', SSH, BASE + WEEK + 1],
    ],
  ],
  [
    'each sighting within 7 days of the previous keeps the term known (not just 7 days from the first)',
    [0, 6, 12, 18].map((day) => open('h1', SSH, BASE + days(day))),
    [['h1', SSH, BASE]],
  ],
  [
    'per host: the same file on another host is new',
    [open('h1', SSH, BASE), open('h2', SSH, BASE + days(1))],
    [
      ['h1', SSH, BASE],
      ['h2', SSH, BASE + days(1)],
    ],
  ],
  [
    'per path: another credential file on the same host is new',
    [open('h1', SSH, BASE), open('h1', AWS, BASE + days(1))],
    [
      ['h1', SSH, BASE],
      ['h1', AWS, BASE + days(1)],
    ],
  ],
  [
    'multi-valued file.path: one alert per new value, then each value is known',
    [open('h1', [SSH, AWS], BASE), open('h1', AWS, BASE + days(2))],
    [
      ['h1', AWS, BASE],
      ['h1', SSH, BASE],
    ],
  ],
  ['an event without host.id never alerts and is no history', [open(undefined, SSH, BASE), open('h1', SSH, BASE + days(1))], [['h1', SSH, BASE + days(1)]]],
  [
    'events the query rejects are no history (process.name wildcards are case-sensitive on keyword)',
    [open('h1', SSH, BASE, { 'process.name': 'Python3' }), open('h1', SSH, BASE + days(1))],
    [['h1', SSH, BASE + days(1)]],
  ],
  ['event.action must be open', [open('h1', SSH, BASE, { 'event.action': 'opened' })], []],
  ['host.os.type must be macos', [open('h1', SSH, BASE, { 'host.os.type': 'linux' })], []],
  [
    'events of another index are no history',
    [open('h1', SSH, BASE, { 'data_stream.dataset': 'endpoint.events.process' }), open('h1', SSH, BASE + days(1))],
    [['h1', SSH, BASE + days(1)]],
  ],
  ['two events at the same time: one alert', [open('h1', SSH, BASE, { 'process.pid': 1 }), open('h1', SSH, BASE, { 'process.pid': 2 })], [['h1', SSH, BASE]]],
  [
    'dotted keys and event.category as a string',
    [{ '@timestamp': iso(BASE), 'event.category': 'file', 'event.action': 'open', 'host.os.type': 'macos', 'host.id': 'h1', 'process.name': 'python', 'file.path': SSH, data_stream: ENDPOINT_FILE }],
    [['h1', SSH, BASE]],
  ],
];

describe('seed rule: First Time Python Accessed Sensitive Credential Files (new_terms)', () => {
  it.each(rows)('%s', async (_name, events, expected) => {
    const result = await scan([rule], events);
    // Alerts at the same time are ordered by uuid (a hash): compare as sets here, order is tested below.
    const sorted = (list: unknown[][]) => list.map((item) => JSON.stringify(item)).sort();
    expect(sorted(verdicts(result.alerts))).toEqual(sorted(expected.map(([host, path, time]) => [host, path, iso(time)])));
  });

  it('alerts on the earliest event carrying the term whatever the arrival order', async () => {
    const events = [open('h1', SSH, BASE + days(2)), open('h1', SSH, BASE + minutes(1)), open('h1', SSH, BASE + days(1))];
    const result = await scan([rule], events);
    expect(verdicts(result.alerts)).toEqual([['h1', SSH, iso(BASE + minutes(1))]]);
    expect(result.alerts[0]!['loupe']).toEqual({ source: { file: 'events.ndjson', line: 2 } });
  });

  describe('across two scans sharing one store', () => {
    it('judges the second scan against the first scan\'s history', async () => {
      const store = new SnapshotStore();
      const first = await scan([rule], [open('h1', SSH, BASE)], { store, scanId: 'scan-a' });
      expect(verdicts(first.alerts)).toEqual([['h1', SSH, iso(BASE)]]);
      const second = await scan([rule], [open('h1', SSH, BASE + days(3)), open('h1', SSH, BASE + days(11)), open('h2', SSH, BASE + days(3))], { store, scanId: 'scan-b' });
      expect(verdicts(second.alerts)).toEqual([
        ['h2', SSH, iso(BASE + days(3))],
        ['h1', SSH, iso(BASE + days(11))],
      ]);
    });

    it('an event older than everything stored is new; one just after it is not', async () => {
      const store = new SnapshotStore();
      await scan([rule], [open('h1', SSH, BASE + days(5))], { store, scanId: 'scan-a' });
      const second = await scan([rule], [open('h1', SSH, BASE)], { store, scanId: 'scan-b' });
      expect(verdicts(second.alerts)).toEqual([['h1', SSH, iso(BASE)]]);
      const third = await scan([rule], [open('h1', SSH, BASE + days(6))], { store, scanId: 'scan-c' });
      expect(third.alerts).toEqual([]);
    });

    it('stores the sightings as runs under the rule id, atomically per scan', async () => {
      const store = new SnapshotStore();
      await scan([rule], [open('h1', SSH, BASE), open('h1', SSH, BASE + days(1)), open(undefined, AWS, BASE)], { store, scanId: 'scan-a' });
      const exported = await store.export();
      expect(exported.rules[SEED.pythonCredentials]).toEqual({
        fields: ['host.id', 'file.path'],
        window: WEEK,
        terms: { [JSON.stringify(['h1', SSH])]: [[BASE, BASE + days(1)]] },
      });
      expect(Object.keys(exported.scans)).toEqual(['scan-a']);
    });

    it('re-scanning the same input gives the same alerts (committed sightings are a union)', async () => {
      const store = new SnapshotStore();
      const events = [open('h1', SSH, BASE), open('h1', AWS, BASE + days(9))];
      const first = await scan([rule], events, { store, scanId: 'scan-a' });
      const again = await scan([rule], events, { store, scanId: 'scan-b' });
      expect(again.alerts).toEqual(first.alerts);
      expect(first.alerts).toHaveLength(2);
    });

    it('ignores history stored for other fields, says so as a state error (as a failed save), and does not overwrite it', async () => {
      const store = new SnapshotStore();
      await store.commit({ scanId: 'old', rules: [{ ruleId: SEED.pythonCredentials, fields: ['host.id'], window: WEEK, terms: new Map([[JSON.stringify(['h1']), [[BASE, BASE]]]]) }] });
      const result = await scan([rule], [open('h1', SSH, BASE + days(1))], { store, scanId: 'scan-a' });
      expect(result.alerts).toHaveLength(1);
      expect(result.stats.rules[0]!.messages.join('\n')).toMatch(/stored new-terms history is for fields \[host\.id\]/);
      expect(result.stateError).toMatch(new RegExp(`^new-terms state was not saved for rule "${SEED.pythonCredentials}": stored new-terms history is for fields \\[host\\.id\\], not \\[host\\.id, file\\.path\\].*loupe state reset RULE_ID --state FILE`));
      expect((await store.export()).scans).not.toHaveProperty('scan-a');
    });
  });
});
