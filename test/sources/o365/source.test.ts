/**
 * The unified audit log source: each export shape recognised by content and unwrapped, the
 * mapping of the fields rules read, malformed rows counted and named (never fatal), hostile
 * names kept as data.
 */
import { describe, expect, it } from 'vitest';
import { sourceLines } from '../../../src/sources/describe.ts';
import { createO365Mapper } from '../../../src/sources/o365/map.ts';
import { recogniseSource, sourceStage } from '../../../src/sources/registry.ts';
import type { EcsEvent, MapResult } from '../../../src/sources/types.ts';
import { utf8 } from '../../ingest/helpers/build.ts';
import { scanBytes } from '../../ingest/helpers/scan.ts';
import { managementApiContent, purviewCsv, searchUnifiedAuditLogCsv, searchUnifiedAuditLogJson } from './exports.ts';
import { aitmSignIn, forwardingRule, globalAdminGrant, INCIDENT, malwareUpload, searchResult, TENANT } from './fixtures.ts';

const CONTEXT = { path: 'case.zip!audit.json', host: 'case' };
const ndjson = (records: readonly unknown[]) => utf8(records.map((record) => `${JSON.stringify(record)}\n`).join(''));

function mapOne(record: Record<string, unknown>): EcsEvent {
  const result: MapResult = createO365Mapper(CONTEXT).map(record);
  if (!('events' in result)) throw new Error(`not mapped: ${result.notMapped}`);
  expect(result.events).toHaveLength(1);
  return result.events[0]!;
}

const at = (event: EcsEvent, path: string): unknown => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], event);

describe('o365: recognising the export shapes', () => {
  it.each([
    ['Management Activity API records', INCIDENT],
    ['Search-UnifiedAuditLog objects (ConvertTo-Json, one per line)', INCIDENT.map((record, i) => searchResult(record, i, INCIDENT.length))],
    ['Purview export rows keyed by their header', INCIDENT.map((record) => ({ CreationDate: record['CreationTime'], UserIds: record['UserId'], Operations: record['Operation'], AuditData: JSON.stringify(record) }))],
  ])('%s', async (_shape, records) => {
    expect(recogniseSource(ndjson(records))?.name).toBe('o365');
    const { files, events } = await scanBytes('audit.json', ndjson(records), { sources: sourceStage });
    expect(files[0]!.source).toMatchObject({ name: 'o365', records: INCIDENT.length, events: INCIDENT.length });
    const parsed = events.map((event) => JSON.parse(event.text) as EcsEvent);
    expect(parsed.map((event) => at(event, 'event.id'))).toEqual(INCIDENT.map((record) => record['Id']));
    expect(new Set(parsed.map((event) => at(event, 'data_stream.dataset')))).toEqual(new Set(['o365.audit']));
  });

  it.each([
    ['Purview export CSV, classic columns (BOM, CRLF, quoted AuditData)', 'export.csv', purviewCsv(INCIDENT, 'classic'), 'csv'],
    ['Purview export CSV, current columns', 'export.csv', purviewCsv(INCIDENT, 'current'), 'csv'],
    ['Search-UnifiedAuditLog | Export-Csv (a #TYPE line, every cmdlet property a column)', 'ual.csv', searchUnifiedAuditLogCsv(INCIDENT), 'csv'],
    ['Search-UnifiedAuditLog | ConvertTo-Json | Out-File (UTF-16 LE, pretty-printed array)', 'search.json', searchUnifiedAuditLogJson(INCIDENT), 'json-array'],
    ['Management Activity API content (a JSON array)', 'content.json', managementApiContent(INCIDENT), 'json-array'],
  ])('%s', async (_shape, name, bytes, shape) => {
    const { files, events } = await scanBytes(name, bytes, { sources: sourceStage }, [4096, 7, 65536]);
    const file = files[0]!;
    expect(file.shape).toBe(shape);
    expect(file.source).toMatchObject({ name: 'o365', records: INCIDENT.length, events: INCIDENT.length });
    const parsed = events.map((event) => JSON.parse(event.text) as EcsEvent);
    expect(parsed.map((event) => at(event, 'event.id'))).toEqual(INCIDENT.map((record) => record['Id']));
    expect(parsed.map((event) => at(event, 'o365.audit.Operation'))).toEqual(INCIDENT.map((record) => record['Operation']));
    expect(at(parsed.find((event) => at(event, 'event.id') === forwardingRule['Id'])!, 'o365.audit.Parameters.ForwardTo')).toBe('drop@fabrikam-mail.example');
  });

  it.each([
    ['CloudTrail records', { eventVersion: '1.08', eventTime: '2026-11-30T08:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', awsRegion: 'us-east-1' }],
    ['an ECS event', { '@timestamp': '2026-11-30T08:00:00Z', event: { category: 'web' }, message: 'x' }],
    ['an Entra ID sign-in log entry', { time: '2026-11-30T08:00:00Z', operationName: 'Sign-in activity', category: 'SignInLogs', properties: { id: 'x' } }],
    ['a CSV row with no AuditData', { CreationDate: '2026-11-30', UserIds: 'a@b.c', Operations: 'x' }],
  ])('leaves %s to others', (_what, record) => {
    expect(recogniseSource(ndjson([record]))?.name).not.toBe('o365');
  });
});

