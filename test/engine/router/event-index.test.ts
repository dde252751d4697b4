import { describe, expect, it } from 'vitest';
import { compileIndexPatterns } from '../../../src/engine/router/index-patterns.ts';
import { eventIndex, eventIndexAlias, routedIndex } from '../../../src/engine/router/event-index.ts';

describe('eventIndex', () => {
  it.each<[string, Record<string, unknown>, string | undefined, string | null]>([
    ['the _index hint wins', { data_stream: { type: 'logs', dataset: 'x', namespace: 'y' } }, '.ds-logs-endpoint.events.process-default-2024.01.01-000001', '.ds-logs-endpoint.events.process-default-2024.01.01-000001'],
    ['an empty hint is no hint', { data_stream: { dataset: 'system.security', namespace: 'default' } }, '', 'logs-system.security-default'],
    ['data_stream, nested', { data_stream: { type: 'logs', dataset: 'endpoint.events.process', namespace: 'default' } }, undefined, 'logs-endpoint.events.process-default'],
    ['data_stream, dotted keys', { 'data_stream.type': 'metrics', 'data_stream.dataset': 'system.cpu', 'data_stream.namespace': 'prod' }, undefined, 'metrics-system.cpu-prod'],
    ['data_stream type defaults to logs', { data_stream: { dataset: 'windows.sysmon_operational', namespace: 'default' } }, undefined, 'logs-windows.sysmon_operational-default'],
    ['data_stream namespace defaults to default', { data_stream: { type: 'logs', dataset: 'okta.system' } }, undefined, 'logs-okta.system-default'],
    ['data_stream beats agent fields', { data_stream: { dataset: 'system.auth', namespace: 'default' }, agent: { type: 'filebeat', version: '8.15.2' } }, undefined, 'logs-system.auth-default'],
    ['data_stream without dataset falls through to the Beat', { data_stream: { namespace: 'default' }, agent: { type: 'auditbeat', version: '8.15.2' } }, undefined, 'auditbeat-8.15.2'],
    ['auditbeat', { agent: { type: 'auditbeat', version: '8.15.2' } }, undefined, 'auditbeat-8.15.2'],
    ['winlogbeat, dotted keys', { 'agent.type': 'winlogbeat', 'agent.version': '7.17.9' }, undefined, 'winlogbeat-7.17.9'],
    ['a Beat without a version is unknown', { agent: { type: 'auditbeat' } }, undefined, null],
    ['Elastic Defend without data_stream is unknown, not "endpoint-8.x"', { agent: { type: 'endpoint', version: '8.15.2' } }, undefined, null],
    ['nothing to go on', { process: { name: 'bash' } }, undefined, null],
    ['an empty dataset is no dataset', { data_stream: { dataset: '' } }, undefined, null],
    ['array values: the first one', { data_stream: { dataset: ['a', 'b'] } }, undefined, 'logs-a-default'],
  ])('%s', (_name, event, hint, expected) => {
    expect(eventIndex(event, hint)).toBe(expected);
  });
});

const EVTX = { winlog: { api: 'wineventlog', channel: 'Security' }, log: { file: { path: 'C/Windows/System32/winevt/Logs/Security.evtx' } }, data_stream: { dataset: 'system.security', namespace: 'default' } };

describe('eventIndexAlias: Windows event log records read from a file are also visible as Winlogbeat data', () => {
  it.each<[string, Record<string, unknown>, string | undefined, string | null]>([
    ['a record read from an .evtx file', EVTX, undefined, 'winlogbeat-evtx'],
    ['with an agent version', { ...EVTX, agent: { type: 'filebeat', version: '8.15.2' } }, undefined, 'winlogbeat-8.15.2'],
    ['an _index hint is where it was: no alias', EVTX, '.ds-logs-system.security-default-2024.01.01-000001', null],
    ['read from a live channel (no log.file.path)', { ...EVTX, log: { level: 'information' } }, undefined, null],
    ['not a Windows event log record', { ...EVTX, winlog: { api: 'wmi' } }, undefined, null],
    ['no data stream: eventIndex decides alone', { winlog: EVTX.winlog, log: EVTX.log }, undefined, null],
  ])('%s', (_name, event, hint, expected) => {
    expect(eventIndexAlias(event, hint)).toBe(expected);
  });

  it.each<[readonly string[], string | null]>([
    [['logs-system.security*', 'winlogbeat-*'], 'logs-system.security-default'],
    [['winlogbeat-*'], 'winlogbeat-evtx'],
    [['logs-endpoint.events.*'], null],
    [['winlogbeat-*', '-winlogbeat-evtx'], null],
  ])('routedIndex with %j', (patterns, expected) => {
    expect(routedIndex(compileIndexPatterns(patterns), eventIndex(EVTX)!, eventIndexAlias(EVTX))).toBe(expected);
  });
});
