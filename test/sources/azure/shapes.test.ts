/**
 * Each Azure export shape recognised by content and mapped: diagnostic-settings records, Graph
 * signIn/directoryAudit, activity-log REST events. A Graph record must give the same ECS as the
 * diagnostic record carrying it (the rules read one form); malformed records are counted by
 * reason and never stop the file; hostile keys stay plain fields.
 */
import { describe, expect, it } from 'vitest';
import { createAzureMapper } from '../../../src/sources/azure/index.ts';
import { sourceLines } from '../../../src/sources/describe.ts';
import { recogniseSource, sourceStage } from '../../../src/sources/registry.ts';
import type { EcsEvent, MapResult } from '../../../src/sources/types.ts';
import { utf8 } from '../../ingest/helpers/build.ts';
import { scanBytes } from '../../ingest/helpers/scan.ts';
import { flatten } from '../../support/pipeline-goldens.ts';
import { BROKER_APP, diagnosticActivity, diagnosticAudit, diagnosticSignIn, graphAudit, graphSignIn, ndjson, restActivity, SP_APP, SUBSCRIPTION } from './fixtures.ts';

const T = '2026-12-01T10:00:03.1234567Z';

function mapOne(record: Record<string, unknown>): EcsEvent {
  const result: MapResult = createAzureMapper({ path: 'evidence.json', host: 'evidence' }).map(record);
  if (!('events' in result)) throw new Error(`not mapped: ${result.notMapped}: ${result.message}`);
  return result.events[0]!;
}

describe('Azure shapes are recognised by content', () => {
  it.each([
    ['diagnostic sign-in', diagnosticSignIn(T), 'azure.signinlogs'],
    ['diagnostic service principal sign-in', diagnosticSignIn(T, 'ServicePrincipalSignInLogs'), 'azure.signinlogs'],
    ['Graph signIn', graphSignIn(T), 'azure.signinlogs'],
    ['diagnostic audit', diagnosticAudit(T, 'Add service principal', 'ApplicationManagement'), 'azure.auditlogs'],
    ['Graph directoryAudit', graphAudit(T, 'Add service principal', 'ApplicationManagement'), 'azure.auditlogs'],
    ['diagnostic activity', diagnosticActivity(T, 'MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE', 'MICROSOFT.COMPUTE/VIRTUALMACHINES/VM1'), 'azure.activitylogs'],
    ['activity REST event', restActivity(T, 'Microsoft.Compute/virtualMachines/write', `/subscriptions/${SUBSCRIPTION}/resourceGroups/prod-rg/providers/Microsoft.Compute/virtualMachines/vm1`, SP_APP), 'azure.activitylogs'],
  ])('%s → %s', (_name, record, source) => {
    expect(recogniseSource(utf8(ndjson([record])))?.name).toBe(source);
    expect(mapOne(record)['data_stream']).toEqual({ type: 'logs', dataset: source, namespace: 'default' });
  });

  it.each([
    ['a Graph user (no sign-in fields)', { id: 'u1', userPrincipalName: 'a@b.example', displayName: 'A', createdDateTime: T }],
    ['an Okta-like event', { published: T, eventType: 'user.session.start', actor: {} }],
    ['a diagnostic record of another category', { time: T, category: 'StorageRead', operationName: 'GetBlob', properties: {} }],
  ])('not %s', (_name, record) => {
    expect(['azure.signinlogs', 'azure.auditlogs', 'azure.activitylogs']).not.toContain(recogniseSource(utf8(ndjson([record])))?.name);
  });
});

/** Leaves the rules read, from an event: everything but the fields diagnostic settings alone carry. */
function ruleView(event: EcsEvent, dropped: readonly string[]): Record<string, unknown> {
  const flat = flatten(event as Record<string, unknown>);
  for (const field of dropped) delete flat[field];
  return flat;
}

describe('a Graph record maps to the ECS of the diagnostic record carrying it', () => {
  // Only diagnostic settings write these (the platform's envelope): log level, duration, resultSignature, the tenant resource id.
  const envelope = ['log.level', 'event.duration', 'azure.signinlogs.result_signature', 'azure.auditlogs.result_signature', 'azure.resource.id', 'azure.resource.provider', 'azure.tenant_id', 'event.id', 'log.file.path', 'azure.auditlogs.identity'];

  it('sign-in: every field but the envelope is equal', () => {
    const diagnostic = ruleView(mapOne(diagnosticSignIn(T)), envelope);
    const graph = ruleView(mapOne(graphSignIn(T)), envelope);
    expect(graph).toEqual(diagnostic);
    expect(graph).toMatchObject({ 'azure.signinlogs.category': 'NonInteractiveUserSignInLogs', 'azure.signinlogs.properties.app_id': BROKER_APP, 'event.outcome': 'success', 'user.name': 'alex.doe', 'source.ip': '203.0.113.7' });
  });

  it('audit: every field but the envelope is equal', () => {
    const diagnostic = ruleView(mapOne(diagnosticAudit(T, 'Add service principal', 'ApplicationManagement')), envelope);
    const graph = ruleView(mapOne(graphAudit(T, 'Add service principal', 'ApplicationManagement')), envelope);
    expect(graph).toEqual(diagnostic);
    expect(graph).toMatchObject({ 'event.action': 'Add service principal', 'event.outcome': 'success', 'azure.auditlogs.properties.target_resources.0.modified_properties.0.new_value': '[true]' });
  });

  it.each([
    ['signInEventTypes servicePrincipal', { signInEventTypes: ['servicePrincipal'] }, 'ServicePrincipalSignInLogs'],
    ['signInEventTypes managedIdentity', { signInEventTypes: ['managedIdentity'] }, 'ManagedIdentitySignInLogs'],
    ['signInEventTypes interactiveUser', { signInEventTypes: ['interactiveUser'], isInteractive: true }, 'SignInLogs'],
    ['v1.0 without signInEventTypes, interactive', { signInEventTypes: undefined, isInteractive: true }, 'SignInLogs'],
    ['v1.0 without signInEventTypes, not interactive', { signInEventTypes: undefined, isInteractive: false }, 'NonInteractiveUserSignInLogs'],
  ])('sign-in category from %s', (_name, extra, category) => {
    expect(flatten(mapOne(graphSignIn(T, extra)))['azure.signinlogs.category']).toBe(category);
  });

  it('a failed sign-in is a failure with the reason as message', () => {
    const event = flatten(mapOne(graphSignIn(T, { status: { errorCode: 50126, failureReason: 'Invalid username or password.', additionalDetails: 'The user didn\'t enter the right credentials.' } })));
    expect(event).toMatchObject({ 'event.outcome': 'failure', 'azure.signinlogs.properties.status.error_code': 50126, message: "Invalid username or password. (The user didn't enter the right credentials.)", 'azure.signinlogs.result_type': '50126' });
  });
});

