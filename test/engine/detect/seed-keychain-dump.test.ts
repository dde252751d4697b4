import { describe, expect, it } from 'vitest';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { BASE, ENDPOINT_PROCESS, iso, scan, SEED, seedRule, withFields } from './helpers.ts';

// EQL: process where host.os.type == "macos" and event.type in ("start", "process_started") and
//   process.args : "dump-keychain" and process.args : "-d"
// index: logs-endpoint.events.*
const rule = seedRule(SEED.keychainDump);

const base: EventDoc = {
  '@timestamp': iso(BASE),
  event: { category: ['process'], type: ['start'] },
  host: { id: 'h1', os: { type: 'macos' } },
  process: { name: 'security', args: ['security', 'dump-keychain', '-d', 'login.keychain'] },
  data_stream: ENDPOINT_PROCESS,
};

const rows: [string, EventDoc, boolean][] = [
  ['security dump-keychain -d', base, true],
  ['`:` is case-insensitive: DUMP-KEYCHAIN -D', withFields(base, { 'process.args': ['security', 'DUMP-KEYCHAIN', '-D'] }), true],
  ['-d missing', withFields(base, { 'process.args': ['security', 'dump-keychain'] }), false],
  ['one command-line string: `:` compares whole values', withFields(base, { 'process.args': 'security dump-keychain -d' }), false],
  ['both words in one argument', withFields(base, { 'process.args': ['security', 'dump-keychain -d'] }), false],
  ['host.os.type == is case-sensitive', withFields(base, { 'host.os.type': 'MacOS' }), false],
  ['host.os.type missing', withFields(base, { 'host.os': undefined }), false],
  ['event.type as a string', withFields(base, { 'event.type': 'start' }), true],
  ['event.type array holding process_started', withFields(base, { 'event.type': ['info', 'process_started'] }), true],
  ['`in` is case-sensitive', withFields(base, { 'event.type': ['START'] }), false],
  ['end event', withFields(base, { 'event.type': ['end'] }), false],
  ['event.category as a string', withFields(base, { 'event.category': 'process' }), true],
  ['category is an exact term: Process', withFields(base, { 'event.category': 'Process' }), false],
  ['file event with the same args', withFields(base, { 'event.category': ['file'] }), false],
  ['dotted keys', { '@timestamp': iso(BASE), 'event.category': 'process', 'event.type': 'start', 'host.os.type': 'macos', 'process.args': ['security', 'dump-keychain', '-d'], data_stream: ENDPOINT_PROCESS }, true],
  ['auditbeat: not one of the rule\'s indices', withFields(base, { data_stream: undefined, 'agent.type': 'auditbeat', 'agent.version': '8.15.2' }), false],
];

describe('seed rule: Dumping of Keychain Content via Security Command (EQL event query)', () => {
  it.each(rows)('%s', async (_name, event, alerts) => {
    expect((await scan([rule], [event])).alerts.length > 0).toBe(alerts);
  });

  it('one alert per event, not per matching argument', async () => {
    const event = withFields(base, { 'process.args': ['security', 'dump-keychain', '-d', 'dump-keychain', '-d'] });
    const result = await scan([rule], [event]);
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0]).toMatchObject({ 'kibana.alert.rule.type': 'eql', 'kibana.alert.rule.rule_id': SEED.keychainDump });
  });
});
