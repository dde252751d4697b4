import { describe, expect, it } from 'vitest';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { BASE, exportedRule, exportedRules, iso, minutes, scan } from './helpers.ts';

// Runs are epoch-anchored every 5 minutes; with from now-9m a run at :10 searches [:01, :10].
function hit(minute: number, id: number): EventDoc {
  return { '@timestamp': iso(BASE + minutes(minute)), event: { category: 'process', type: 'start' }, process: { pid: id }, data_stream: { dataset: 'test' } };
}

const queryRule = (fields: Record<string, unknown> = {}) => exportedRules([exportedRule({ query: 'event.category:process', max_signals: 2, ...fields })]);
const eqlRule = (fields: Record<string, unknown> = {}) =>
  exportedRules([exportedRule({ type: 'eql', language: 'eql', query: 'process where event.type == "start"', max_signals: 2, ...fields })]);

const limited = (alerts: readonly Record<string, unknown>[]) =>
  alerts.map((alert) => [(alert['process.pid'] as number | undefined) ?? (alert['process'] as { pid: number }).pid, (alert['loupe'] as Record<string, unknown>)['kibana_limit_exceeded'] === true]);

type Row = [string, () => ReturnType<typeof queryRule>, number[], number[]];

const rows: Row[] = [
  // :06..:10 all fall in the :10 run (writes 2) and :15 run ([:06, :15], writes the next 2); :10 is
  // also in the :15 run but the limit is reached; the :20 run starts at :11.
  ['query: pages past existing alerts, one event left over', queryRule, [6, 7, 8, 9, 10], [10]],
  // The :05 run writes :01 and :02; the :10 run ([:01, :10]) still holds :03 and writes it.
  ['query: an overlapping later run picks up what an earlier one dropped', queryRule, [1, 2, 3], []],
  ['query: under the limit nothing is marked', queryRule, [1, 7], []],
  // EQL asks for size = max_signals: the :15 run gets :06 and :07 again, already written.
  ['eql: size counts results already written by an earlier run', eqlRule, [6, 7, 8, 9, 10], [8, 9, 10]],
  ['eql: separate windows each write their own', eqlRule, [1, 2, 11, 12], []],
];

describe('max_signals replayed per execution', () => {
  it.each(rows)('%s', async (_name, rule, minutesOfEvents, dropped) => {
    const events = minutesOfEvents.map((minute, i) => hit(minute, i + 1));
    const droppedPids = dropped.map((minute) => minutesOfEvents.indexOf(minute) + 1);
    const all = await scan(rule(), events);
    expect(all.alerts).toHaveLength(events.length);
    const marked = limited(all.alerts).filter(([, over]) => over).map(([pid]) => pid);
    expect(marked).toEqual(droppedPids);
    expect(all.stats.rules[0]!.alertsOverLimit).toBe(dropped.length);

    const kibana = await scan(rule(), events, { kibanaLimits: true });
    expect(kibana.alerts).toHaveLength(events.length - dropped.length);
    expect(limited(kibana.alerts).some(([, over]) => over)).toBe(false);
  });

  it('max_signals above Kibana\'s alerting limit is reduced to 1000, with a message', async () => {
    const result = await scan(queryRule({ max_signals: 5000 }), [hit(1, 1)]);
    expect(result.stats.rules[0]!.messages.join('\n')).toMatch(/above Kibana's alerting limit; each execution writes at most 1000/);
  });

  it('a look-back shorter than the interval leaves gaps Kibana never searches', async () => {
    // from now-1m, interval 5m: the :05 run searches [:04, :05]; :02 is in no window.
    const rule = queryRule({ from: 'now-1m', max_signals: 100 });
    const events = [hit(2, 1), hit(4, 2)];
    const all = await scan(rule, events);
    expect(all.alerts.map((alert) => [(alert['process'] as { pid: number }).pid, alert['loupe']])).toEqual([
      [1, { source: { file: 'events.ndjson', line: 1 }, kibana_schedule_gap: true }],
      [2, { source: { file: 'events.ndjson', line: 2 } }],
    ]);
    expect(all.stats.rules[0]).toMatchObject({ alertsInScheduleGaps: 1, alertsOverLimit: 0 });
    expect(all.stats.rules[0]!.messages.join('\n')).toMatch(/looks back less than the interval/);
    expect((await scan(rule, events, { kibanaLimits: true })).alerts).toHaveLength(1);
  });
});
