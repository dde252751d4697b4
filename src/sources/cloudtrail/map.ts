/**
 * One CloudTrail record to the document the aws.cloudtrail integration's ingest pipeline makes of
 * it (../shared/conformance/integrations/aws/cloudtrail/ingest_pipeline/default.yml), processor by
 * processor, in its order: the record sits under `json` as the `json` processor leaves it, null
 * and empty values are dropped recursively, fields are renamed out of it, and what is left of
 * `json` is removed. Renames follow Elasticsearch's `rename`: a target that already holds a value
 * is not overwritten (the processor fails, and `ignore_failure` swallows it), which is why
 * `user.name` keeps the caller's own name over the session issuer's.
 *
 * GeoIP/ASN of source.ip is added by the source (index.ts) when the scan has databases. Not done,
 * by decision (see docs/sources-cloud.md): `event.original` (the integration removes it unless tagged `preserve_original_event`), the
 * third-party (`preview`) sub-pipeline, and digest files (skipped before mapping, digest.ts).
 */
import { isoMillis } from '../common/ecs.ts';
import { isJsonObject } from '../common/json.ts';
import { parseIp } from '../../engine/fields/ip.ts';
import { appendUnique, get, remove, set, type Doc } from '../evtx/ecs/doc.ts';
import { CATEGORIES } from './categories.ts';
import { hashMapOrder, javaToString } from './java-map.ts';
import { applyUserAgent } from '../common/user-agent/apply.ts';

export const ECS_VERSION = '8.11.0';
/** Longest text Elasticsearch's flattened/keyword copy takes: longer parameter maps are kept only as text. */
const MAX_FLATTENED_TEXT = 32766;

/** What the ingest side knew besides the record: the time Filebeat/Agent read it (`event.created`). */
export interface IngestContext {
  readonly created?: string;
}

/**
 * The pipeline's "Drops null/empty values recursively" script, on a copy: null and "" go, and
 * objects and lists left empty go too. Objects are rebuilt with their keys in java.util.HashMap
 * order (the order the `json` processor's maps print in, fixed by the key count BEFORE the drop,
 * since a HashMap never shrinks), and with `Object.fromEntries`, so a `__proto__` key stays data.
 */
export function dropEmpty(value: unknown): unknown {
  if (value === null || value === '') return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => dropEmpty(item)).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (!isJsonObject(value)) return value;
  const entries: [string, unknown][] = [];
  for (const key of hashMapOrder(Object.keys(value))) {
    const kept = dropEmpty(value[key]);
    if (kept !== undefined) entries.push([key, kept]);
  }
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** Elasticsearch's `rename` with `ignore_failure`: nothing happens when the source is missing or the target is taken. */
function rename(doc: Doc, from: string, to: string): void {
  const value = get(doc, from);
  if (value === undefined || get(doc, to) !== undefined) return;
  remove(doc, from);
  set(doc, to, value);
}

/** The `date` processor with ISO8601 (`ignore_failure`): Elasticsearch's default output format, milliseconds and Z. */
function date(doc: Doc, from: string, to: string): void {
  const value = get(doc, from);
  if (typeof value !== 'string') return;
  const iso = isoMillis(value) ?? isoMillis(`${value}Z`);
  if (iso !== undefined) set(doc, to, iso);
}

/** A mustache `{{field}}` as `set` renders it: text as is, other values as Java prints them; undefined when empty. */
function template(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : javaToString(value);
  return text === '' ? undefined : text;
}

/** The `grok` `^%{IP:source.ip}$`: the whole address is an IPv4 or IPv6 address. */
function isIp(text: string): boolean {
  return !text.includes('%') && parseIp(text) !== null;
}

/** The identity renames, in the pipeline's order. */
const IDENTITY: readonly (readonly [string, string])[] = [
  ['json.eventVersion', 'aws.cloudtrail.event_version'],
  ['json.userIdentity.type', 'aws.cloudtrail.user_identity.type'],
];

const IDENTITY_AFTER_USER: readonly (readonly [string, string])[] = [
  ['json.userIdentity.userName', 'user.name'],
  ['json.userIdentity.principalId', 'user.id'],
  ['json.userIdentity.arn', 'aws.cloudtrail.user_identity.arn'],
  ['json.userIdentity.accountId', 'cloud.account.id'],
  ['json.userIdentity.accessKeyId', 'aws.cloudtrail.user_identity.access_key_id'],
  ['json.userIdentity.sessionContext.attributes.mfaAuthenticated', 'aws.cloudtrail.user_identity.session_context.mfa_authenticated'],
];

