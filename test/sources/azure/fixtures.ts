/**
 * Azure and Entra ID records in each export shape, built from the documented formats (Microsoft
 * Graph `signIn` and `directoryAudit` resources, the Entra/Azure Monitor diagnostic-settings
 * schemas, the Azure Monitor activity-log REST event that `az monitor activity-log list` prints).
 * Values are invented; field names and nesting are Microsoft's. Each builder takes what a test
 * varies; the rest is a plausible record of that kind.
 */
type Json = Record<string, unknown>;

export const TENANT = '5f1c2d3e-0000-4000-8000-00000000aaaa';
export const SUBSCRIPTION = '0b1c2d3e-1111-4111-8111-111111111111';
export const BROKER_APP = '29d9ed98-a469-4536-ade2-f981bc1d605e';
export const DRS_RESOURCE = '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9';
export const SP_APP = '7d0c1b2a-2222-4222-8222-222222222222';

/** A Graph `signIn` (beta: the fields diagnostic settings also carry in `properties`). */
export function graphSignIn(time: string, extra: Json = {}): Json {
  return {
    id: `a1b2c3d4-0000-4000-8000-${time.replace(/\D/g, '').slice(0, 12)}`,
    createdDateTime: time,
    userDisplayName: 'Alex Doe',
    userPrincipalName: 'alex.doe@contoso.example',
    userId: '11111111-aaaa-4aaa-8aaa-111111111111',
    appId: BROKER_APP,
    appDisplayName: 'Microsoft Authentication Broker',
    ipAddress: '203.0.113.7',
    clientAppUsed: 'Mobile Apps and Desktop clients',
    correlationId: 'c0ffee00-0000-4000-8000-000000000001',
    conditionalAccessStatus: 'notApplied',
    isInteractive: false,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    resourceDisplayName: 'Device Registration Service',
    resourceId: DRS_RESOURCE,
    resourceTenantId: TENANT,
    homeTenantId: TENANT,
    userType: 'Member',
    incomingTokenType: 'refreshToken',
    authenticationProtocol: 'none',
    authenticationRequirement: 'singleFactorAuthentication',
    signInEventTypes: ['nonInteractiveUser'],
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36',
    status: { errorCode: 0, failureReason: 'Other.', additionalDetails: null },
    deviceDetail: { deviceId: '', displayName: '', operatingSystem: 'Windows10', browser: 'Chrome 119.0.0', isCompliant: false, isManaged: false, trustType: '' },
    location: { city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL', geoCoordinates: { altitude: null, latitude: 52.37, longitude: 4.89 } },
    authenticationProcessingDetails: [
      { key: 'Oauth Scope Info', value: '["adrs_access"]' },
      { key: 'Is CAE Token', value: 'False' },
    ],
    appliedConditionalAccessPolicies: [],
    ...extra,
  };
}

/** The same sign-in as Entra's diagnostic settings write it (storage blob line, Event Hub, Log Analytics). */
export function diagnosticSignIn(time: string, category = 'NonInteractiveUserSignInLogs', properties: Json = {}): Json {
  const signIn = graphSignIn(time, properties);
  const status = signIn['status'] as Json;
  return {
    time,
    resourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`,
    operationName: 'Sign-in activity',
    operationVersion: '1.0',
    category,
    tenantId: TENANT,
    resultType: String(status['errorCode']),
    resultSignature: 'None',
    resultDescription: status['failureReason'],
    durationMs: 0,
    callerIpAddress: signIn['ipAddress'],
    correlationId: signIn['correlationId'],
    identity: signIn['userDisplayName'],
    Level: 4,
    location: 'NL',
    properties: signIn,
  };
}

/** A Graph `directoryAudit`. */
export function graphAudit(time: string, activity: string, category: string, extra: Json = {}): Json {
  return {
    id: `Directory_${time.replace(/\D/g, '')}`,
    category,
    correlationId: 'c0ffee00-0000-4000-8000-000000000002',
    result: 'success',
    resultReason: '',
    activityDisplayName: activity,
    activityDateTime: time,
    loggedByService: 'Core Directory',
    operationType: 'Add',
    initiatedBy: { user: { id: '11111111-aaaa-4aaa-8aaa-111111111111', displayName: null, userPrincipalName: 'alex.doe@contoso.example', ipAddress: '203.0.113.7', userType: null }, app: null },
    targetResources: [
      { id: '33333333-3333-4333-8333-333333333333', displayName: 'backup-sync', type: 'ServicePrincipal', userPrincipalName: null, groupType: null, modifiedProperties: [{ displayName: 'AccountEnabled', oldValue: '[]', newValue: '[true]' }] },
    ],
    additionalDetails: [{ key: 'User-Agent', value: 'python-requests/2.31.0' }],
    ...extra,
  };
}

/** A directoryAudit as diagnostic settings write it. */
export function diagnosticAudit(time: string, activity: string, category: string): Json {
  return {
    time,
    resourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`,
    operationName: activity,
    operationVersion: '1.0',
    category: 'AuditLogs',
    tenantId: TENANT,
    resultSignature: 'None',
    durationMs: 0,
    callerIpAddress: '203.0.113.7',
    correlationId: 'c0ffee00-0000-4000-8000-000000000002',
    identity: 'alex.doe@contoso.example',
    level: 'Informational',
    properties: graphAudit(time, activity, category),
  };
}

/** An Azure activity-log record as diagnostic settings write it (`insights-activity-logs` blob line). */
export function diagnosticActivity(time: string, operation: string, resource: string, extra: Json = {}): Json {
  return {
    time,
    resourceId: `/SUBSCRIPTIONS/${SUBSCRIPTION.toUpperCase()}/RESOURCEGROUPS/PROD-RG/PROVIDERS/${resource}`,
    operationName: operation,
    category: 'Administrative',
    resultType: 'Success',
    resultSignature: 'Succeeded.OK',
    durationMs: '412',
    callerIpAddress: '203.0.113.7',
    correlationId: 'c0ffee00-0000-4000-8000-000000000003',
    identity: {
      authorization: { scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/prod-rg`, action: operation.replace(/^MICROSOFT/, 'Microsoft'), evidence: { role: 'Owner', roleAssignmentScope: `/subscriptions/${SUBSCRIPTION}`, roleAssignmentId: 'ra1', roleDefinitionId: '8e3af657a8ff443ca75c2fe8c4bcb635', principalId: '11111111aaaa4aaa8aaa111111111111', principalType: 'User' } },
      claims: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': 'alex.doe@contoso.example', name: 'Alex Doe', appid: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 'http://schemas.microsoft.com/identity/claims/tenantid': TENANT },
    },
    level: 'Information',
    location: 'global',
    properties: { statusCode: 'OK', serviceRequestId: null, eventCategory: 'Administrative', entity: `/subscriptions/${SUBSCRIPTION}/resourceGroups/prod-rg`, message: operation, hierarchy: TENANT },
    ...extra,
  };
}

/** An activity-log event as the Azure Monitor REST API returns it (`az monitor activity-log list`, one element). */
export function restActivity(time: string, operation: string, resourceId: string, appId: string): Json {
  return {
    authorization: { action: operation, scope: resourceId },
    caller: appId,
    channels: 'Operation',
    claims: { appid: appId, idtyp: 'app', 'http://schemas.microsoft.com/identity/claims/tenantid': TENANT },
    correlationId: 'c0ffee00-0000-4000-8000-000000000004',
    description: '',
    eventDataId: 'e0e0e0e0-0000-4000-8000-000000000004',
    eventName: { value: 'EndRequest', localizedValue: 'End request' },
    category: { value: 'Administrative', localizedValue: 'Administrative' },
    eventTimestamp: time,
    httpRequest: { clientRequestId: '', clientIpAddress: '198.51.100.23', method: 'POST' },
    id: `${resourceId}/events/e0e0e0e0/ticks/1`,
    level: 'Informational',
    operationId: 'op-1',
    operationName: { value: operation, localizedValue: 'List cluster user credential' },
    resourceGroupName: 'prod-rg',
    resourceProviderName: { value: 'Microsoft.Kubernetes', localizedValue: 'Microsoft.Kubernetes' },
    resourceType: { value: 'Microsoft.Kubernetes/connectedClusters', localizedValue: 'Microsoft.Kubernetes/connectedClusters' },
    resourceId,
    status: { value: 'Succeeded', localizedValue: 'Succeeded' },
    subStatus: { value: 'OK', localizedValue: 'OK (HTTP Status Code: 200)' },
    submissionTimestamp: time,
    subscriptionId: SUBSCRIPTION,
    tenantId: TENANT,
    properties: { statusCode: 'OK', eventCategory: 'Administrative', entity: resourceId, message: operation, hierarchy: TENANT },
  };
}

/** NDJSON text of records. */
export function ndjson(records: readonly Json[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + '\n';
}
