/**
 * One Okta System Log event (the `/api/v1/logs` LogEvent object) as Elastic's okta integration
 * indexes it (`logs-okta.system-*`): field for field what its ingest pipeline
 * (data_stream/system/elasticsearch/ingest_pipeline/default.yml, ecs 8.11.0) and the default
 * `use_flattened_debug` sub-pipeline write, then GeoIP/ASN of `source.ip` when a database was
 * given. User agents are parsed (common/user-agent). Not done: `event.original`
 * (kept by the integration only with the `preserve_original_event` tag). See docs/sources-cloud.md.
 */
import { isoMillis } from '../common/ecs.ts';
import { appendPath, getPath, pruneEmpty, putDefined, putPath, renamePath, type Doc } from '../common/doc.ts';
import { enrichGeoIp } from '../common/geoip/enrich.ts';
import { isIpAddress } from '../common/geoip/ip.ts';
import { isJsonObject, type JsonObject } from '../common/json.ts';
import type { EcsEvent, MapResult, RawRecord, RecordMapper, SourceContext } from '../types.ts';
import { isOktaCsvRow, logEventOfRow } from './csv-row.ts';
import { mapDebugData } from './debug-data.ts';
import { categorise } from './event-types.ts';
import { applyUserAgent } from '../common/user-agent/apply.ts';

export const OKTA_DATASET = 'okta.system';
const ECS_VERSION = '8.11.0';

export const OKTA_NOT_MAPPED = { notEvent: 'not an Okta log event' } as const;

/** Renames from the LogEvent (`json.*`) to `okta.*`, in the pipeline's order (ignore_missing). */
const RENAMES: readonly (readonly [string, string])[] = [
  ['displayMessage', 'okta.display_message'],
  ['eventType', 'okta.event_type'],
  ['uuid', 'okta.uuid'],
  ['actor.alternateId', 'okta.actor.alternate_id'],
  ['actor.displayName', 'okta.actor.display_name'],
  ['actor.id', 'okta.actor.id'],
  ['actor.type', 'okta.actor.type'],
  ['client.device', 'okta.client.device'],
  ['device', 'okta.device'],
  ['client.geographicalContext.geolocation', 'client.geo.location'],
  ['client.geographicalContext.city', 'client.geo.city_name'],
  ['client.geographicalContext.state', 'client.geo.region_name'],
  ['client.geographicalContext.country', 'client.geo.country_name'],
  ['client.id', 'okta.client.id'],
  ['client.userAgent.browser', 'okta.client.user_agent.browser'],
  ['client.userAgent.os', 'okta.client.user_agent.os'],
  ['client.userAgent.rawUserAgent', 'okta.client.user_agent.raw_user_agent'],
  ['client.zone', 'okta.client.zone'],
  ['outcome.reason', 'okta.outcome.reason'],
  ['outcome.result', 'okta.outcome.result'],
  ['target', 'okta.target'],
  ['transaction.id', 'okta.transaction.id'],
  ['transaction.type', 'okta.transaction.type'],
  ['transaction.detail.requestApiTokenId', 'okta.transaction.detail.request_api_token_id'],
];

/** Renames after the debug sub-pipeline; `interface` only lands when `authenticationProvider` did not (rename onto a set field fails). */
const LATE_RENAMES: readonly (readonly [string, string])[] = [
  ['authenticationContext.authenticationProvider', 'okta.authentication_context.authentication_provider'],
  ['authenticationContext.authenticationStep', 'okta.authentication_context.authentication_step'],
  ['authenticationContext.credentialProvider', 'okta.authentication_context.credential_provider'],
  ['authenticationContext.credentialType', 'okta.authentication_context.credential_type'],
  ['authenticationContext.externalSessionId', 'okta.authentication_context.external_session_id'],
  ['authenticationContext.interface', 'okta.authentication_context.authentication_provider'],
  ['authenticationContext.issuer', 'okta.authentication_context.issuer'],
  ['securityContext.asNumber', 'okta.security_context.as.number'],
  ['securityContext.asOrg', 'okta.security_context.as.organization.name'],
  ['securityContext.domain', 'okta.security_context.domain'],
  ['securityContext.isProxy', 'okta.security_context.is_proxy'],
  ['securityContext.isp', 'okta.security_context.isp'],
  ['request.ipChain', 'okta.request.ip_chain'],
];