const SESSION_ISSUER: readonly (readonly [string, string])[] = [
  ['json.userIdentity.sessionContext.sessionIssuer.type', 'aws.cloudtrail.user_identity.session_context.session_issuer.type'],
  ['json.userIdentity.sessionContext.sessionIssuer.userName', 'user.name'],
  ['json.userIdentity.sessionContext.sessionIssuer.principalId', 'aws.cloudtrail.user_identity.session_context.session_issuer.principal_id'],
  ['json.userIdentity.sessionContext.sessionIssuer.arn', 'aws.cloudtrail.user_identity.session_context.session_issuer.arn'],
  ['json.userIdentity.sessionContext.sessionIssuer.accountId', 'aws.cloudtrail.user_identity.session_context.session_issuer.account_id'],
  ['json.userIdentity.invokedBy', 'aws.cloudtrail.user_identity.invoked_by'],
  ['json.eventSource', 'event.provider'],
];

const REQUEST: readonly (readonly [string, string])[] = [
  ['json.requestID', 'aws.cloudtrail.request_id'],
  ['json.eventID', 'event.id'],
  ['json.eventType', 'aws.cloudtrail.event_type'],
  ['json.apiVersion', 'aws.cloudtrail.api_version'],
  ['json.managementEvent', 'aws.cloudtrail.management_event'],
  ['json.readOnly', 'aws.cloudtrail.read_only'],
];

const AFTER_RESOURCES: readonly (readonly [string, string])[] = [
  ['json.resources', 'aws.cloudtrail.resources'],
  ['json.recipientAccountId', 'aws.cloudtrail.recipient_account_id'],
  ['json.sharedEventId', 'aws.cloudtrail.shared_event_id'],
  ['json.vpcEndpointId', 'aws.cloudtrail.vpc_endpoint_id'],
];

/** The painless script keeping request/response maps both as Java text and (when short enough) as objects. */
const PARAMETER_MAPS: readonly (readonly [string, string])[] = [
  ['requestParameters', 'request_parameters'],
  ['responseElements', 'response_elements'],
  ['additionalEventData', 'additional_eventdata'],
  ['serviceEventDetails', 'service_event_details'],
];

function renameAll(doc: Doc, pairs: readonly (readonly [string, string])[]): void {
  for (const [from, to] of pairs) rename(doc, from, to);
}

export function mapCloudTrail(record: Doc, ingest: IngestContext = {}): Doc {
  const doc: Doc = {};
  if (ingest.created !== undefined) set(doc, 'event.created', ingest.created);
  const json = dropEmpty(record);
  if (json !== undefined) doc['json'] = json;
  set(doc, 'ecs.version', ECS_VERSION);
  date(doc, 'json.eventTime', '@timestamp');
  renameAll(doc, IDENTITY);
  const userName = get(doc, 'json.userIdentity.userName');
  if (userName !== undefined) appendUnique(doc, 'related.user', template(userName));
  renameAll(doc, IDENTITY_AFTER_USER);
  date(doc, 'json.userIdentity.sessionContext.attributes.creationDate', 'aws.cloudtrail.user_identity.session_context.creation_date');
  renameAll(doc, SESSION_ISSUER);
  const action = template(get(doc, 'json.eventName'));
  if (action !== undefined) set(doc, 'event.action', action);
  rename(doc, 'json.eventCategory', 'aws.cloudtrail.event_category');
  const region = get(doc, 'json.awsRegion');
  if (region !== undefined) set(doc, 'cloud.region', region);
  rename(doc, 'json.sourceIPAddress', 'source.address');
  const address = get(doc, 'source.address');
  if (typeof address === 'string' && isIp(address)) set(doc, 'source.ip', address);
  rename(doc, 'json.userAgent', 'user_agent.original');
  applyUserAgent(doc);
  rename(doc, 'json.errorCode', 'aws.cloudtrail.error_code');
  rename(doc, 'json.errorMessage', 'aws.cloudtrail.error_message');
  parameterMaps(doc);
  renameAll(doc, REQUEST);
  uniqueResources(doc);
  renameAll(doc, AFTER_RESOURCES);
  for (const key of ['userName', 'newUserName']) {
    const value = get(doc, `aws.cloudtrail.flattened.request_parameters.${key}`);
    if (value !== undefined) appendUnique(doc, 'related.user', template(value));
  }
  consoleLogin(doc);
  categorize(doc);
  rename(doc, 'json.insightDetails', 'aws.cloudtrail.flattened.insight_details');
  targets(doc);
  tls(doc);
  remove(doc, 'json');
  return doc;
}

