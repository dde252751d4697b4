/**
 * Records exported through an API rather than diagnostic settings, brought to the diagnostic
 * form the integration's pipelines read, so both forms give the same ECS. What comes from where is
 * listed in docs/sources-cloud.md; nothing is invented: a diagnostic field the API record has no
 * source for (`durationMs`, `Level`, `resultSignature`, `resourceId` of sign-ins) stays absent.
 */
import { isJsonObject, objectAt, stringAt, type JsonObject } from '../common/json.ts';

type Out = Record<string, unknown>;

function putDefined(out: Out, key: string, value: unknown): void {
  if (value !== undefined && value !== null) out[key] = value;
}

/** The diagnostic category of a Graph signIn: beta's `signInEventTypes`, else `isInteractive`. */
function signInCategory(record: JsonObject): string {
  const types = Array.isArray(record['signInEventTypes']) ? record['signInEventTypes'] : [];
  if (types.includes('servicePrincipal')) return 'ServicePrincipalSignInLogs';
  if (types.includes('managedIdentity')) return 'ManagedIdentitySignInLogs';
  if (types.includes('nonInteractiveUser')) return 'NonInteractiveUserSignInLogs';
  if (types.includes('interactiveUser')) return 'SignInLogs';
  return record['isInteractive'] === false ? 'NonInteractiveUserSignInLogs' : 'SignInLogs';
}

/**
 * Graph `signIn` (v1.0 or beta, also the Entra portal's "Download JSON"): the record is the
 * diagnostic `properties`; the top level is what diagnostic settings derive from it.
 */
export function graphSignInToDiagnostic(record: JsonObject): Out {
  const status = objectAt(record, 'status');
  const out: Out = { time: record['createdDateTime'], category: signInCategory(record), operationName: 'Sign-in activity', operationVersion: '1.0' };
  const errorCode = status?.['errorCode'];
  if (typeof errorCode === 'number' || typeof errorCode === 'string') out['resultType'] = String(errorCode);
  putDefined(out, 'resultDescription', stringAt(status, 'failureReason'));
  putDefined(out, 'identity', stringAt(record, 'userDisplayName') ?? stringAt(record, 'servicePrincipalName'));
  putDefined(out, 'location', stringAt(objectAt(record, 'location'), 'countryOrRegion'));
  putDefined(out, 'callerIpAddress', stringAt(record, 'ipAddress'));
  putDefined(out, 'correlationId', stringAt(record, 'correlationId'));
  const tenant = stringAt(record, 'tenantId') ?? stringAt(record, 'resourceTenantId');
  putDefined(out, 'tenantId', tenant);
  out['properties'] = record;
  return out;
}

/** Graph `directoryAudit`: the record is the diagnostic `properties`; operation and caller from it. */
export function graphAuditToDiagnostic(record: JsonObject): Out {
  const initiatedBy = objectAt(record, 'initiatedBy');
  const user = objectAt(initiatedBy, 'user');
  const app = objectAt(initiatedBy, 'app');
  const out: Out = { time: record['activityDateTime'], category: 'AuditLogs', operationName: record['activityDisplayName'], operationVersion: '1.0' };
  putDefined(out, 'identity', stringAt(user, 'displayName') ?? stringAt(user, 'userPrincipalName') ?? stringAt(app, 'displayName'));
  putDefined(out, 'callerIpAddress', stringAt(user, 'ipAddress') ?? stringAt(app, 'ipAddress'));
  putDefined(out, 'correlationId', stringAt(record, 'correlationId'));
  putDefined(out, 'tenantId', stringAt(record, 'tenantId'));
  out['properties'] = record;
  return out;
}

/** REST `status.value` → diagnostic `resultType` (the outcome reads Success/Failure). */
const RESULT_TYPES: Readonly<Record<string, string>> = { Succeeded: 'Success', Failed: 'Failure', Started: 'Start', Accepted: 'Accept' };

/**
 * Azure Monitor activity-log REST event (`az monitor activity-log list`, the portal's JSON view):
 * localized `{value, localizedValue}` pairs become their `value`; the operation is upper-cased as
 * diagnostic exports write it (rules match `MICROSOFT.…/WRITE`).
 */
export function restActivityToDiagnostic(record: JsonObject): Out {
  const value = (key: string): string | undefined => stringAt(objectAt(record, key), 'value');
  const status = value('status');
  const out: Out = { time: record['eventTimestamp'], operationName: value('operationName')?.toUpperCase(), category: value('category') };
  putDefined(out, 'resourceId', stringAt(record, 'resourceId'));
  putDefined(out, 'resultType', status === undefined ? undefined : (RESULT_TYPES[status] ?? status));
  putDefined(out, 'callerIpAddress', stringAt(objectAt(record, 'httpRequest'), 'clientIpAddress'));
  putDefined(out, 'correlationId', stringAt(record, 'correlationId'));
  putDefined(out, 'level', stringAt(record, 'level'));
  putDefined(out, 'tenantId', stringAt(record, 'tenantId'));
  putDefined(out, 'caller', stringAt(record, 'caller'));
  const identity: Out = {};
  putDefined(identity, 'authorization', record['authorization']);
  putDefined(identity, 'claims', record['claims']);
  if (Object.keys(identity).length > 0) out['identity'] = identity;
  const properties = isJsonObject(record['properties']) ? { ...record['properties'] } : {};
  if (out['category'] !== undefined) properties['eventCategory'] = out['category'];
  out['properties'] = properties;
  return out;
}
