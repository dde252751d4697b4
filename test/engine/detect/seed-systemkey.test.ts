import { describe, expect, it } from 'vitest';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { BASE, ENDPOINT_PROCESS, iso, scan, SEED, seedRule, withFields } from './helpers.ts';

// KQL: event.category:process and host.os.type:macos and event.type:(start or process_started) and
//   process.args:("/private/var/db/SystemKey" or "/var/db/SystemKey") and
//   not process.Ext.effective_parent.executable : "/Library/Elastic/Endpoint/elastic-endpoint.app/Contents/MacOS/elastic-endpoint"
// index: logs-endpoint.events.*
const rule = seedRule(SEED.systemKey);
const ENDPOINT = '/Library/Elastic/Endpoint/elastic-endpoint.app/Contents/MacOS/elastic-endpoint';

const base: EventDoc = {
  '@timestamp': iso(BASE),
  event: { category: ['process'], type: ['start'] },
  host: { id: 'h1', os: { type: 'macos' } },
  process: { name: 'cat', args: ['cat', '/var/db/SystemKey'], Ext: { effective_parent: { executable: '/bin/zsh' } } },
  data_stream: ENDPOINT_PROCESS,
};

const rows: [string, EventDoc, boolean][] = [
  ['reading /var/db/SystemKey', base, true],
  ['reading /private/var/db/SystemKey', withFields(base, { 'process.args': ['cat', '/private/var/db/SystemKey'] }), true],
  ['path in other case: keyword is case-sensitive', withFields(base, { 'process.args': ['cat', '/var/db/systemkey'] }), false],
  ['path with a trailing slash', withFields(base, { 'process.args': ['cat', '/var/db/SystemKey/'] }), false],
  ['path inside a longer argument', withFields(base, { 'process.args': ['cp', '/var/db/SystemKey.bak'] }), false],
  ['excluded: Elastic Endpoint as effective parent', withFields(base, { 'process.Ext.effective_parent.executable': ENDPOINT }), false],
  ['excluded parent written as one dotted key', { ...withFields(base, { 'process.Ext': undefined }), 'process.Ext.effective_parent.executable': ENDPOINT }, false],
  ['exclusion value in other case does not exclude (keyword, case-sensitive)', withFields(base, { 'process.Ext.effective_parent.executable': ENDPOINT.toLowerCase() }), true],
  ['effective parent missing: "not field:value" matches events without the field', withFields(base, { 'process.Ext': undefined }), true],
  ['host.os.type macOS: keyword case matters', withFields(base, { 'host.os.type': 'macOS' }), false],
  ['host.os.type missing', withFields(base, { 'host.os': undefined }), false],
  ['event.type as a string', withFields(base, { 'event.type': 'process_started' }), true],
  ['end event', withFields(base, { 'event.type': 'end' }), false],
  ['auditbeat: not one of this rule\'s indices', withFields(base, { data_stream: undefined, 'agent.type': 'auditbeat', 'agent.version': '8.15.2' }), false],
  ['file events data stream is under logs-endpoint.events.*', withFields(base, { 'data_stream.dataset': 'endpoint.events.file' }), true],
];

describe('seed rule: SystemKey Access via Command Line (query, KQL with exclusion)', () => {
  it.each(rows)('%s', async (_name, event, alerts) => {
    expect((await scan([rule], [event])).alerts.length > 0).toBe(alerts);
  });
});
