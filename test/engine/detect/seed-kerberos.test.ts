import { describe, expect, it } from 'vitest';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { BASE, ENDPOINT_PROCESS, iso, scan, scanSources, SEED, seedRule, withFields } from './helpers.ts';

// KQL: event.category:process and event.type:(start or process_started) and process.name:kcc and process.args:copy_cred_cache
// index: auditbeat-*, logs-endpoint.events.*
const rule = seedRule(SEED.kerberos);

const base: EventDoc = {
  '@timestamp': iso(BASE),
  event: { category: ['process'], type: ['start'], kind: 'event' },
  host: { id: 'h1', os: { type: 'macos' } },
  process: { name: 'kcc', args: ['kcc', 'copy_cred_cache'], executable: '/usr/bin/kcc' },
  data_stream: ENDPOINT_PROCESS,
};

const rows: [string, EventDoc, boolean][] = [
  ['the attack as Elastic Defend records it', base, true],
  ['event.type as a plain string', withFields(base, { 'event.type': 'start' }), true],
  ['event.type process_started (auditbeat wording)', withFields(base, { 'event.type': 'process_started' }), true],
  ['event.type array with start among others', withFields(base, { 'event.type': ['info', 'start'] }), true],
  ['end event', withFields(base, { 'event.type': ['end'] }), false],
  ['event.type Start: keyword terms are case-sensitive', withFields(base, { 'event.type': 'Start' }), false],
  ['event.category Process (case)', withFields(base, { 'event.category': 'Process' }), false],
  ['event.category missing', withFields(base, { 'event.category': undefined }), false],
  ['process.name KCC: keyword is case-sensitive', withFields(base, { 'process.name': 'KCC' }), false],
  ['process.name is a full path: KQL on keyword is exact, no substring', withFields(base, { 'process.name': '/usr/bin/kcc' }), false],
  ['process.args as one string equal to the value', withFields(base, { 'process.args': 'copy_cred_cache' }), true],
  ['process.args value later in the array', withFields(base, { 'process.args': ['kcc', '-v', 'copy_cred_cache', '-A'] }), true],
  ['process.args upper case', withFields(base, { 'process.args': ['kcc', 'COPY_CRED_CACHE'] }), false],
  ['process.args with the value inside a longer argument', withFields(base, { 'process.args': ['kcc', '--copy_cred_cache'] }), false],
  ['process.args as one command-line string: not an element equal to the value', withFields(base, { 'process.args': 'kcc copy_cred_cache' }), false],
  ['process.args missing', withFields(base, { 'process.args': undefined }), false],
  [
    'dotted keys in _source',
    { '@timestamp': iso(BASE), 'event.category': 'process', 'event.type': 'start', 'process.name': 'kcc', 'process.args': ['kcc', 'copy_cred_cache'], data_stream: ENDPOINT_PROCESS },
    true,
  ],
  ['mixed dotted and nested keys', { ...withFields(base, { process: undefined }), process: { 'args': ['copy_cred_cache'] }, 'process.name': 'kcc' }, true],
  ['auditbeat event (index auditbeat-<version>)', withFields(base, { data_stream: undefined, 'agent.type': 'auditbeat', 'agent.version': '8.15.2' }), true],
  ['winlogbeat event: index not selected', withFields(base, { data_stream: undefined, 'agent.type': 'winlogbeat', 'agent.version': '8.15.2' }), false],
  ['endpoint alerts data stream: index not selected', withFields(base, { 'data_stream.dataset': 'endpoint.alerts' }), false],
  ['unknown index: every rule sees it', withFields(base, { data_stream: undefined }), true],
  ['no @timestamp: outside every time range', withFields(base, { '@timestamp': undefined }), false],
];

describe('seed rule: Kerberos Cached Credentials Dumping (query, KQL)', () => {
  it.each(rows)('%s', async (_name, event, alerts) => {
    const result = await scan([rule], [event]);
    expect(result.alerts.length > 0).toBe(alerts);
    expect(result.stats.rules[0]!.status).toBe('ok');
  });

  it.each([
    ['logs-endpoint.events.process-default', true],
    ['.ds-logs-endpoint.events.process-default-2024.01.01-000001', true],
    ['auditbeat-7.17.0', true],
    ['logs-windows.sysmon_operational-default', false],
    ['Logs-endpoint.events.process-default', false],
  ])('an export carrying _index %s', async (indexHint, alerts) => {
    const result = await scanSources([rule], [{ event: withFields(base, { data_stream: undefined }), source: { indexHint } }]);
    expect(result.alerts.length > 0).toBe(alerts);
  });

  it('--ignore-index runs the rule on an event from another index', async () => {
    const event = withFields(base, { 'data_stream.dataset': 'windows.sysmon_operational' });
    expect((await scan([rule], [event])).alerts).toHaveLength(0);
    expect((await scan([rule], [event], { ignoreIndex: true })).alerts).toHaveLength(1);
  });

  it('counts events without index and timestamp in the scan summary', async () => {
    const result = await scan([rule], [withFields(base, { data_stream: undefined }), withFields(base, { '@timestamp': undefined }), base]);
    expect(result.stats).toMatchObject({ events: 3, eventsWithoutIndex: 1, eventsWithoutTimestamp: 1 });
    expect(result.stats.rules[0]).toMatchObject({ eventsSeen: 3, eventsMatched: 3, eventsWithoutTimestamp: 1, alerts: 2 });
  });

  it('writes a Kibana-shaped alert for the matching event', async () => {
    const [alert] = (await scan([rule], [base])).alerts;
    expect(alert).toMatchObject({
      'kibana.alert.rule.rule_id': SEED.kerberos,
      'kibana.alert.rule.type': 'query',
      'kibana.alert.original_time': iso(BASE),
      'kibana.alert.severity': 'high',
      'kibana.alert.risk_score': 73,
      'event.kind': 'signal',
    });
    expect(alert!['loupe']).toEqual({ source: { file: 'events.ndjson', line: 1 } });
  });
});
