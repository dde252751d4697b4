/**
 * The aws.cloudtrail source through intake and the registry, from each export shape: S3 log files
 * (zip of `.json.gz`), records one per line (CloudTrail Lake / jq), `aws cloudtrail lookup-events`
 * output, and the console's event history CSV (with and without a whole-record column).
 */
import { describe, expect, it } from 'vitest';
import { sourceStage } from '../../../src/sources/registry.ts';
import { hashMapOrder, javaToString } from '../../../src/sources/cloudtrail/java-map.ts';
import { mapCloudTrail } from '../../../src/sources/cloudtrail/map.ts';
import { gzip, utf8, zip } from '../../ingest/helpers/build.ts';
import { scanBytes } from '../../ingest/helpers/scan.ts';

const ROOT_LOGIN = {
  eventVersion: '1.08',
  userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
  eventTime: '2024-05-01T10:00:00Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { LoginTo: 'https://console.aws.amazon.com/', MobileVersion: 'No', MFAUsed: 'No' },
  eventID: 'e1',
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: '111122223333',
};

const STOP_LOGGING = {
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::111122223333:user/mallory', accountId: '111122223333', accessKeyId: 'AKIAEXAMPLE', userName: 'mallory' },
  eventTime: '2024-05-01T10:05:00Z',
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StopLogging',
  awsRegion: 'us-east-1',
  sourceIPAddress: '2001:db8::7',
  userAgent: 'aws-cli/2.15.0 Python/3.11.6',
  requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main', __proto__x: '' },
  responseElements: null,
  requestID: 'r2',
  eventID: 'e2',
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
  tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'cloudtrail.us-east-1.amazonaws.com' },
};

const RECORDS = [ROOT_LOGIN, STOP_LOGGING];
const ids = (events: readonly { text: string }[]) => events.map(({ text }) => (JSON.parse(text) as { event: { id?: string; action?: string } }).event);

describe('aws.cloudtrail source: export shapes', () => {
  it('S3 layout: a zip of .json.gz log files, each {"Records":[…]}', async () => {
    const dir = 'AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01';
    const archive = zip([
      { name: `${dir}/111122223333_CloudTrail_us-east-1_20240501T1000Z_a.json.gz`, data: gzip(utf8(JSON.stringify({ Records: [ROOT_LOGIN] }))) },
      { name: `${dir}/111122223333_CloudTrail_us-east-1_20240501T1005Z_b.json.gz`, data: gzip(utf8(JSON.stringify({ Records: [STOP_LOGGING] }))) },
    ]);
    const { events, files } = await scanBytes('trail.zip', archive, { sources: sourceStage }, [333]);
    expect(ids(events)).toMatchObject([{ id: 'e1', action: 'ConsoleLogin' }, { id: 'e2', action: 'StopLogging' }]);
    expect(files.map((file) => file.source?.name)).toEqual(['aws.cloudtrail', 'aws.cloudtrail']);
  });

  it('records one per line (CloudTrail Lake, jq .Records[])', async () => {
    const { events, files } = await scanBytes('lake.json', utf8(RECORDS.map((record) => JSON.stringify(record)).join('\n')), { sources: sourceStage });
    expect(ids(events).map(({ id }) => id)).toEqual(['e1', 'e2']);
    expect(files[0]?.source).toMatchObject({ name: 'aws.cloudtrail', records: 2, events: 2 });
  });

  it('aws cloudtrail lookup-events output: the record in CloudTrailEvent', async () => {
    const lookup = {
      Events: RECORDS.map((record) => ({ EventId: record.eventID, EventName: record.eventName, ReadOnly: 'false', EventTime: record.eventTime, EventSource: record.eventSource, Resources: [], CloudTrailEvent: JSON.stringify(record) })),
      NextToken: 'abc',
    };
    const { events } = await scanBytes('lookup.json', utf8(JSON.stringify(lookup, null, 4)), { sources: sourceStage });
    const [login, stop] = events.map(({ text }) => JSON.parse(text) as Record<string, Record<string, unknown>>);
    expect(login?.['event']).toMatchObject({ action: 'ConsoleLogin', outcome: 'success', category: ['authentication'] });
    expect(stop?.['aws']).toMatchObject({ cloudtrail: { user_identity: { type: 'IAMUser' }, request_parameters: '{name=arn:aws:cloudtrail:us-east-1:111122223333:trail/main}' } });
  });

  it('console event history CSV: the whole record column when there is one, else the columns', async () => {
    const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
    const withRecord = [
      'Event ID,Event time,User name,Event name,Event source,CloudTrail event',
      ...RECORDS.map((record) => [record.eventID, record.eventTime, 'x', record.eventName, record.eventSource, quote(JSON.stringify(record))].join(',')),
    ].join('\r\n');
    const full = await scanBytes('history.csv', utf8(`\uFEFF${withRecord}\r\n`), { sources: sourceStage });
    expect(ids(full.events).map(({ id }) => id)).toEqual(['e1', 'e2']);
    const columnsOnly = [
      'Event ID,Event time,User name,Event name,Resource type,Resource name,AWS access key,AWS region,Error code,Source IP address,Event source,Read-only',
      'e3,2024-05-01T10:10:00Z,mallory,DeleteTrail,AWS::CloudTrail::Trail,main,AKIAEXAMPLE,us-east-1,,203.0.113.9,cloudtrail.amazonaws.com,false',
      'e4,2024-05-01T10:11:00Z,mallory,CreateUser,,,AKIAEXAMPLE,us-east-1,AccessDenied,203.0.113.9,iam.amazonaws.com,false',
    ].join('\n');
    const partial = await scanBytes('history.csv', utf8(columnsOnly), { sources: sourceStage });
    const docs = partial.events.map(({ text }) => JSON.parse(text) as Record<string, Record<string, unknown>>);
    expect(docs[0]).toMatchObject({ event: { id: 'e3', action: 'DeleteTrail', provider: 'cloudtrail.amazonaws.com', outcome: 'success' }, user: { name: 'mallory' }, source: { ip: '203.0.113.9' }, cloud: { region: 'us-east-1' } });
    expect(docs[1]).toMatchObject({ event: { id: 'e4', outcome: 'failure', category: ['iam'] }, aws: { cloudtrail: { error_code: 'AccessDenied', read_only: false } } });
    expect(partial.files[0]).toMatchObject({ shape: 'csv', events: 2, lines: 2 });
  });
});

