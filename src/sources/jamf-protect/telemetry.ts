/**
 * A Jamf Protect telemetry record as Elastic's `jamf_protect` integration indexes it
 * (`logs-jamf_protect.telemetry-*`; ingest pipeline `data_stream/telemetry/elasticsearch/
 * ingest_pipeline/default.yml` and its per-event sub-pipelines in elastic/integrations). Field
 * for field what that pipeline writes, checked against Elastic's own pipeline test expectations
 * (test/sources/jamf-protect.test.ts). Loupe adds what Fleet and the input would: `data_stream.*`,
 * `event.dataset`, `agent.type`, `tags`, `log.file.path`, and `@timestamp` = the record's `time`
 * (the integration's `@timestamp` is when the HTTP endpoint received it, unknown in evidence).
 */
import { basename, isoMillis } from '../common/ecs.ts';
import { booleanAt, integerAt, isJsonObject, objectAt, stringAt, type JsonObject } from '../common/json.ts';
import type { EcsEvent } from '../types.ts';
import { EVENT_DETAILS, subjectProcess } from './event-details.ts';

export const JAMF_DATASET = 'jamf_protect.telemetry';
/** `ecs.version` the integration's pipeline sets. */
const ECS_VERSION = '8.11.0';

/** The record's host as the integration writes it (`host.name` is the lower-cased host name). */
export interface JamfHost {
  readonly hostname?: string;
  readonly name?: string;
  readonly id?: string;
  readonly ips?: readonly string[];
  readonly osFull?: string;
}

export function readHost(record: JsonObject): JamfHost {
  const host = objectAt(record, 'host');
  const hostname = stringAt(host, 'hostname');
  const ips = host?.['ips'];
  const os = stringAt(host, 'os')?.replace(/^Version\s*/, '');
  return {
    ...(hostname !== undefined && hostname !== '' ? { hostname, name: hostname.toLowerCase() } : {}),
    ...(stringAt(host, 'provisioningUDID') !== undefined ? { id: stringAt(host, 'provisioningUDID')! } : {}),
    ...(Array.isArray(ips) ? { ips: ips.filter((ip): ip is string => typeof ip === 'string' && ip !== '') } : {}),
    ...(os !== undefined && os !== '' ? { osFull: os } : {}),
  };
}

export function hostFields(host: JamfHost): Record<string, unknown> {
  const version = host.osFull?.match(/^(\S+)/)?.[1];
  return {
    ...(host.hostname !== undefined ? { hostname: host.hostname, name: host.name } : {}),
    ...(host.id !== undefined ? { id: host.id } : {}),
    ...(host.ips !== undefined && host.ips.length > 0 ? { ip: [...host.ips] } : {}),
    os: { family: 'macos', type: 'macos', name: 'macOS', ...(host.osFull !== undefined ? { full: host.osFull, ...(version !== undefined ? { version } : {}) } : {}) },
  };
}

/** The integration's document for one record; undefined when the record names no event or time. */
export function telemetryEvent(record: JsonObject, action: string, path: string): EcsEvent | undefined {
  const time = isoMillis(stringAt(record, 'time') ?? '');
  if (time === undefined) return undefined;
  const body = objectAt(objectAt(record, 'event'), action);
  const details = EVENT_DETAILS[action];
  const host = readHost(record);
  const metaHost = objectAt(record, 'host');
  const eventType = integerAt(record, 'event_type');
  const auth = integerAt(objectAt(objectAt(objectAt(record, 'action'), 'result'), 'result'), 'auth');
  const sequence = integerAt(record, 'glob_seq_num');
  const serial = stringAt(metaHost, 'serial');
  const protectVersion = stringAt(metaHost, 'protectVersion');
  const subject = subjectProcess(action, record, body);
  // The tty path is copied for an exec's target or an instigator, not for the message's own process (Elastic's expectations).
  const process = subject !== undefined ? processFields(subject, record, action === 'exec' ? body : undefined, subject !== objectAt(record, 'process')) : {};
  const event: EcsEvent = {
    '@timestamp': time,
    agent: { type: 'filebeat' },
    data_stream: { type: 'logs', dataset: JAMF_DATASET, namespace: 'default' },
    ecs: { version: ECS_VERSION },
    tags: ['forwarded', 'jamf_protect-telemetry'],
    log: { file: { path } },
    observer: { product: 'Jamf Protect', type: 'Endpoint Security', vendor: 'Jamf', ...(protectVersion !== undefined ? { version: protectVersion } : {}) },
    event: {
      action,
      category: ['process', ...(details?.category ?? [])],
      ...(eventType !== undefined ? { code: String(eventType) } : {}),
      dataset: JAMF_DATASET,
      ...(stringAt(record, 'uuid') !== undefined ? { id: stringAt(record, 'uuid') } : {}),
      kind: 'event',
      provider: 'Jamf Protect',
      ...(details !== undefined ? { reason: details.reason } : {}),
      ...(sequence !== undefined ? { sequence } : {}),
      start: time,
      type: ['info', ...(details?.type ?? [])],
    },
    host: hostFields(host),
    device: { ...(serial !== undefined ? { id: serial } : {}), manufacturer: 'Apple' },
    related: {
      ...(host.hostname !== undefined ? { hosts: [host.hostname] } : {}),
      ...(host.ips !== undefined && host.ips.length > 0 ? { ip: [...host.ips] } : {}),
    },
  };
  mergeInto(event, process);
  if (auth === 0 || auth === 1) mergeInto(event, { jamf_protect: { telemetry: { event_allowed_by_esclient: auth === 0 } } });
  if (details?.fields) mergeInto(event, details.fields(body));
  const hashes = [stringAt(objectAt(event['process'] as JsonObject, 'hash'), 'sha1'), stringAt(objectAt(event['process'] as JsonObject, 'hash'), 'sha256')].filter((hash) => hash !== undefined);
  if (hashes.length > 0) mergeInto(event, { related: { hash: hashes } });
  return event;
}