/** A LogEvent: what the Okta API, NDJSON exports and the console's JSON download hold. */
export function isOktaLogEvent(record: RawRecord): boolean {
  return typeof record['eventType'] === 'string' && typeof record['published'] === 'string' && (isJsonObject(record['actor']) || typeof record['uuid'] === 'string');
}

/** Grok `%{USER}` found anywhere in the text (grok searches, it does not anchor). */
function grokUser(text: unknown): string | undefined {
  return typeof text === 'string' ? /[a-zA-Z0-9._-]+/.exec(text)?.[0] : undefined;
}

/** Mustache `{{x}}` of a value: its text. */
function template(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
}

/** The okta-target-modifications script: snake_case ids and names, detailEntry cut to the two fields kept; first user and group target. */
function targets(doc: Doc): void {
  const list = getPath(doc, 'okta.target');
  if (!Array.isArray(list)) return;
  let user: JsonObject | undefined;
  let group: JsonObject | undefined;
  for (const item of list) {
    if (!isJsonObject(item)) continue;
    const target = item as Doc;
    target['alternate_id'] = target['alternateId'] ?? null;
    delete target['alternateId'];
    target['display_name'] = target['displayName'] ?? null;
    delete target['displayName'];
    const detail = target['detailEntry'];
    if (isJsonObject(detail)) {
      for (const key of Object.keys(detail)) if (key !== 'methodTypeUsed' && key !== 'methodUsedVerifiedProperties') delete (detail as Doc)[key];
      if (Object.keys(detail).length === 0) delete target['detailEntry'];
    }
  }
  for (const item of list) {
    const type = isJsonObject(item) && typeof item['type'] === 'string' ? item['type'].toLowerCase() : undefined;
    if (type === 'user' && user === undefined) user = item as JsonObject;
    if (type === 'usergroup' && group === undefined) group = item as JsonObject;
  }
  putDefined(doc, 'user.target.full_name', user?.['display_name']);
  putDefined(doc, 'user.target.id', user?.['id']);
  putDefined(doc, 'user.target.email', user?.['login']);
  putDefined(doc, 'user.target.group.name', group?.['display_name']);
  putDefined(doc, 'user.target.group.id', group?.['id']);
}