describe('aws.cloudtrail mapping details', () => {
  it('maps the pipeline fields of a record', () => {
    const doc = mapCloudTrail(STOP_LOGGING);
    expect(doc).toMatchObject({
      '@timestamp': '2024-05-01T10:05:00.000Z',
      event: { action: 'StopLogging', provider: 'cloudtrail.amazonaws.com', kind: 'event', type: ['info'], outcome: 'success', id: 'e2' },
      source: { address: '2001:db8::7', ip: '2001:db8::7' },
      user: { name: 'mallory', id: 'AIDAEXAMPLE' },
      related: { user: ['mallory'] },
      cloud: { account: { id: '111122223333' }, region: 'us-east-1' },
      user_agent: { original: 'aws-cli/2.15.0 Python/3.11.6' },
      tls: { version_protocol: 'tls', version: '1.3', cipher: 'TLS_AES_128_GCM_SHA256', client: { server_name: 'cloudtrail.us-east-1.amazonaws.com' } },
      aws: { cloudtrail: { event_category: 'Management', management_event: true, read_only: false, flattened: { request_parameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' } } } },
    });
    expect(doc).not.toHaveProperty('json');
  });

  it('ConsoleLogin: outcome from the response, the additional event data as booleans', () => {
    const failed = mapCloudTrail({ ...ROOT_LOGIN, responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication' });
    expect(failed['event']).toMatchObject({ outcome: 'failure' });
    expect(mapCloudTrail(ROOT_LOGIN)['aws']).toMatchObject({ cloudtrail: { console_login: { additional_eventdata: { mfa_used: false, mobile_version: false, login_to: 'https://console.aws.amazon.com/' } } } });
  });

  it('an assumed role keeps the issuer as user.name; a hostile key stays data', () => {
    const doc = mapCloudTrail({
      ...STOP_LOGGING,
      userIdentity: { type: 'AssumedRole', principalId: 'AROA:s', sessionContext: { sessionIssuer: { type: 'Role', userName: 'admin-role', arn: 'arn:aws:iam::1:role/admin-role' } } },
      requestParameters: JSON.parse('{"__proto__":{"polluted":true},"constructor":"x"}'),
    });
    expect(doc['user']).toMatchObject({ name: 'admin-role' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.hasOwn((doc['aws'] as { cloudtrail: { flattened: { request_parameters: object } } }).cloudtrail.flattened.request_parameters, '__proto__')).toBe(true);
  });

  it('an eventName like a prototype key is not in the table', () => {
    expect(mapCloudTrail({ ...STOP_LOGGING, eventName: 'constructor' })['event']).toMatchObject({ type: ['info'] });
  });

  it.each([
    // HashMap order of a 16-bucket table (the goldens check many more).
    [['MobileVersion', 'LoginTo', 'MFAUsed'], ['LoginTo', 'MobileVersion', 'MFAUsed']],
    [['a', 'b', 'c'], ['a', 'b', 'c']],
  ])('HashMap order of %j', (keys, order) => {
    expect(hashMapOrder(keys)).toEqual(order);
  });

  it.each([
    [{ a: 1, b: [true, 'x'], c: { d: 1.5 } }, '{a=1, b=[true, x], c={d=1.5}}'],
    [1e21, '1.0E21'],
    [0.0001, '1.0E-4'],
    [12.5, '12.5'],
    [3_000_000_000, '3000000000'],
  ])('Java toString of %j', (value, text) => {
    expect(javaToString(value)).toBe(text);
  });
});
