/**
 * Azure activity logs (diagnostic-settings records: `time`, `resourceId`, upper-case
 * `operationName`, `category`, `resultType`, `identity{authorization, claims}`, `properties`) as
 * the azure integration's activitylogs pipeline maps them: operation → event.action (upper case
 * as exported: the rules match `MICROSOFT.…/WRITE`), result type → outcome, caller → source.ip,
 * the initiating user from the claims, the category's event.type. Records from the REST API or
 * `az monitor activity-log list` are brought to this form first (graph.ts).
 */
import { enrichGeoIp, geoFields, type GeoIpDatabases } from '../common/geoip/enrich.ts';
import { parseIp } from '../common/geoip/ip.ts';
import { isJsonObject } from '../common/json.ts';
import { copyRecord, get, moveCallerAddress, isoTimestamp, mapKeys, millisToNanos, move, remove, set, userAtHost, type Doc } from './fields.ts';
import { sharedPipeline } from './shared.ts';
import type { AzureMapped } from './types.ts';

const A = 'azure.activitylogs';
const CLAIMS = `${A}.identity.claims`;
const BY_USER = `${A}.identity.claims_initiated_by_user`;
const CLAIM_SCHEMA = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const EVIDENCE = `${A}.identity.authorization.evidence`;

const RENAMES: readonly (readonly [string, string])[] = [
  [`${A}.operationVersion`, `${A}.operation_version`],
  [`${A}.tenantId`, `${A}.tenant_id`],
  [`${A}.Level`, `${A}.level`],
  [`${A}.resultSignature`, `${A}.result_signature`],
  [`${EVIDENCE}.roleAssignmentScope`, `${EVIDENCE}.role_assignment_scope`],
  [`${EVIDENCE}.roleDefinitionId`, `${EVIDENCE}.role_definition_id`],
  [`${EVIDENCE}.roleAssignmentId`, `${EVIDENCE}.role_assignment_id`],
  [`${EVIDENCE}.principalId`, `${EVIDENCE}.principal_id`],
  [`${EVIDENCE}.principalType`, `${EVIDENCE}.principal_type`],
  [`${A}.correlationId`, 'azure.correlation_id'],
  [`${A}.properties.serviceRequestId`, `${A}.properties.service_request_id`],
  [`${A}.properties.statusMessage`, 'message'],
  [`${A}.properties.statusCode`, `${A}.properties.status_code`],
];

/** The pipeline's category → event.type table (activity-log categories rarely match it: kept as written). */
const CATEGORY_TYPES: Readonly<Record<string, readonly string[]>> = { write: ['change'], read: ['access'], delete: ['deletion'], action: ['change'] };

/** The pipeline first deletes `"":"",` from the raw text (empty-named empty members): the same on parsed JSON. */
function withoutEmptyMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyMembers);
  if (!isJsonObject(value)) return value;
  const out = mapKeys(value, (key) => key) as Doc;
  if (out[''] === '') delete out[''];
  for (const [key, child] of Object.entries(out)) if (isJsonObject(child) || Array.isArray(child)) out[key] = withoutEmptyMembers(child);
  return out;
}

export function mapActivity(record: Readonly<Record<string, unknown>>, geoip?: GeoIpDatabases): AzureMapped {
  const activity = withoutEmptyMembers(copyRecord(record)) as Doc;
  const doc: Doc = { azure: { activitylogs: activity } };
  const timestamp = isoTimestamp(activity['time']);
  if (timestamp === undefined) return { notMapped: 'no time', message: `time ${JSON.stringify(activity['time'] ?? null)} is not an ISO-8601 time` };
  set(doc, '@timestamp', timestamp);
  remove(doc, `${A}.time`);
  move(doc, `${A}.resourceId`, 'azure.resource_id');
  moveCallerAddress(doc, A);
  move(doc, `${A}.level`, 'log.level');
  move(doc, `${A}.durationMs`, 'event.duration');
  const duration = millisToNanos(get(doc, 'event.duration'));
  if (duration !== undefined) set(doc, 'event.duration', duration);
  move(doc, `${A}.location`, 'geo.name');
  if (typeof activity['identity'] === 'string') move(doc, `${A}.identity`, `${A}.identity_name`);
  parseProperties(doc);
  eventCategory(doc);
  move(doc, `${A}.resultType`, `${A}.result_type`);
  outcome(doc);
  move(doc, `${A}.operationName`, `${A}.operation_name`);
  const operation = get(doc, `${A}.operation_name`);
  if (operation !== undefined && operation !== null) set(doc, 'event.action', String(operation));
  for (const [from, to] of RENAMES) move(doc, from, to);
  geoObject(doc, geoip);
  claims(doc);
  const category = activity['category'];
  const type = typeof category === 'string' ? CATEGORY_TYPES[category.toLowerCase()] : undefined;
  if (type !== undefined) set(doc, 'event.type', [...type]);
  enrichGeoIp(doc, geoip);
  initiatingUser(doc);
  set(doc, 'event.kind', 'event');
  sharedPipeline(doc);
  return { doc, dataset: 'azure.activitylogs' };
}

