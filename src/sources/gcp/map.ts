/**
 * One Cloud Logging LogEntry of an audit log (`protoPayload` of type
 * `type.googleapis.com/google.cloud.audit.AuditLog`) as Elastic's gcp integration indexes it
 * (`logs-gcp.audit-*`): field for field what data_stream/audit/elasticsearch/ingest_pipeline/
 * default.yml (ecs 8.11.0 version) writes, then GeoIP/ASN of `source.ip` when a database was
 * given. Entries of other payload types are dropped there and not mapped here. User agents are parsed
 * (common/user-agent). Not done: `event.original` (kept only with `preserve_original_event`). See
 * docs/sources-cloud.md.
 */
import { isoMillis } from '../common/ecs.ts';
import { appendPath, getPath, pruneEmpty, putDefined, putPath, type Doc } from '../common/doc.ts';
import { enrichGeoIp } from '../common/geoip/enrich.ts';
import { isIpAddress } from '../common/geoip/ip.ts';
import { isJsonObject } from '../common/json.ts';
import type { EcsEvent, MapResult, RawRecord, RecordMapper, SourceContext } from '../types.ts';
import { kubernetesResource } from './kubernetes.ts';
import { applyUserAgent } from '../common/user-agent/apply.ts';

export const GCP_DATASET = 'gcp.audit';
const ECS_VERSION = '8.11.0';
export const AUDIT_LOG_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';

export const GCP_NOT_MAPPED = { notAudit: 'not an audit log entry', notEntry: 'not a log entry' } as const;

/** A LogEntry of Cloud Audit Logs: an AuditLog payload or a `cloudaudit.googleapis.com` log name. */
export function isAuditLogEntry(record: RawRecord): boolean {
  const type = getPath(record, 'protoPayload.@type');
  const logName = record['logName'];
  if (type !== undefined) return type === AUDIT_LOG_TYPE;
  return typeof logName === 'string' && logName.includes('cloudaudit.googleapis.com') && isJsonObject(record['protoPayload']);
}

/** `%{}%2F%{event.provider}`: what follows the first `%2F` of the log name (`activity`, `data_access`...). */
function provider(logName: unknown): string | undefined {
  if (typeof logName !== 'string') return undefined;
  const at = logName.indexOf('%2F');
  return at < 0 ? undefined : logName.slice(at + 3);
}

