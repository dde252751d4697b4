/**
 * Entra ID audit logs (diagnostic-settings records, category `AuditLogs`) as the azure
 * integration's auditlogs pipeline maps them: top-level camelCase renamed field by field (not the
 * sign-in pipeline's blanket snake_case: `initiated_by.user.userPrincipalName` stays camel, as the
 * rules read it), `properties.result` → outcome, caller address → source.ip, and
 * `targetResources` re-keyed by position (`target_resources.0.modified_properties.3.new_value`,
 * which rules read by index). Graph directoryAudit records are brought to this form first.
 */
import { enrichGeoIp, type GeoIpDatabases } from '../common/geoip/enrich.ts';
import { isJsonObject } from '../common/json.ts';
import { get, moveCallerAddress, isoTimestamp, millisToNanos, move, remove, set, type Doc } from './fields.ts';
import { sharedPipeline } from './shared.ts';
import type { AzureMapped } from './types.ts';
import { copyRecord } from './fields.ts';

const A = 'azure.auditlogs';
const P = `${A}.properties`;

/** Renames after the outcome (pipeline order), top level then properties. */
const RENAMES: readonly (readonly [string, string])[] = [
  [`${A}.operationName`, `${A}.operation_name`],
  [`${A}.resultSignature`, `${A}.result_signature`],
  [`${A}.operationVersion`, `${A}.operation_version`],
  [`${A}.tenantId`, 'azure.tenant_id'],
  [`${A}.correlationId`, 'azure.correlation_id'],
  [`${P}.activityDisplayName`, `${P}.activity_display_name`],
  [`${P}.activityDateTime`, `${P}.activity_datetime`],
  [`${P}.additionalDetails`, `${P}.additional_details`],
];

const PROPERTY_RENAMES: readonly (readonly [string, string])[] = [
  [`${P}.resultReason`, `${P}.result_reason`],
  [`${P}.correlationId`, `${P}.correlation_id`],
  [`${P}.loggedByService`, `${P}.logged_by_service`],
  [`${P}.operationType`, `${P}.operation_type`],
];

export function mapAudit(record: Readonly<Record<string, unknown>>, geoip?: GeoIpDatabases): AzureMapped {
  const audit = copyRecord(record);
  if (audit['category'] !== 'AuditLogs') return { notMapped: 'not an audit record', message: `category ${JSON.stringify(audit['category'] ?? null)} is not AuditLogs` };
  const doc: Doc = { azure: { auditlogs: audit } };
  const timestamp = isoTimestamp(audit['time']);
  if (timestamp !== undefined) set(doc, '@timestamp', timestamp);
  else return { notMapped: 'no time', message: `time ${JSON.stringify(audit['time'] ?? null)} is not an ISO-8601 time` };
  move(doc, `${A}.resourceId`, 'azure.resource_id');
  move(doc, `${A}.durationMs`, 'event.duration');
  const duration = millisToNanos(get(doc, 'event.duration'));
  if (duration !== undefined) set(doc, 'event.duration', duration);
  const result = get(doc, `${P}.result`);
  if (typeof result === 'string' && ['success', 'failure'].includes(result.toLowerCase())) move(doc, `${P}.result`, 'event.outcome');
  move(doc, `${A}.level`, 'log.level');
  remove(doc, `${A}.time`);
  const operation = get(doc, `${A}.operationName`);
  if (operation !== undefined && operation !== null) set(doc, 'event.action', String(operation));
  for (const [from, to] of RENAMES) move(doc, from, to);
  moveCallerAddress(doc, A);
  for (const [from, to] of PROPERTY_RENAMES) move(doc, from, to);
  targetResources(doc);
  move(doc, `${P}.initiatedBy`, `${P}.initiated_by`);
  enrichGeoIp(doc, geoip);
  set(doc, 'event.kind', 'event');
  sharedPipeline(doc);
  return { doc, dataset: 'azure.auditlogs' };
}

/**
 * The pipeline's painless script: `targetResources[i]` → `target_resources["i"]` with snake_case
 * keys and `modifiedProperties[j]` → `modified_properties["j"]`. Like the script (which runs with
 * `ignore_failure`), a resource without a `modifiedProperties` list stops it where it is: what was
 * built stays and `targetResources` is not removed.
 */
function targetResources(doc: Doc): void {
  const resources = get(doc, `${P}.targetResources`);
  if (resources === undefined || resources === null) return;
  if (!Array.isArray(resources)) return;
  const out: Doc = {};
  set(doc, `${P}.target_resources`, out);
  for (const [i, resource] of resources.entries()) {
    if (!isJsonObject(resource)) return;
    const target: Doc = {};
    out[String(i)] = target;
    if (resource['displayName'] !== undefined && resource['displayName'] !== null) target['display_name'] = resource['displayName'];
    target['id'] = resource['id'] ?? null;
    target['type'] = resource['type'] ?? null;
    if (resource['ipAddress'] !== undefined && resource['ipAddress'] !== null) target['ip_address'] = resource['ipAddress'];
    if (resource['userPrincipalName'] !== undefined && resource['userPrincipalName'] !== null) target['user_principal_name'] = resource['userPrincipalName'];
    const modified: Doc = {};
    target['modified_properties'] = modified;
    const list = resource['modifiedProperties'];
    if (!Array.isArray(list)) return;
    for (const [j, property] of list.entries()) {
      if (!isJsonObject(property)) return;
      modified[String(j)] = { display_name: property['displayName'] ?? null, new_value: property['newValue'] ?? null, old_value: property['oldValue'] ?? null };
    }
  }
  remove(doc, `${P}.targetResources`);
}