/** The integration's document for one LogEvent, without the GeoIP step. */
export function oktaDocument(record: RawRecord, path: string): EcsEvent {
  const json = (pruneEmpty(record) ?? {}) as Doc;
  const doc: Doc = {
    ecs: { version: ECS_VERSION },
    data_stream: { type: 'logs', dataset: OKTA_DATASET, namespace: 'default' },
    event: { dataset: OKTA_DATASET, module: 'okta' },
    log: { file: { path } },
    // The integration's input tags every event so (its default `tags` variable).
    tags: ['forwarded', 'okta-system'],
  };
  const published = isoMillis(typeof json['published'] === 'string' ? json['published'] : '');
  if (published !== undefined) doc['@timestamp'] = published;
  putPath(doc, 'event.kind', 'event');
  moveAll(doc, json, RENAMES);
  const eventType = getPath(doc, 'okta.event_type');
  const { category, type } = categorise(typeof eventType === 'string' ? eventType : undefined);
  if (category.length > 0) putPath(doc, 'event.category', category);
  if (type.length > 0) putPath(doc, 'event.type', type);
  const userName = grokUser(getPath(doc, 'okta.actor.alternate_id'));
  if (userName !== undefined) {
    putPath(doc, 'user.name', userName);
    putPath(doc, 'source.user.name', userName);
    putPath(doc, 'client.user.name', userName);
  }
  const integrator = getPath(doc, 'okta.device.device_integrator');
  if (typeof integrator === 'string') {
    try {
      putPath(doc, 'okta.device.device_integrator', JSON.parse(integrator) as unknown);
    } catch {
      // Unparsable: left as text (the pipeline would fail the document here).
    }
  }
  const ip = getPath(json, 'client.ipAddress');
  if (typeof ip === 'string' && isIpAddress(ip)) putPath(doc, 'okta.client.ip', ip);
  mapDebugData(doc, getPath(json, 'debugContext.debugData'));
  moveAll(doc, json, LATE_RENAMES);
  renameChain(doc);
  putDefined(doc, 'user_agent.original', template(getPath(doc, 'okta.client.user_agent.raw_user_agent')));
  applyUserAgent(doc);
  const clientIp = getPath(doc, 'okta.client.ip');
  putDefined(doc, 'client.ip', clientIp);
  putDefined(doc, 'source.ip', clientIp);
  putDefined(doc, 'event.action', template(eventType));
  putDefined(doc, 'client.as.organization.name', template(getPath(doc, 'okta.security_context.as.organization.name')));
  const domain = template(getPath(doc, 'okta.security_context.domain'));
  putDefined(doc, 'client.domain', domain);
  putDefined(doc, 'source.domain', domain);
  putDefined(doc, 'event.id', template(getPath(doc, 'okta.uuid')));
  const result = getPath(doc, 'okta.outcome.result');
  const lower = typeof result === 'string' ? result.toLowerCase() : undefined;
  putPath(doc, 'event.outcome', lower === 'success' || lower === 'allow' ? 'success' : lower === 'failure' || lower === 'deny' ? 'failure' : 'unknown');
  targets(doc);
  actorFields(doc);
  related(doc);
  return doc;
}

function moveAll(doc: Doc, json: Doc, renames: readonly (readonly [string, string])[]): void {
  for (const [key, to] of renames) {
    const value = getPath(json, key);
    if (value === undefined || getPath(doc, to) !== undefined) continue;
    putPath(doc, to, value);
  }
}

/** `okta.request.ip_chain[].geographicalContext(.postalCode)` to snake_case, as the pipeline's two foreach renames do. */
function renameChain(doc: Doc): void {
  const chain = getPath(doc, 'okta.request.ip_chain');
  if (!Array.isArray(chain)) return;
  for (const hop of chain) {
    if (!isJsonObject(hop)) continue;
    renamePath(hop as Doc, 'geographicalContext', 'geographical_context');
    renamePath(hop as Doc, 'geographical_context.postalCode', 'geographical_context.postal_code');
  }
}

function actorFields(doc: Doc): void {
  const id = template(getPath(doc, 'okta.actor.id'));
  putDefined(doc, 'client.user.id', id);
  putDefined(doc, 'source.user.id', id);
  const name = template(getPath(doc, 'okta.actor.display_name'));
  for (const field of ['client.user.full_name', 'source.user.full_name', 'user.full_name']) putDefined(doc, field, name);
}

function related(doc: Doc): void {
  for (const field of ['okta.actor.display_name', 'user.target.full_name', 'user.name']) {
    const value = template(getPath(doc, field));
    if (value !== undefined) appendPath(doc, 'related.user', [value], false);
  }
  const ip = template(getPath(doc, 'source.ip'));
  if (ip !== undefined) appendPath(doc, 'related.ip', [ip], false);
}

export function createOktaMapper(context: SourceContext): RecordMapper {
  return {
    map(row: RawRecord): MapResult {
      const record = isOktaCsvRow(row) ? logEventOfRow(row) : row;
      if (!isOktaLogEvent(record)) return { notMapped: OKTA_NOT_MAPPED.notEvent, message: 'no eventType, published and actor' };
      const doc = oktaDocument(record, context.path);
      enrichGeoIp(doc, context.geoip, ['source', 'destination']);
      return { events: [doc] };
    },
  };
}
