import { describe, expect, it } from 'vitest';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { BASE, exportedRule, exportedRules, iso, minutes, scan } from './helpers.ts';

// Executions are epoch-anchored: with interval 5m, runs at BASE + 0, 5, 10, ... minutes, each
// searching [run - 10m, run].
function thresholdRule(threshold: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return exportedRules([
    exportedRule({ type: 'threshold', query: 'event.category:authentication and event.outcome:failure', threshold, from: 'now-10m', interval: '5m', ...extra }),
  ]);
}

function failure(minute: number, user: string | string[] | undefined, ip = '10.0.0.1'): EventDoc {
  return {
    '@timestamp': iso(BASE + minutes(minute)),
    event: { category: 'authentication', outcome: 'failure' },
    source: { ip },
    ...(user === undefined ? {} : { user: { name: user } }),
    data_stream: { dataset: 'system.auth', namespace: 'default' },
  };
}

interface Expected {
  terms: { field: string; value: unknown }[];
  count: number;
  from: number;
  last: number;
  cardinality?: number;
}

const byUser = { field: ['user.name'], value: 3 };

const rows: [string, Record<string, unknown>, EventDoc[], Expected[]][] = [
  ['three failures in one window: one alert', byUser, [failure(1, 'alice'), failure(2, 'alice'), failure(3, 'alice')], [{ terms: [{ field: 'user.name', value: 'alice' }], count: 3, from: 1, last: 3 }]],
  ['two failures: below the threshold', byUser, [failure(1, 'alice'), failure(2, 'alice')], []],
  [
    'the next runs see the same events but the signal history excludes them',
    byUser,
    [failure(1, 'alice'), failure(2, 'alice'), failure(3, 'alice'), failure(6, 'alice')],
    [{ terms: [{ field: 'user.name', value: 'alice' }], count: 3, from: 1, last: 3 }],
  ],
  [
    'three more after the alerted ones: a second alert counting only the new events',
    byUser,
    [1, 2, 3, 6, 7, 8].map((minute) => failure(minute, 'alice')),
    [
      { terms: [{ field: 'user.name', value: 'alice' }], count: 3, from: 1, last: 3 },
      { terms: [{ field: 'user.name', value: 'alice' }], count: 3, from: 6, last: 8 },
    ],
  ],
  ['three failures never inside one 10-minute window: no alert (a global count would alert)', byUser, [4, 6, 14].map((minute) => failure(minute, 'alice')), []],
  [
    'grouped by user: only the user over the threshold',
    byUser,
    [failure(1, 'alice'), failure(1, 'bob'), failure(2, 'alice'), failure(2, 'bob'), failure(3, 'alice')],
    [{ terms: [{ field: 'user.name', value: 'alice' }], count: 3, from: 1, last: 3 }],
  ],
  ['events without the group-by field are in no bucket', byUser, [failure(1, 'alice'), failure(2, undefined), failure(3, undefined)], []],
  [
    'an array value puts the event in one bucket per value',
    byUser,
    [1, 2, 3].map((minute) => failure(minute, ['alice', 'bob'])),
    [
      { terms: [{ field: 'user.name', value: 'alice' }], count: 3, from: 1, last: 3 },
      { terms: [{ field: 'user.name', value: 'bob' }], count: 3, from: 1, last: 3 },
    ],
  ],
  ['no group-by fields: one bucket of every matching event', { field: [], value: 3 }, [failure(1, 'alice'), failure(2, 'bob'), failure(3, undefined)], [{ terms: [], count: 3, from: 1, last: 3 }]],
  ['a legacy string field means one group-by field', { field: 'user.name', value: 2 }, [failure(1, 'alice'), failure(2, 'alice')], [{ terms: [{ field: 'user.name', value: 'alice' }], count: 2, from: 1, last: 2 }]],
  ['cardinality: three failures from one source address are not enough', { ...byUser, cardinality: [{ field: 'source.ip', value: 2 }] }, [1, 2, 3].map((minute) => failure(minute, 'alice')), []],
  [
    'cardinality: from two addresses',
    { ...byUser, cardinality: [{ field: 'source.ip', value: 2 }] },
    [failure(1, 'alice', '10.0.0.1'), failure(2, 'alice', '10.0.0.2'), failure(3, 'alice', '10.0.0.1')],
    [{ terms: [{ field: 'user.name', value: 'alice' }], count: 3, from: 1, last: 3, cardinality: 2 }],
  ],
];

describe('threshold rules replayed on their schedule', () => {
  it.each(rows)('%s', async (_name, threshold, events, expected) => {
    const result = await scan(thresholdRule(threshold), events);
    // Alerts at the same original time are ordered by uuid (a hash): compare as sets.
    const sorted = (items: unknown[]) => items.map((item) => JSON.stringify(item)).sort();
    const actual = result.alerts.map((alert) => [alert['kibana.alert.threshold_result'], alert['kibana.alert.original_time']]);
    const wanted = expected.map(({ terms, count, from, last, cardinality }) => [
      {
        ...(cardinality !== undefined ? { cardinality: [{ field: 'source.ip', value: cardinality }] } : {}),
        count,
        from: iso(BASE + minutes(from)),
        terms,
      },
      iso(BASE + minutes(last)),
    ]);
    expect(sorted(actual)).toEqual(sorted(wanted));
  });

  it('the same buckets in any arrival order', async () => {
    const events = [1, 2, 3, 6, 7, 8, 30, 31].map((minute) => failure(minute, minute % 2 ? 'alice' : ['alice', 'bob']));
    const forward = await scan(thresholdRule(byUser), events);
    const backward = await scan(thresholdRule(byUser), [...events].reverse());
    expect(JSON.stringify(backward.alerts.map(({ loupe: _loupe, ...alert }) => alert))).toBe(JSON.stringify(forward.alerts.map(({ loupe: _loupe, ...alert }) => alert)));
    expect(forward.alerts.length).toBeGreaterThan(0);
  });

  it('max_signals: buckets in key order, the rest marked and kept out of the signal history', async () => {
    const events = ['carol', 'alice', 'bob'].flatMap((user) => [1, 2].map((minute) => failure(minute, user)));
    const rules = thresholdRule({ field: ['user.name'], value: 2 }, { max_signals: 2 });
    const result = await scan(rules, events);
    const users = (alerts: Record<string, unknown>[]) => alerts.map((alert) => [alert['user.name'], (alert['loupe'] as { kibana_limit_exceeded?: boolean } | undefined)?.kibana_limit_exceeded ?? false]);
    // Run at :05 writes alice and bob (key order) and drops carol; run at :10 (window from :00) still
    // sees carol's events, which are not in the history, and writes her.
    expect(users(result.alerts).sort()).toEqual([
      ['alice', false],
      ['bob', false],
      ['carol', false],
      ['carol', true],
    ]);
    expect(result.stats.rules[0]).toMatchObject({ alertsOverLimit: 1, alerts: 4 });
    const limited = await scan(rules, events, { kibanaLimits: true });
    expect(users(limited.alerts).sort()).toEqual([
      ['alice', false],
      ['bob', false],
      ['carol', false],
    ]);
  });
});
