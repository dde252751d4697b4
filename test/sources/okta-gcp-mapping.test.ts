/**
 * Okta and GCP mapping rules the goldens do not reach, one table row per pipeline rule (the
 * okta and gcp integrations' ingest pipelines are the spec; records follow Okta's LogEvent and
 * Google's LogEntry/AuditLog documentation).
 */
import { describe, expect, it } from 'vitest';
import { getPath } from '../../src/sources/common/doc.ts';
import { createGcpAuditMapper } from '../../src/sources/gcp/map.ts';
import { createOktaMapper } from '../../src/sources/okta/map.ts';
import { probeRecords, recogniseSource } from '../../src/sources/registry.ts';
import type { MapResult, RawRecord } from '../../src/sources/types.ts';
import { oktaConsoleCsv } from './okta-gcp-fixtures.ts';

const context = { path: 'case.zip!logs.json', host: 'unused' };

function only(result: MapResult): Record<string, unknown> {
  if (!('events' in result)) throw new Error(`not mapped: ${result.message}`);
  expect(result.events).toHaveLength(1);
  return result.events[0] as Record<string, unknown>;
}

const OKTA: RawRecord = {
  uuid: 'e1f2',
  published: '2024-03-01T10:00:00.123456Z',
  eventType: 'group.user_membership.add',
  displayMessage: 'Add user to group membership',
  actor: { id: '00u1', type: 'User', alternateId: 'admin@example.com', displayName: 'Ada Admin', detailEntry: null },
  client: { ipAddress: '89.160.20.128', userAgent: { rawUserAgent: 'curl/8.0', os: 'Unknown', browser: 'UNKNOWN' }, zone: 'null', geographicalContext: { city: 'Linköping', country: 'Sweden', geolocation: { lat: 58.4, lon: 15.6 } } },
  outcome: { result: 'ALLOW', reason: null },
  target: [
    { id: '00u2', type: 'User', alternateId: 'bob@example.com', displayName: 'Bob', detailEntry: { methodTypeUsed: 'Password', other: 'x' } },
    { id: '00g1', type: 'UserGroup', alternateId: 'unknown', displayName: 'Admins', detailEntry: { other: 'x' } },
  ],
  authenticationContext: { authenticationStep: 0, externalSessionId: 'trs1', interface: 'web' },
  securityContext: { asNumber: 29518, asOrg: 'bredband2', domain: 'example.se', isProxy: false, isp: 'b2' },
  debugContext: { debugData: { behaviors: '{New Geo-Location=POSITIVE, New Device=NEGATIVE}', risk: '{reasons=Anomalous Device, New Geo-Location, level=MEDIUM}', requestUri: '/api/v1/authn', dtHash: 'abc' } },
  request: { ipChain: [{ ip: '89.160.20.128', geographicalContext: { city: 'Linköping', postalCode: '582' }, version: 'V4' }] },
  transaction: { id: 't1', type: 'WEB', detail: {} },
};