/** The `convert` processor to long: integers and integer text. */
function toLong(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** The integration's document for one audit LogEntry (`json` is the entry), without the GeoIP step. */
export function gcpDocument(json: RawRecord, path: string): EcsEvent {
  const doc: Doc = {
    ecs: { version: ECS_VERSION },
    data_stream: { type: 'logs', dataset: GCP_DATASET, namespace: 'default' },
    event: { dataset: GCP_DATASET, module: 'gcp' },
    log: { file: { path } },
    // The integration's input tags every event so (its default `tags` variable).
    tags: ['forwarded', 'gcp-audit'],
  };
  const proto = (key: string): unknown => getPath(json, `protoPayload.${key}`);
  const copy = (from: unknown, to: string): void => putDefined(doc, to, from === undefined ? undefined : structuredClone(from));
  copy(proto('@type'), 'gcp.audit.type');
  copy(json['insertId'], 'event.id');
  copy(json['logName'], 'log.logger');
  copy(json['severity'], 'log.level');
  putDefined(doc, 'event.provider', provider(json['logName']));
  putPath(doc, 'event.kind', 'event');
  putPath(doc, 'cloud.provider', 'gcp');
  const time = isoMillis(typeof json['timestamp'] === 'string' ? json['timestamp'] : '');
  if (time !== undefined) doc['@timestamp'] = time;
  copy(getPath(json, 'resource.labels.project_id'), 'cloud.project.id');
  copy(getPath(json, 'resource.labels.instance_id'), 'cloud.instance.id');
  // Newer than the 2024-09 pipeline, as the integration's 2025 pipeline-test expectations show
  // them: the receive time (milliseconds) and the monitored resource's type.
  putDefined(doc, 'gcp.audit.receive_timestamp', isoMillis(typeof json['receiveTimestamp'] === 'string' ? json['receiveTimestamp'] : ''));
  copy(getPath(json, 'resource.type'), 'gcp.audit.resource.type');
  const resourceType = getPath(json, 'resource.type');
  const kubernetes = resourceType === 'k8s_cluster' || resourceType === 'gke_cluster';
  if (kubernetes) {
    putPath(doc, 'orchestrator.type', 'kubernetes');
    const cluster = getPath(json, 'resource.labels.cluster_name');
    if (cluster !== '') copy(cluster, 'orchestrator.cluster.name');
  }
  const resourceName = proto('resourceName');
  if (resourceType === 'k8s_cluster' && typeof resourceName === 'string' && resourceName !== '') {
    for (const [key, value] of Object.entries(kubernetesResource(resourceName))) putPath(doc, `orchestrator.${key}`, value);
  }
  copy(proto('authenticationInfo.authoritySelector'), 'gcp.audit.authentication_info.authority_selector');
  copy(proto('authenticationInfo.principalEmail'), 'client.user.email');
  // GKE entries also name the principal as user.email (the integration's newer pipeline-test
  // expectations show it for `k8s.io`; Elastic's GKE rules query user.email).
  if (proto('serviceName') === 'k8s.io') copy(proto('authenticationInfo.principalEmail'), 'user.email');
  copy(proto('authenticationInfo.principalSubject'), 'client.user.id');
  copy(proto('authenticationInfo.serviceAccountKeyName'), 'gcp.audit.authentication_info.service_account_key_name');
  copy(proto('authenticationInfo.serviceAccountDelegationInfo'), 'gcp.audit.authentication_info.service_account_delegation_info');
  copy(proto('authenticationInfo.thirdPartyPrincipal'), 'gcp.audit.authentication_info.third_party_principal');
  authorization(doc, proto('authorizationInfo'));
  copy(json['labels'], 'gcp.audit.labels');
  const callerIp = proto('requestMetadata.callerIp');
  if (typeof callerIp === 'string' && callerIp !== 'gce-internal-ip' && callerIp !== 'private' && isIpAddress(callerIp)) putPath(doc, 'source.ip', callerIp);
  copy(proto('requestMetadata.callerSuppliedUserAgent'), 'user_agent.original');
  applyUserAgent(doc);
  copy(proto('metadata'), 'gcp.audit.metadata');
  policyViolation(doc, proto('policyViolationInfo.orgPolicyViolationInfo'));
  operation(doc, json['operation']);
  copy(proto('methodName'), 'event.action');
  putDefined(doc, 'gcp.audit.num_response_items', toLong(proto('numResponseItems')));
  payloadCopy(doc, proto('request'), 'gcp.audit.request', 'policy');
  payloadCopy(doc, proto('response'), 'gcp.audit.response', 'status');
  // Older pipelines left this out for GKE entries (orchestrator.* instead); newer ones keep it
  // (their k8s pipeline-test expectations), and Elastic's GKE rules query it.
  copy(resourceName, 'gcp.audit.resource_name');
  copy(proto('resourceLocation.currentLocations'), 'gcp.audit.resource_location.current_locations');
  copy(proto('serviceName'), 'service.name');
  const code = toLong(proto('status.code'));
  putDefined(doc, 'gcp.audit.status.code', code);
  copy(proto('status.message'), 'gcp.audit.status.message');
  copy(proto('status.details'), 'gcp.audit.status.details');
  outcome(doc, code);
  const sourceIp = getPath(doc, 'source.ip');
  if (sourceIp !== undefined) appendPath(doc, 'related.ip', [sourceIp]);
  const email = getPath(doc, 'client.user.email');
  if (email !== undefined && email !== null) appendPath(doc, 'related.user', [email]);
  return (pruneEmpty(doc, (key) => /^\.+$/.test(key)) ?? {}) as EcsEvent;
}

/** `gcp.audit.authorization_info` with `resourceAttributes` renamed in each entry. */
function authorization(doc: Doc, info: unknown): void {
  if (info === undefined) return;
  const copy = structuredClone(info);
  if (Array.isArray(copy)) {
    for (const entry of copy) {
      if (!isJsonObject(entry) || !('resourceAttributes' in entry) || 'resource_attributes' in entry) continue;
      (entry as Doc)['resource_attributes'] = entry['resourceAttributes'];
      delete (entry as Doc)['resourceAttributes'];
    }
  }
  putPath(doc, 'gcp.audit.authorization_info', copy);
}

/**
 * `gcp.audit.policy_violation_info` from `orgPolicyViolationInfo`: `violationInfo` as
 * `violations` (copied as is: the pipeline's rename of each violation's `resourceAttributes` only
 * runs when the whole object is a list, which it never is), `payload`, `resourceType`, `resourceTags`.
 */
function policyViolation(doc: Doc, info: unknown): void {
  if (!isJsonObject(info)) return;
  const copy = (from: string, to: string): void => putDefined(doc, `gcp.audit.policy_violation_info.${to}`, info[from] === undefined ? undefined : structuredClone(info[from]));
  copy('violationInfo', 'violations');
  copy('payload', 'payload');
  copy('resourceType', 'resource_type');
  copy('resourceTags', 'resource_tags');
}

/** A request/response copied whole; its `policy`/`status` moved to `<key>_value` when not an object (the field is mapped as an object). */
function payloadCopy(doc: Doc, payload: unknown, to: string, key: string): void {
  if (payload === undefined || payload === null) return;
  const copy = structuredClone(payload);
  putPath(doc, to, copy);
  if (!isJsonObject(copy) || !(key in copy) || copy[key] === null || isJsonObject(copy[key])) return;
  (copy as Doc)[`${key}_value`] = copy[key];
  delete (copy as Doc)[key];
}

/** A long-running operation's entries: `session` with `start` (first) or `end` (last); its id when it differs from insertId. */
function operation(doc: Doc, op: unknown): void {
  if (op === undefined || op === null) return;
  const id = getPath(op, 'id');
  const eventId = getPath(doc, 'event.id');
  if (id !== undefined && id !== null && eventId !== undefined && id !== eventId) putPath(doc, 'gcp.audit.logentry_operation.id', id);
  const first = getPath(op, 'first') === true;
  const last = getPath(op, 'last') === true;
  if (first && last) return;
  appendPath(doc, 'event.category', ['session']);
  if (first) appendPath(doc, 'event.type', ['start']);
  if (last) appendPath(doc, 'event.type', ['end']);
}

/** `event.outcome` from the status code, else from a single authorization decision; category/type from that decision. */
function outcome(doc: Doc, code: number | undefined): void {
  const info = getPath(doc, 'gcp.audit.authorization_info');
  const single = Array.isArray(info) && info.length === 1 ? (info[0] as unknown) : undefined;
  const granted = getPath(single, 'granted');
  let result = 'unknown';
  if (code !== undefined) result = code === 0 ? 'success' : 'failure';
  else if (granted === true) result = 'success';
  else if (granted === false) result = 'failure';
  putPath(doc, 'event.outcome', result);
  if (!Array.isArray(info) || info.length !== 1) return;
  appendPath(doc, 'event.category', ['network', 'configuration']);
  if (granted !== undefined && granted !== null) appendPath(doc, 'event.type', granted ? ['access', 'allowed'] : ['access', 'denied']);
}

export function createGcpAuditMapper(context: SourceContext): RecordMapper {
  return {
    map(record: RawRecord): MapResult {
      const type = getPath(record, 'protoPayload.@type');
      if (typeof record['logName'] !== 'string' && record['insertId'] === undefined) return { notMapped: GCP_NOT_MAPPED.notEntry, message: 'no logName or insertId' };
      // The integration drops other payload types; an entry with no payload type is read as audit only under an audit log name.
      if (!isAuditLogEntry(record)) return { notMapped: GCP_NOT_MAPPED.notAudit, message: type === undefined ? `log ${String(record['logName'])}` : `protoPayload type ${String(type)}` };
      const doc = gcpDocument(record, context.path);
      enrichGeoIp(doc, context.geoip);
      return { events: [doc] };
    },
  };
}
