import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/engine/detect/index.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { BASE, DEFAULT_NOW, ENDPOINT_PROCESS, exportedRule, exportedRules, iso, minutes, scan, scanSources, SEED, SEED_RULES, seedRule } from './helpers.ts';

const kcc = (minute: number, extra: Record<string, unknown> = {}): EventDoc => ({
  '@timestamp': iso(BASE + minutes(minute)),
  event: { category: 'process', type: 'start' },
  process: { name: 'kcc', args: ['copy_cred_cache'] },
  data_stream: ENDPOINT_PROCESS,
  ...extra,
});

describe('createDetector', () => {
  it('rules that cannot run report why and never break the run', async () => {
    const entries = [
      ...exportedRules([
        exportedRule({ rule_id: 'broken', query: 'process.name:(kcc' }),
        exportedRule({ rule_id: 'ml', type: 'machine_learning', query: undefined, language: undefined, anomaly_threshold: 50, machine_learning_job_id: 'x' }),
        exportedRule({ rule_id: 'esql', type: 'esql', language: 'esql', query: 'FROM logs-* | LIMIT 1' }),
      ]),
      seedRule(SEED.kerberos),
    ];
    const detector = createDetector(entries, { scanId: 's', now: DEFAULT_NOW });
    expect(detector.rules.map(({ ruleId, status }) => [ruleId, status])).toEqual([
      ['broken', 'error'],
      ['ml', 'unsupported'],
      ['esql', 'unsupported'],
      [SEED.kerberos, 'ok'],
    ]);
    expect(detector.rules[0]!.messages[0]).toMatch(/^test-export\.ndjson:1:\d+: /);
    detector.push(kcc(1), { file: 'e.ndjson', line: 1 });
    const result = await detector.finish();
    expect(result.alerts).toHaveLength(1);
    expect(result.stats.rules.map((rule) => [rule.status, rule.eventsSeen, rule.alerts])).toEqual([
      ['error', 0, 0],
      ['unsupported', 0, 0],
      ['unsupported', 0, 0],
      ['ok', 1, 1],
    ]);
  });

  it('counts alerts so far for rules that decide per event, and names the rules that decide at the end', async () => {
    const sequence = exportedRule({ rule_id: 'seq', type: 'eql', language: 'eql', query: 'sequence [process where process.name == "kcc"] [process where process.name == "kcc"]' });
    const piped = exportedRule({ rule_id: 'head', type: 'eql', language: 'eql', query: 'process where process.name == "kcc" | head 1' });
    const detector = createDetector([...SEED_RULES, ...exportedRules([sequence, piped])], { scanId: 's', now: DEFAULT_NOW, batchSize: 1 });
    // Of the seed pack only the new_terms rule waits for the end; so do the sequence and the piped EQL query.
    expect(detector.alertsSoFar()).toEqual({ alerts: 0, rulesDecidedAtEnd: 3 });
    detector.push(kcc(1), { file: 'e.ndjson', line: 1 });
    expect(detector.alertsSoFar().alerts).toBe(1);
    detector.push(kcc(1), { file: 'e.ndjson', line: 2 });
    expect(detector.alertsSoFar().alerts).toBe(1);
    detector.push(kcc(2), { file: 'e.ndjson', line: 3 });
    const soFar = detector.alertsSoFar();
    const result = await detector.finish();
    const perEventRules = new Set<string>([SEED.kerberos, SEED.systemKey, SEED.keychainAccess, SEED.keychainDump]);
    const perEventAlerts = result.stats.rules.filter((rule) => perEventRules.has(rule.ruleId)).reduce((sum, rule) => sum + rule.alerts, 0);
    expect(soFar.alerts).toBe(perEventAlerts);
    // The sequence's alerts arrive at finish: one shell plus a building block per event.
    expect(result.stats.rules.find((rule) => rule.ruleId === 'seq')!.alerts).toBe(3);
  });

  it('copies of one event (same content, or same _index and _id) are one document with one alert', async () => {
    const result = await scanSources(
      [seedRule(SEED.kerberos)],
      [
        { event: kcc(1), source: { file: 'b.ndjson', line: 9 } },
        { event: kcc(1), source: { file: 'a.ndjson', line: 4 } },
        { event: kcc(2), source: { file: 'c.ndjson', line: 1, indexHint: 'logs-endpoint.events.process-default', idHint: 'doc-1' } },
        { event: kcc(2, { host: { name: 'changed' } }), source: { file: 'c.ndjson', line: 2, indexHint: 'logs-endpoint.events.process-default', idHint: 'doc-1' } },
      ],
    );
    expect(result.alerts.map((alert) => alert['loupe'])).toEqual([{ source: { file: 'a.ndjson', line: 4 } }, { source: { file: 'c.ndjson', line: 1 } }]);
    expect(result.stats.rules[0]!.duplicateEvents).toBe(2);
  });

  it('output order is (original time, rule_id, uuid) and identical however the events are batched', async () => {
    const events = [kcc(7), kcc(1), kcc(3, { user: { name: 'x' } })];
    const small = await scan(SEED_RULES, events, { batchSize: 1 });
    const large = await scan(SEED_RULES, events, { batchSize: 1000 });
    expect(JSON.stringify(small.alerts)).toBe(JSON.stringify(large.alerts));
    expect(JSON.stringify([...small.eachAlert()])).toBe(JSON.stringify(large.alerts));
    expect(large.alertCount).toBe(large.alerts.length);
    expect(small.alerts.map((alert) => alert['kibana.alert.original_time'])).toEqual([1, 3, 7].map((minute) => iso(BASE + minutes(minute))));
  });

  it('stamps alerts with the given now and space', async () => {
    const [alert] = (await scan([seedRule(SEED.kerberos)], [kcc(1)], { now: Date.parse('2031-02-03T04:05:06.000Z'), spaceId: 'soc' })).alerts;
    expect(alert).toMatchObject({ '@timestamp': '2031-02-03T04:05:06.000Z', 'kibana.space_ids': ['soc'] });
  });

  it('reports per-rule time and executions', async () => {
    const result = await scan([seedRule(SEED.kerberos)], [kcc(1), kcc(40)]);
    const stats = result.stats.rules[0]!;
    expect(stats.millis).toBeGreaterThanOrEqual(0);
    // :01 is in the :05 and :10 runs ([T-9m, T]); :40 in the :40 and :45 runs.
    expect(stats.executions).toBe(4);
  });

  it('timestamp_override decides the event time, falling back to @timestamp', async () => {
    const entries = exportedRules([exportedRule({ query: 'event.category:process', max_signals: 1, timestamp_override: 'event.ingested' })]);
    const result = await scan(entries, [
      { '@timestamp': iso(BASE + minutes(50)), event: { category: 'process', ingested: iso(BASE + minutes(1)) }, data_stream: { dataset: 'x' } },
      { '@timestamp': iso(BASE + minutes(2)), event: { category: 'process' }, data_stream: { dataset: 'x' } },
    ]);
    // Both sit in the runs at :05 and :10 by their override/fallback times; max_signals 1 per run writes both.
    expect(result.detections.map(({ detection }) => [detection.time, detection.fate])).toEqual([
      [BASE + minutes(1), 'created'],
      [BASE + minutes(2), 'created'],
    ]);
  });

  it('refuses to be used after finish', async () => {
    const detector = createDetector([], { scanId: 's', now: DEFAULT_NOW });
    await detector.finish();
    expect(() => detector.push({}, { file: 'x', line: 1 })).toThrow(/after finish/);
    await expect(detector.finish()).rejects.toThrow(/twice/);
  });
});