describe('okta.system', () => {
  const doc = only(createOktaMapper(context).map(OKTA));
  it.each([
    ['@timestamp', '2024-03-01T10:00:00.123Z'],
    ['data_stream', { type: 'logs', dataset: 'okta.system', namespace: 'default' }],
    ['event.category', ['iam']],
    ['event.type', ['group', 'change']],
    ['event.action', 'group.user_membership.add'],
    ['event.outcome', 'success'],
    ['event.id', 'e1f2'],
    ['user.name', 'admin'],
    ['source.user.name', 'admin'],
    ['user.full_name', 'Ada Admin'],
    ['source.ip', '89.160.20.128'],
    ['client.geo.city_name', 'Linköping'],
    ['client.as.organization.name', 'bredband2'],
    ['source.domain', 'example.se'],
    ['user_agent.original', 'curl/8.0'],
    ['okta.client.zone', 'null'],
    ['okta.authentication_context.authentication_step', 0],
    ['okta.authentication_context.authentication_provider', 'web'],
    ['okta.security_context.is_proxy', false],
    ['okta.request.ip_chain', [{ ip: '89.160.20.128', geographical_context: { city: 'Linköping', postal_code: '582' }, version: 'V4' }]],
    ['okta.target', [
      { id: '00u2', type: 'User', alternate_id: 'bob@example.com', display_name: 'Bob', detailEntry: { methodTypeUsed: 'Password' } },
      { id: '00g1', type: 'UserGroup', alternate_id: 'unknown', display_name: 'Admins' },
    ]],
    ['user.target', { full_name: 'Bob', id: '00u2', group: { name: 'Admins', id: '00g1' } }],
    ['related.user', ['Ada Admin', 'Bob', 'admin']],
    ['related.ip', ['89.160.20.128']],
    ['okta.debug_context.debug_data.flattened.behaviors', { 'New Geo-Location': 'POSITIVE', 'New Device': 'NEGATIVE' }],
    ['okta.debug_context.debug_data.risk_behaviors', ['New Geo-Location']],
    ['okta.debug_context.debug_data.flattened.risk', { level: 'MEDIUM', reasons: 'Anomalous Device, New Geo-Location' }],
    ['okta.debug_context.debug_data.flattened.risk_object', '{reasons=Anomalous Device, New Geo-Location, level=MEDIUM}'],
    ['okta.debug_context.debug_data.risk_level', 'MEDIUM'],
    ['okta.debug_context.debug_data.risk_reasons', ['Anomalous Device', 'New Geo-Location']],
    ['okta.debug_context.debug_data.request_uri', '/api/v1/authn'],
    ['okta.debug_context.debug_data.dt_hash', 'abc'],
    ['okta.transaction', { id: 't1', type: 'WEB' }],
    ['source.geo', undefined],
    ['event.original', undefined],
  ])('%s', (field, value) => {
    expect(getPath(doc, field)).toEqual(value);
  });

  it.each([
    ['a risk kv splits cleanly', '{level=LOW}', { level: 'LOW' }, undefined],
    ['a risk kv fails on its first pair: the sub-pipeline fails', '{Anomalous, level=LOW}', undefined, 'pipeline_error'],
  ])('%s', (_name, risk, parsed, kind) => {
    const mapped = only(createOktaMapper(context).map({ ...OKTA, debugContext: { debugData: { risk } } }));
    if (parsed) expect(getPath(mapped, 'okta.debug_context.debug_data.flattened.risk')).toEqual(parsed);
    expect(getPath(mapped, 'event.kind')).toBe(kind ?? 'event');
  });

  it.each([
    ['user.session.start', 'SUCCESS', ['authentication', 'session'], ['start', 'info'], 'success'],
    ['security.request.blocked', 'DENY', undefined, ['network', 'network'], 'failure'],
    ['user.account.lock', 'CHALLENGE', undefined, undefined, 'unknown'],
  ])('%s / %s', (eventType, result, category, type, outcome) => {
    const mapped = only(createOktaMapper(context).map({ ...OKTA, eventType, outcome: { result } }));
    expect([getPath(mapped, 'event.category'), getPath(mapped, 'event.type'), getPath(mapped, 'event.outcome')]).toEqual([category, type, outcome]);
  });

  it('an Admin Console CSV row maps to the same event as its LogEvent', () => {
    const csv = oktaConsoleCsv([OKTA]);
    const [header, row] = csv.split('\r\n');
    const cells = row!.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, '')).map((cell) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell));
    const record = Object.fromEntries(header!.split(',').map((column, i) => [column, cells[i] ?? '']));
    expect(only(createOktaMapper(context).map(record))).toEqual(doc);
  });

  it('a record that is not a LogEvent is counted, not mapped; hostile keys stay data', () => {
    expect(createOktaMapper(context).map({ foo: 1 })).toMatchObject({ notMapped: 'not an Okta log event' });
    only(createOktaMapper(context).map({ ...OKTA, debugContext: { debugData: JSON.parse('{"__proto__":{"polluted":1},"behaviors":"{__proto__=POSITIVE}"}') as unknown } }));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

const AUDIT: RawRecord = {
  insertId: 'abc123',
  logName: 'projects/p1/logs/cloudaudit.googleapis.com%2Factivity',
  severity: 'NOTICE',
  timestamp: '2024-03-01T10:00:00.123456789Z',
  receiveTimestamp: '2024-03-01T10:00:01.987654Z',
  resource: { type: 'gce_instance', labels: { project_id: 'p1', instance_id: '42' } },
  labels: { 'compute.googleapis.com/root_trigger_id': 'r1', '...': 'dots only' },
  operation: { id: 'op-1', producer: 'compute.googleapis.com', first: true },
  protoPayload: {
    '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
    authenticationInfo: {
      principalEmail: 'sa@p1.iam.gserviceaccount.com',
      principalSubject: 'serviceAccount:sa@p1.iam.gserviceaccount.com',
      serviceAccountKeyName: 'keys/1',
      serviceAccountDelegationInfo: [{ firstPartyPrincipal: { principalEmail: 'a@p1.iam.gserviceaccount.com' } }],
      thirdPartyPrincipal: { '@type': 'type.googleapis.com/x' },
    },
    authorizationInfo: [{ permission: 'compute.instances.create', granted: false, resourceAttributes: { name: 'x' } }],
    requestMetadata: { callerIp: '175.16.199.1', callerSuppliedUserAgent: 'google-cloud-sdk' },
    methodName: 'v1.compute.instances.insert',
    serviceName: 'compute.googleapis.com',
    resourceName: 'projects/p1/zones/z/instances/vm1',
    request: { '@type': 'type.googleapis.com/compute.instances.insert', policy: 'text policy' },
    response: { status: 'RUNNING', id: '9' },
    numResponseItems: '3',
    status: { code: 7, message: 'PERMISSION_DENIED', details: [{ '@type': 'type.googleapis.com/google.rpc.PreconditionFailure', violations: [{ type: 'VPC_SERVICE_CONTROLS' }] }] },
    resourceLocation: { currentLocations: ['europe-west1-b'] },
    metadata: { '@type': 'type.googleapis.com/google.cloud.audit.VpcServiceControlAuditMetadata', violationReason: 'NO_MATCHING_ACCESS_LEVEL' },
    policyViolationInfo: {
      orgPolicyViolationInfo: {
        payload: { key1: 'value1' },
        resourceType: 'compute.googleapis.com/Instance',
        resourceTags: { zone: 'z' },
        violationInfo: [{ constraint: 'compute.vmExternalIpAccess', resourceAttributes: { a: 1 } }],
      },
    },
  },
};

describe('gcp.audit', () => {
  const doc = only(createGcpAuditMapper(context).map(AUDIT));
  it.each([
    ['@timestamp', '2024-03-01T10:00:00.123Z'],
    ['data_stream', { type: 'logs', dataset: 'gcp.audit', namespace: 'default' }],
    ['event.provider', 'activity'],
    ['event.id', 'abc123'],
    ['event.action', 'v1.compute.instances.insert'],
    ['event.outcome', 'failure'],
    ['event.category', ['session', 'network', 'configuration']],
    ['event.type', ['start', 'access', 'denied']],
    ['log.level', 'NOTICE'],
    ['cloud', { provider: 'gcp', project: { id: 'p1' }, instance: { id: '42' } }],
    ['client.user', { email: 'sa@p1.iam.gserviceaccount.com', id: 'serviceAccount:sa@p1.iam.gserviceaccount.com' }],
    ['gcp.audit.authentication_info', { service_account_key_name: 'keys/1', service_account_delegation_info: [{ firstPartyPrincipal: { principalEmail: 'a@p1.iam.gserviceaccount.com' } }], third_party_principal: { '@type': 'type.googleapis.com/x' } }],
    ['gcp.audit.metadata', { '@type': 'type.googleapis.com/google.cloud.audit.VpcServiceControlAuditMetadata', violationReason: 'NO_MATCHING_ACCESS_LEVEL' }],
    // violationInfo entries keep resourceAttributes: the pipeline's foreach rename only runs on a list.
    ['gcp.audit.policy_violation_info', { payload: { key1: 'value1' }, resource_type: 'compute.googleapis.com/Instance', resource_tags: { zone: 'z' }, violations: [{ constraint: 'compute.vmExternalIpAccess', resourceAttributes: { a: 1 } }] }],
    ['related', { ip: ['175.16.199.1'], user: ['sa@p1.iam.gserviceaccount.com'] }],
    ['gcp.audit.authorization_info', [{ permission: 'compute.instances.create', granted: false, resource_attributes: { name: 'x' } }]],
    ['gcp.audit.labels', { 'compute.googleapis.com/root_trigger_id': 'r1' }],
    ['gcp.audit.receive_timestamp', '2024-03-01T10:00:01.987Z'],
    ['gcp.audit.resource.type', 'gce_instance'],
    ['gcp.audit.logentry_operation.id', 'op-1'],
    ['gcp.audit.num_response_items', 3],
    ['gcp.audit.request', { '@type': 'type.googleapis.com/compute.instances.insert', policy_value: 'text policy' }],
    ['gcp.audit.response', { status_value: 'RUNNING', id: '9' }],
    ['gcp.audit.status', { code: 7, message: 'PERMISSION_DENIED', details: [{ '@type': 'type.googleapis.com/google.rpc.PreconditionFailure', violations: [{ type: 'VPC_SERVICE_CONTROLS' }] }] }],
    ['gcp.audit.resource_name', 'projects/p1/zones/z/instances/vm1'],
    ['gcp.audit.resource_location.current_locations', ['europe-west1-b']],
    ['service.name', 'compute.googleapis.com'],
    ['source.ip', '175.16.199.1'],
    ['user_agent.original', 'google-cloud-sdk'],
    ['orchestrator', undefined],
  ])('%s', (field, value) => {
    expect(getPath(doc, field)).toEqual(value);
  });

  it.each([
    ['apis/rbac.authorization.k8s.io/v1/namespaces/kube-system/rolebindings/x.y', { api_version: 'v1', namespace: 'kube-system', resource: { type: 'rolebindings', name: 'x.y' } }],
    ['core/v1/nodes', { api_version: 'v1', resource: { type: 'nodes' } }],
    ['readyz', { resource: { type: 'readyz' } }],
  ])('GKE resource name %s', (resourceName, fields) => {
    const mapped = only(createGcpAuditMapper(context).map({ ...AUDIT, resource: { type: 'k8s_cluster', labels: { cluster_name: 'c1', project_id: 'p1' } }, protoPayload: { ...(AUDIT['protoPayload'] as object), resourceName } }));
    expect(getPath(mapped, 'orchestrator')).toEqual({ type: 'kubernetes', cluster: { name: 'c1' }, ...fields });
    expect(getPath(mapped, 'gcp.audit.resource_name')).toBe(resourceName);
  });

  it.each([
    ['no status, granted', { authorizationInfo: [{ granted: true }] }, 'success'],
    ['status code 0', { status: { code: 0 } }, 'success'],
    ['two authorizations, no status', { authorizationInfo: [{ granted: true }, { granted: false }] }, 'unknown'],
  ])('outcome: %s', (_name, payload, outcome) => {
    const mapped = only(createGcpAuditMapper(context).map({ insertId: 'x', logName: 'projects/p/logs/cloudaudit.googleapis.com%2Fdata_access', protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', ...payload } }));
    expect(getPath(mapped, 'event.outcome')).toBe(outcome);
  });

  it('entries of other payload types are dropped as the integration drops them; the private caller IP is not an address', () => {
    expect(createGcpAuditMapper(context).map({ insertId: 'x', logName: 'projects/p/logs/syslog', protoPayload: { '@type': 'type.googleapis.com/google.appengine.logging.v1.RequestLog' } })).toMatchObject({ notMapped: 'not an audit log entry' });
    expect(createGcpAuditMapper(context).map({ foo: 1 })).toMatchObject({ notMapped: 'not a log entry' });
    const mapped = only(createGcpAuditMapper(context).map({ ...AUDIT, protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', requestMetadata: { callerIp: 'private' } } }));
    expect(getPath(mapped, 'source.ip')).toBeUndefined();
  });
});

describe('recognised by content', () => {
  const ndjson = (...records: unknown[]): Uint8Array => new TextEncoder().encode(records.map((record) => JSON.stringify(record)).join('\n') + '\n');
  it.each([
    ['an Okta LogEvent', ndjson(OKTA), 'okta.system'],
    ['a Cloud Audit Logs entry', ndjson(AUDIT), 'gcp.audit'],
    ['an audit entry named by its log only', ndjson({ insertId: 'x', logName: 'organizations/1/logs/cloudaudit.googleapis.com%2Fpolicy', protoPayload: {} }), 'gcp.audit'],
    ['ECS', ndjson({ '@timestamp': '2024-01-01T00:00:00Z', event: { action: 'x' } }), undefined],
    ['a non-audit Cloud Logging entry', ndjson({ insertId: 'x', logName: 'projects/p/logs/syslog', textPayload: 'hi' }), undefined],
  ])('%s', (_name, prefix, source) => {
    expect(probeRecords(prefix).length).toBeGreaterThan(0);
    expect(recogniseSource(prefix)?.name).toBe(source);
  });

  it('an Okta console CSV row by its header of LogEvent attribute paths', () => {
    const row = { uuid: 'u', published: '2024-01-01T00:00:00.000Z', eventType: 'user.session.start', 'actor.alternateId': 'a@b.c' };
    expect(recogniseSource(new Uint8Array(0), [row], 'csv')?.name).toBe('okta.system');
    expect(recogniseSource(new Uint8Array(0), [{ Time: 'x', Actor: 'y' }], 'csv')).toBeUndefined();
  });
});