/** `process.*`, `user.effective.id` and `jamf_protect.telemetry.*` of the event's subject process. */
function processFields(subject: JsonObject, record: JsonObject, exec: JsonObject | undefined, copyTty: boolean): Record<string, unknown> {
  const token = objectAt(subject, 'audit_token');
  const executable = objectAt(subject, 'executable');
  const path = stringAt(executable, 'path');
  const tty = stringAt(objectAt(subject, 'tty'), 'path');
  const euid = integerAt(token, 'euid');
  const start = isoMillis(stringAt(subject, 'start_time') ?? '');
  const thread = integerAt(objectAt(record, 'thread'), 'thread_id');
  const signingId = stringAt(subject, 'signing_id');
  const teamId = stringAt(subject, 'team_id');
  const sha1 = stringAt(executable, 'sha1');
  const sha256 = stringAt(executable, 'sha256');
  const args = exec?.['args'];
  const env = exec?.['env'];
  const cwd = stringAt(objectAt(exec, 'cwd'), 'path');
  const process: Record<string, unknown> = {
    ...(signingId || teamId ? { code_signature: { ...(signingId ? { signing_id: signingId } : {}), ...(teamId ? { team_id: teamId } : {}) } } : {}),
    ...(stringAt(token, 'uuid') !== undefined ? { entity_id: stringAt(token, 'uuid') } : {}),
    ...(path !== undefined && path !== '' ? { executable: path, name: basename(path) } : {}),
    ...tokenFields('group_leader', objectAt(subject, 'responsible_audit_token')),
    interactive: tty !== undefined,
    ...tokenFields('parent', objectAt(subject, 'parent_audit_token')),
    ...(integerAt(token, 'pid') !== undefined ? { pid: integerAt(token, 'pid') } : {}),
    ...(start !== undefined ? { start } : {}),
    ...(thread !== undefined ? { thread: { id: thread } } : {}),
    ...(sha1 || sha256 ? { hash: { ...(sha1 ? { sha1 } : {}), ...(sha256 ? { sha256 } : {}) } } : {}),
    ...(Array.isArray(args) ? { args: args.filter((arg) => typeof arg === 'string'), args_count: args.length } : exec !== undefined ? { args_count: 0 } : {}),
    ...(Array.isArray(env) && env.length > 0 ? { env_vars: env.filter((item) => typeof item === 'string') } : {}),
    ...(cwd !== undefined ? { working_directory: cwd } : {}),
  };
  const cdhash = stringAt(subject, 'cdhash');
  const esClient = booleanAt(subject, 'is_es_client');
  const platform = booleanAt(subject, 'is_platform_binary');
  const telemetry = {
    ...(cdhash ? { code_directory_hash: cdhash } : {}),
    ...(esClient !== undefined ? { es_client: esClient } : {}),
    ...(platform !== undefined ? { platform_binary: platform } : {}),
    ...(tty !== undefined && copyTty ? { tty } : {}),
  };
  return {
    process,
    ...(euid !== undefined ? { user: { effective: { id: [String(euid)] } } } : {}),
    ...(Object.keys(telemetry).length > 0 ? { jamf_protect: { telemetry } } : {}),
  };
}

/** `{entity_id, pid, user.id, real_user.id, real_group.id}` of an audit token, as the pipeline copies them. */
function tokenFields(name: string, token: JsonObject | undefined): Record<string, unknown> {
  if (token === undefined) return {};
  const id = (key: string) => (integerAt(token, key) !== undefined ? { id: String(integerAt(token, key)) } : undefined);
  const fields = {
    ...(stringAt(token, 'uuid') !== undefined ? { entity_id: stringAt(token, 'uuid') } : {}),
    ...(integerAt(token, 'pid') !== undefined ? { pid: integerAt(token, 'pid') } : {}),
    ...(id('rgid') ? { real_group: id('rgid') } : {}),
    ...(id('ruid') ? { real_user: id('ruid') } : {}),
    ...(id('euid') ? { user: id('euid') } : {}),
  };
  return Object.keys(fields).length > 0 ? { [name]: fields } : {};
}

/** Deep merge of plain objects (later values win; arrays replaced). */
function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isJsonObject(value) && isJsonObject(existing)) mergeInto(existing as Record<string, unknown>, value as Record<string, unknown>);
    else target[key] = value;
  }
}