function parameterMaps(doc: Doc): void {
  set(doc, 'aws.cloudtrail.flattened', get(doc, 'aws.cloudtrail.flattened') ?? {});
  for (const [from, to] of PARAMETER_MAPS) {
    const value = get(doc, `json.${from}`);
    if (value === undefined) continue;
    const text = javaToString(value);
    set(doc, `aws.cloudtrail.${to}`, text);
    if (text.length < MAX_FLATTENED_TEXT) set(doc, `aws.cloudtrail.flattened.${to}`, value);
  }
}

/**
 * "Drops duplicates where the same combination of ARN, accountId and type is found multiple times
 * in the resources list": `ARN` → `arn`, `accountId` → `account_id`, one resource per key (the
 * last one wins), in the order of the script's HashMap of keys.
 */
function uniqueResources(doc: Doc): void {
  const resources = get(doc, 'json.resources');
  if (!Array.isArray(resources)) return;
  // A re-put key keeps its place and takes the later resource, as in a HashMap.
  const unique = new Map<string, Doc>();
  for (const original of resources) {
    if (!isJsonObject(original)) continue;
    const renamed = Object.entries(original).map(([key, value]): [string, unknown] => [key === 'ARN' ? 'arn' : key === 'accountId' ? 'account_id' : key, value]);
    const resource = Object.fromEntries(renamed) as Doc;
    const part = (key: string) => (Object.hasOwn(resource, key) ? String(resource[key]) : '');
    unique.set(`${part('arn')}_${part('account_id')}_${part('type')}`, resource);
  }
  set(doc, 'json.resources', hashMapOrder([...unique.keys()]).map((key) => unique.get(key)!));
}

function consoleLogin(doc: Doc): void {
  if (get(doc, 'json.eventName') !== 'ConsoleLogin') return;
  const data = get(doc, 'aws.cloudtrail.flattened.additional_eventdata');
  if (!isJsonObject(data)) return;
  const details: Doc = {};
  if (data['MobileVersion'] !== undefined) details['mobile_version'] = data['MobileVersion'] !== 'No';
  if (data['LoginTo'] !== undefined) details['login_to'] = data['LoginTo'];
  if (data['MFAUsed'] !== undefined) details['mfa_used'] = data['MFAUsed'] !== 'No';
  if (Object.keys(details).length > 0) set(doc, 'aws.cloudtrail.console_login', { additional_eventdata: details });
}

/** The "Add ECS categorization" script: kind, type, outcome from errorCode/errorMessage (ConsoleLogin: its own result), then the table. */
function categorize(doc: Doc): void {
  set(doc, 'event.kind', 'event');
  set(doc, 'event.type', ['info']);
  const failed = get(doc, 'aws.cloudtrail.error_code') !== undefined || get(doc, 'aws.cloudtrail.error_message') !== undefined;
  set(doc, 'event.outcome', failed ? 'failure' : 'success');
  const action = get(doc, 'event.action');
  if (typeof action !== 'string') return;
  const login = get(doc, 'aws.cloudtrail.flattened.response_elements.ConsoleLogin');
  if (action === 'ConsoleLogin' && login !== undefined) set(doc, 'event.outcome', String(login).toLowerCase());
  if (!Object.hasOwn(CATEGORIES, action)) return;
  const { category, type } = CATEGORIES[action]!;
  set(doc, 'event.category', [...category]);
  set(doc, 'event.type', [...type]);
}

/** The `set`s of group and target user from the flattened request/response maps. */
function targets(doc: Doc): void {
  const pairs: readonly (readonly [string, string])[] = [
    ['aws.cloudtrail.flattened.response_elements.group.groupId', 'group.id'],
    ['aws.cloudtrail.flattened.response_elements.user.userId', 'user.target.id'],
    ['aws.cloudtrail.flattened.request_parameters.newUserName', 'user.changes.name'],
    ['aws.cloudtrail.flattened.request_parameters.groupName', 'group.name'],
    ['aws.cloudtrail.flattened.request_parameters.userName', 'user.target.name'],
  ];
  for (const [from, to] of pairs) {
    const value = template(get(doc, from));
    if (value !== undefined) set(doc, to, value);
  }
}

/** `tlsDetails`: `TLSv1.2` dissected into protocol (lower case) and version; cipher and host header renamed. */
function tls(doc: Doc): void {
  const version = get(doc, 'json.tlsDetails.tlsVersion');
  if (typeof version === 'string') {
    const v = version.indexOf('v');
    if (v !== -1) {
      set(doc, 'tls.version_protocol', version.slice(0, v).toLowerCase());
      set(doc, 'tls.version', version.slice(v + 1));
    }
  }
  rename(doc, 'json.tlsDetails.cipherSuite', 'tls.cipher');
  rename(doc, 'json.tlsDetails.clientProvidedHostHeader', 'tls.client.server_name');
}