describe('o365: malformed rows', () => {
  it('counts and names rows whose AuditData is not a JSON object, and records with no time, and maps the rest', async () => {
    const rows = [
      searchResult(forwardingRule, 0, 5),
      { ...searchResult(globalAdminGrant, 1, 5), AuditData: '{"CreationTime":"2026-11-30T08:31:09","Id":' },
      { ...searchResult(globalAdminGrant, 2, 5), AuditData: '[1,2]' },
      { ...searchResult(globalAdminGrant, 3, 5), AuditData: JSON.stringify({ ...globalAdminGrant, CreationTime: 'yesterday' }) },
      searchResult(malwareUpload, 4, 5),
    ];
    const { files, events } = await scanBytes('search.json', ndjson(rows), { sources: sourceStage });
    expect(events).toHaveLength(2);
    expect(files[0]!.source).toMatchObject({ records: 5, events: 2 });
    expect(sourceLines(files)).toEqual(['search.json: o365, host named by each record (else search): 5 audit records → 2 events; 3 not mapped: AuditData not a JSON object (2), no CreationTime (1)']);
  });

  it('in a Purview CSV: a row whose AuditData was cut short is counted, the rows around it mapped', async () => {
    const csv = new TextDecoder().decode(purviewCsv([forwardingRule, globalAdminGrant, malwareUpload], 'classic'));
    const cut = csv.replace(/"Add member to role\.","\{""CreationTime"".*?"\r\n/, (row) => `${row.slice(0, 160)}"\r\n`);
    expect(cut).not.toBe(csv);
    const { files, events } = await scanBytes('export.csv', new TextEncoder().encode(cut), { sources: sourceStage });
    expect(events.map((event) => at(JSON.parse(event.text) as EcsEvent, 'event.id'))).toEqual([forwardingRule['Id'], malwareUpload['Id']]);
    expect(sourceLines(files)).toEqual(['export.csv: o365, host named by each record (else export): 3 audit records → 2 events; 1 not mapped: AuditData not a JSON object (1)']);
  });

  it('keeps hostile names as data: no prototype is touched', () => {
    const record = JSON.parse(`{"CreationTime":"2026-11-30T08:00:00","Id":"x","RecordType":1,"Workload":"Exchange","Operation":"Set-Mailbox","__proto__":{"polluted":1},"Parameters":[{"Name":"__proto__","Value":"p"},{"Name":"constructor","Value":"c"},{"Name":"constructor","Value":"d"}]}`) as Record<string, unknown>;
    const event = mapOne(record);
    const audit = at(event, 'o365.audit') as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(audit, '__proto__')?.value).toEqual({ polluted: 1 });
    expect(Object.getOwnPropertyDescriptor(audit['Parameters'], '__proto__')?.value).toBe('p');
    expect(Object.getOwnPropertyDescriptor(audit['Parameters'], 'constructor')?.value).toEqual(['d']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('o365: the fields the rules read', () => {
  it('an STS sign-in: authentication start, the tenant as host, client/source from the address, the user agent from ExtendedProperties', () => {
    const event = mapOne(aitmSignIn);
    expect(event['@timestamp']).toBe('2026-11-30T08:14:03.000Z');
    expect(event['event']).toMatchObject({ action: 'UserLoggedIn', code: 'AzureActiveDirectoryStsLogon', provider: 'AzureActiveDirectory', category: 'authentication', type: ['start', 'authentication_success'], outcome: 'success', kind: 'event', dataset: 'o365.audit', module: 'o365' });
    expect(event['user']).toEqual({ id: 'alice@contoso.com', email: 'alice@contoso.com', name: 'alice', domain: 'contoso.com' });
    expect(event['source']).toEqual({ ip: '203.0.113.77' });
    expect(event['host']).toEqual({ id: TENANT, name: 'contoso.com' });
    // Parsed as Elasticsearch's user_agent processor does (uap-core's generic name/version rule; no OS, no device).
    expect(event['user_agent']).toEqual({ original: 'axios/1.7.7', name: 'axios', version: '1.7.7', device: { name: 'Other' } });
    expect(event['related']).toEqual({ ip: '203.0.113.77', user: 'alice' });
    expect(at(event, 'o365.audit.ExtendedProperties')).toEqual({ ResultStatusDetail: 'Success', UserAgent: 'axios/1.7.7', RequestType: 'OAuth2:Token' });
    expect(at(event, 'o365.audit.ModifiedProperties')).toBeUndefined();
  });

  it("gives the record's Id as its document id (the integration's _id), so overlapping exports hold one document per record", () => {
    expect(createO365Mapper(CONTEXT).map(aitmSignIn)).toMatchObject({ documentId: aitmSignIn['Id'] });
    expect(createO365Mapper(CONTEXT).map({ ...aitmSignIn, Id: 7 })).not.toHaveProperty('documentId');
  });

  it('an Exchange cmdlet: Parameters by name, organisation and server, ip:port split', () => {
    const event = mapOne(forwardingRule);
    expect(at(event, 'o365.audit.Parameters.ForwardTo')).toBe('drop@fabrikam-mail.example');
    expect(event['client']).toEqual({ address: '203.0.113.77:49152', ip: '203.0.113.77', port: 49152 });
    expect(event['organization']).toEqual({ id: TENANT, name: 'contoso.onmicrosoft.com' });
    expect(event['server']).toEqual({ address: 'AM6PR04MB1234 (15.20.8182.020)' });
    expect(at(event, 'host.name')).toBe('contoso.onmicrosoft.com');
    expect(at(event, 'event.category')).toBe('web');
  });

  it('an Azure AD role grant: ModifiedProperties by name with dots made underscores', () => {
    const event = mapOne(globalAdminGrant);
    expect(at(event, 'o365.audit.ModifiedProperties.Role_DisplayName')).toEqual({ NewValue: 'Global Administrator', OldValue: '' });
    expect(at(event, 'o365.audit.RecordType')).toBe(8);
  });

  it('a SharePoint file operation: url.* and file.*, an empty ClientIP dropped, the evidence host for a record naming no tenant name or user domain', () => {
    const event = mapOne(malwareUpload);
    expect(event['host']).toEqual({ id: TENANT, name: 'case' });
    expect(event['url']).toEqual({ original: 'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Q4 payment.docm', scheme: 'https', domain: 'contoso.sharepoint.com', path: '/sites/Finance/Shared Documents/Q4 payment.docm', extension: 'docm' });
    expect(event['file']).toEqual({ directory: 'Shared Documents', name: 'Q4 payment.docm', extension: 'docm' });
    expect(event['client']).toBeUndefined();
    expect(at(event, 'o365.audit.ClientIP')).toBeUndefined();
    expect(at(event, 'event.code')).toBe('SharePointFileOperation');
  });
});