/** The pipeline's first geoip, into `geo` itself: a hit replaces the whole object (the record's `geo.name` goes). */
function geoObject(doc: Doc, geoip: GeoIpDatabases | undefined): void {
  const ip = get(doc, 'source.ip');
  const address = typeof ip === 'string' ? parseIp(ip) : undefined;
  const record = address === undefined ? undefined : geoip?.geo?.lookup(address);
  const geo = record === undefined ? undefined : geoFields(record.data);
  if (geo !== undefined) set(doc, 'geo', geo);
}

/** `properties` exported as a JSON string is parsed in place (left as text when it does not parse). */
function parseProperties(doc: Doc): void {
  const properties = get(doc, `${A}.properties`);
  if (typeof properties !== 'string') return;
  try {
    const parsed: unknown = JSON.parse(properties);
    set(doc, `${A}.properties`, isJsonObject(parsed) ? mapKeys(parsed, (key) => key) : parsed);
  } catch {
    // The json processor's ignore_failure: the text stays.
  }
}

function eventCategory(doc: Doc): void {
  const own = get(doc, `${A}.properties.eventCategory`);
  const category = own !== undefined && own !== null ? own : get(doc, `${A}.properties.policies`) !== undefined && get(doc, `${A}.properties.policies`) !== null ? 'Policy' : 'Administrative';
  set(doc, `${A}.event_category`, category);
  remove(doc, `${A}.properties.eventCategory`);
}

/** `resultType` Success/Failure (any case), else `properties.result` success/failure/unknown (exact). */
function outcome(doc: Doc): void {
  const resultType = get(doc, `${A}.result_type`);
  if (typeof resultType === 'string' && ['success', 'failure'].includes(resultType.toLowerCase())) {
    set(doc, 'event.outcome', resultType);
    return;
  }
  const result = get(doc, `${A}.properties.result`);
  if (typeof result === 'string' && ['success', 'failure', 'unknown'].includes(result)) set(doc, 'event.outcome', result);
}

/** The claims' name parts under `claims_initiated_by_user`, and dots in claim names → `_` (they are field names). */
function claims(doc: Doc): void {
  move(doc, `${CLAIMS}.name`, `${BY_USER}.fullname`);
  const claimSet = get(doc, CLAIMS);
  if (!isJsonObject(claimSet)) return;
  for (const part of ['surname', 'name', 'givenname']) {
    const value = claimSet[`${CLAIM_SCHEMA}/${part}`];
    if (value !== undefined && value !== null) set(doc, `${BY_USER}.${part}`, value);
  }
  if (get(doc, `${BY_USER}.name`) !== undefined) set(doc, `${BY_USER}.schema`, CLAIM_SCHEMA);
  set(doc, CLAIMS, mapKeys(claimSet, (key) => key.replaceAll('.', '_')));
}

/** The initiating user: `user@domain` → name, domain and email; any other name as `user.name`. */
function initiatingUser(doc: Doc): void {
  const name = get(doc, `${BY_USER}.name`);
  if (typeof name === 'string' && name !== '') {
    const parts = userAtHost(name);
    if (parts) {
      set(doc, 'user.name', parts.name);
      set(doc, 'user.domain', parts.domain);
      set(doc, 'user.email', name);
    } else set(doc, 'user.name', name);
    set(doc, 'related.user', [get(doc, 'user.name')]);
  }
  const fullName = get(doc, `${BY_USER}.fullname`);
  if (fullName !== undefined && fullName !== null) set(doc, 'user.full_name', String(fullName));
}