describe('eql sequences on the schedule', () => {
  const sequenceRule = (fields: Record<string, unknown> = {}) =>
    exportedRules([
      exportedRule({
        type: 'eql',
        language: 'eql',
        query: 'sequence by host.id [process where process.name == "a"] [process where process.name == "b"]',
        ...fields,
      }),
    ]);
  const step = (minute: number, name: string, host = 'h1'): EventDoc => ({
    '@timestamp': iso(BASE + minutes(minute)),
    event: { category: 'process' },
    host: { id: host },
    process: { name },
    data_stream: { dataset: 'test' },
  });

  it('a shell alert plus one building block per event', async () => {
    const result = await scan(sequenceRule(), [step(2, 'b'), step(1, 'a')]);
    // Built again in output order, one at a time, for writers: the same documents, and counted before.
    expect(result.alertCount).toBe(3);
    expect(JSON.stringify([...result.eachAlert()])).toBe(JSON.stringify(result.alerts));
    expect(result.alerts.map((alert) => [alert['kibana.alert.building_block_type'] ?? 'shell', alert['kibana.alert.group.index'] ?? null])).toEqual([
      ['shell', null],
      ['default', 0],
      ['default', 1],
    ]);
  });

  it('a sequence longer than the look-back fits in no run and is not found', async () => {
    // from now-9m: a at :00 and b at :20 are never in one window.
    expect((await scan(sequenceRule(), [step(0, 'a'), step(20, 'b')])).alerts).toHaveLength(0);
    expect((await scan(sequenceRule({ from: 'now-30m' }), [step(0, 'a'), step(20, 'b')])).alerts).toHaveLength(3);
  });

  it('past its buffer cap a rule judges old windows early; events arriving after their windows are reported', async () => {
    // Read newest first with room for 4 events: the :31/:32 pair is judged when the 5th event
    // arrives, the :61/:62 pair stays, and :01/:02 arrive after every window holding them was judged.
    const events = [step(61, 'a', 'h3'), step(62, 'b', 'h3'), step(31, 'a', 'h2'), step(32, 'b', 'h2'), step(1, 'a', 'h1'), step(2, 'b', 'h1')];
    const hostsFound = (result: Awaited<ReturnType<typeof scan>>) =>
      result.alerts.filter((alert) => alert['kibana.alert.building_block_type'] === undefined).map((alert) => (alert['host'] as { id: string }).id);
    const capped = await scan(sequenceRule(), events, { windowBufferLimit: 4 });
    expect(hostsFound(capped).sort()).toEqual(['h2', 'h3']);
    const capMessage = 'sequence state capped at 4 events: 2 events arrived out of time order after a window holding them was judged; some sequences may be missed';
    expect(capped.stats.rules[0]!.messages).toContain(capMessage);
    // It may have cost alerts, so it is also a warning the scan summary leads with.
    expect(capped.stats.rules[0]!.warnings).toEqual([capMessage]);
    // Under the cap, any order gives every sequence and no message.
    const whole = await scan(sequenceRule(), events);
    expect(hostsFound(whole).sort()).toEqual(['h1', 'h2', 'h3']);
    expect(whole.stats.rules[0]!.messages).toEqual([]);
    expect(whole.stats.rules[0]!.warnings).toBeUndefined();
  });

  it('max_signals counts sequences per run', async () => {
    const events = ['h1', 'h2', 'h3'].flatMap((host, i) => [step(6 + i, 'a', host), step(9, 'b', host)]);
    const result = await scan(sequenceRule({ max_signals: 2 }), events);
    const shells = result.alerts.filter((alert) => alert['kibana.alert.building_block_type'] === undefined);
    expect(shells).toHaveLength(3);
    // The :10 and :15 runs both return the same first two sequences; the third is never written.
    expect(result.stats.rules[0]!.alertsOverLimit).toBe(1);
    expect((await scan(sequenceRule({ max_signals: 2 }), events, { kibanaLimits: true })).alerts).toHaveLength(6);
  });
});
