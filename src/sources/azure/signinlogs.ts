/**
 * Entra ID sign-in logs (diagnostic-settings records: `time`, `category`, `properties{…}`) as the
 * azure integration's signinlogs pipeline maps them: every key snake_cased, the four sign-in
 * categories kept (`…SignInLogs`), source address from the record's IP fields, status code →
 * outcome, UPN → user.name/domain, location → geo.*, GeoIP/ASN of source.ip when databases were
 * given, then the shared pipeline. Graph-shaped
 * records are first brought to this form (graph.ts). User agents are parsed (common/user-agent). Not done:
 * `event.original`
 * (the integration removes it too unless `preserve_original_event`). See docs/sources-cloud.md.
 */
import { enrichGeoIp, type GeoIpDatabases } from '../common/geoip/enrich.ts';
import { isJsonObject } from '../common/json.ts';
import { get, ipText, isoTimestamp, mapKeys, millisToNanos, move, putOwn, relateSourceIp, remove, set, snakeCase, userAtHost, type Doc } from './fields.ts';
import { sharedPipeline } from './shared.ts';
import type { AzureMapped } from './types.ts';
import { applyUserAgent } from '../common/user-agent/apply.ts';

const P = 'azure.signinlogs.properties';

export function mapSignIn(record: Readonly<Record<string, unknown>>, geoip?: GeoIpDatabases): AzureMapped {
  const signin = mapKeys(record, snakeCase) as Doc;
  const category = signin['category'];
  if (typeof category !== 'string' || !category.endsWith('SignInLogs')) return { notMapped: 'not a sign-in record', message: `category ${JSON.stringify(category ?? null)} does not end in SignInLogs` };
  const doc: Doc = { azure: { signinlogs: signin } };
  // The current integration stamps the sign-in's own time (createdDateTime) when there is one; the export time otherwise.
  const timestamp = isoTimestamp(get(doc, `${P}.created_date_time`)) ?? isoTimestamp(signin['time']);
  if (timestamp === undefined) return { notMapped: 'no time', message: `neither properties.createdDateTime nor time is an ISO-8601 time (time: ${JSON.stringify(signin['time'] ?? null)})` };
  set(doc, '@timestamp', timestamp);
  remove(doc, 'azure.signinlogs.time');
  move(doc, 'azure.signinlogs.resource_id', 'azure.resource_id');
  sourceAddress(doc);
  const level = get(doc, 'azure.signinlogs.level');
  if (level !== undefined && level !== null) set(doc, 'log.level', String(level));
  remove(doc, 'azure.signinlogs.level');
  move(doc, 'azure.signinlogs.duration_ms', 'event.duration');
  const duration = millisToNanos(get(doc, 'event.duration'));
  if (duration !== undefined) set(doc, 'event.duration', duration);
  move(doc, 'azure.signinlogs.location', 'geo.country_iso_code');
  const operation = get(doc, 'azure.signinlogs.operation_name');
  if (operation !== undefined && operation !== null) set(doc, 'event.action', String(operation));
  move(doc, 'azure.signinlogs.tenant_id', 'azure.tenant_id');
  move(doc, 'azure.signinlogs.correlation_id', 'azure.correlation_id');
  move(doc, `${P}.created_date_time`, `${P}.created_at`);
  move(doc, `${P}.processing_time_in_milliseconds`, `${P}.processing_time_ms`);
  move(doc, `${P}.risk_level_during_sign_in`, `${P}.risk_level_during_signin`);
  statusMessage(doc);
  location(doc);
  processingDetails(doc);
  set(doc, 'event.kind', 'event');
  set(doc, 'event.category', ['authentication']);
  set(doc, 'event.type', ['info']);
  const errorCode = get(doc, `${P}.status.error_code`);
  const code = typeof errorCode === 'number' ? errorCode : typeof errorCode === 'string' && /^\d+$/.test(errorCode) ? Number(errorCode) : undefined;
  set(doc, 'event.outcome', errorCode === undefined || errorCode === null || code === 0 ? 'success' : code !== undefined && code > 0 ? 'failure' : undefined);
  if (get(doc, 'event.outcome') === undefined) remove(doc, 'event.outcome');
  const id = get(doc, `${P}.id`);
  if (typeof id === 'string' && id !== '') set(doc, 'event.id', id);
  user(doc);
  enrichGeoIp(doc, geoip);
  move(doc, `${P}.user_agent`, 'user_agent.original');
  applyUserAgent(doc);
  sharedPipeline(doc);
  return { doc, dataset: 'azure.signinlogs' };
}

/** Sign-in logs carry the address in up to three fields; the first one filled is the source. */
function sourceAddress(doc: Doc): void {
  const candidates = [`${P}.ipaddress`, `${P}.ip_address`, 'azure.signinlogs.caller_ip_address'];
  const address = candidates.map((path) => get(doc, path)).find((value): value is string => typeof value === 'string' && value !== '');
  for (const path of candidates) remove(doc, path);
  if (address === undefined) return;
  set(doc, 'source.address', address);
  const ip = ipText(address);
  if (ip === undefined) return;
  set(doc, 'source.ip', ip);
  relateSourceIp(doc, ip);
}

/** The current integration's message: failure reason, with additional details in brackets. */
function statusMessage(doc: Doc): void {
  const reason = get(doc, `${P}.status.failure_reason`);
  const details = get(doc, `${P}.status.additional_details`);
  const message = typeof reason === 'string' && typeof details === 'string' ? `${reason} (${details})` : typeof reason === 'string' ? reason : details;
  if (typeof message === 'string') set(doc, 'message', message);
  remove(doc, `${P}.status.failure_reason`);
  remove(doc, `${P}.status.additional_details`);
}

function location(doc: Doc): void {
  move(doc, `${P}.location.city`, 'geo.city_name');
  move(doc, `${P}.location.state`, 'geo.country_name');
  move(doc, `${P}.location.geo_coordinates.latitude`, 'geo.location.lat');
  move(doc, `${P}.location.geo_coordinates.longitude`, 'geo.location.lon');
  remove(doc, `${P}.location`);
}

/** `[{key, value}, …]` → `{key: value, …}` (the rules match `authentication_processing_details` by its values). */
function processingDetails(doc: Doc): void {
  const details = get(doc, `${P}.authentication_processing_details`);
  if (!Array.isArray(details)) return;
  const map: Doc = {};
  for (const item of details) if (isJsonObject(item) && typeof item['key'] === 'string') putOwn(map, item['key'], item['value']);
  set(doc, `${P}.authentication_processing_details`, map);
}

function user(doc: Doc): void {
  const upn = get(doc, `${P}.user_principal_name`);
  if (typeof upn === 'string') {
    const parts = userAtHost(upn);
    if (parts) {
      set(doc, 'user.name', parts.name);
      set(doc, 'user.domain', parts.domain);
    } else set(doc, 'user.name', upn);
  }
  const fullName = get(doc, `${P}.user_display_name`);
  if (fullName !== undefined && fullName !== null) set(doc, 'user.full_name', String(fullName));
  const userId = get(doc, `${P}.user_id`);
  if (userId === null) remove(doc, `${P}.user_id`);
  else if (userId !== undefined) set(doc, 'user.id', String(userId));
}