describe('activity-log REST events map as diagnostic records do', () => {
  const resource = `/subscriptions/${SUBSCRIPTION}/resourceGroups/prod-rg/providers/Microsoft.Kubernetes/connectedClusters/arc1`;
  const event = flatten(mapOne(restActivity(T, 'Microsoft.Kubernetes/connectedClusters/listClusterUserCredential/action', resource, SP_APP)));

  it('operation upper-cased as exported, Succeeded → success, caller address, claims and resource parts', () => {
    expect(event).toMatchObject({
      'event.action': 'MICROSOFT.KUBERNETES/CONNECTEDCLUSTERS/LISTCLUSTERUSERCREDENTIAL/ACTION',
      'azure.activitylogs.operation_name': 'MICROSOFT.KUBERNETES/CONNECTEDCLUSTERS/LISTCLUSTERUSERCREDENTIAL/ACTION',
      'event.outcome': 'success',
      'source.ip': '198.51.100.23',
      'azure.activitylogs.identity.claims.appid': SP_APP,
      'azure.activitylogs.event_category': 'Administrative',
      'azure.subscription_id': SUBSCRIPTION,
      'azure.resource.group': 'prod-rg',
      'azure.resource.provider': 'Microsoft.Kubernetes/connectedClusters',
      'azure.resource.name': 'arc1',
      '@timestamp': '2026-12-01T10:00:03.123Z',
    });
  });

  it('a diagnostic record: initiating user from the claims, evidence renamed, string duration in nanoseconds', () => {
    const diagnostic = flatten(mapOne(diagnosticActivity(T, 'MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION', 'MICROSOFT.STORAGE/STORAGEACCOUNTS/SA1')));
    expect(diagnostic).toMatchObject({
      'user.name': 'alex.doe',
      'user.domain': 'contoso.example',
      'user.email': 'alex.doe@contoso.example',
      'user.full_name': 'Alex Doe',
      'azure.activitylogs.identity.authorization.evidence.principal_type': 'User',
      'azure.activitylogs.identity.authorization.evidence.role': 'Owner',
      'event.duration': 412_000_000,
      'azure.resource.name': 'SA1',
    });
  });
});

describe('bad records are counted by reason, never fatal', () => {
  const good = diagnosticSignIn(T);
  const text = [
    JSON.stringify(good),
    'not json at all',
    JSON.stringify({ time: T, category: 'StorageRead', operationName: 'GetBlob' }),
    JSON.stringify(diagnosticSignIn('yesterday')),
    JSON.stringify({ ...good, time: 'soon', properties: { ...(good['properties'] as object), createdDateTime: 'soon' } }),
    JSON.stringify(graphAudit(T, 'Add owner to application', 'ApplicationManagement')),
    JSON.stringify(diagnosticAudit('whenever', 'Add owner to application', 'ApplicationManagement')),
  ].join('\n');

  it('maps the good ones and names each reason with its count', async () => {
    const { files, events } = await scanBytes('signins.json', utf8(`${text}\n`), { sources: sourceStage });
    expect(events).toHaveLength(2);
    expect(files[0]!.source).toMatchObject({ name: 'azure.signinlogs', records: 6, events: 2 });
    expect(sourceLines(files)[0]).toMatch(/^signins\.json: azure\.signinlogs, host signins: 6 sign-ins → 2 events; 4 not mapped: /);
    expect(sourceLines(files)[0]).toContain('no time (3)');
    expect(sourceLines(files)[0]).toContain('not an Azure log record (1)');
  });

  it('a __proto__ key in a record stays a field and pollutes nothing', () => {
    const hostile = JSON.parse(JSON.stringify(graphSignIn(T)).replace('"riskState"', '"__proto__":{"polluted":true},"riskState"')) as Record<string, unknown>;
    const event = mapOne(hostile);
    const properties = ((event['azure'] as Record<string, unknown>)['signinlogs'] as Record<string, unknown>)['properties'] as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(properties, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
  });
});
