/**
 * A Microsoft 365 unified audit log record to ECS, as Elastic's o365 module (Filebeat
 * `module/o365/audit/config/pipeline.js` and its ingest pipeline) indexes it, checked against that
 * module's pipeline-test expectations (test/sources/o365.test.ts, deviations in
 * test/sources/o365-deviations.ts). Every record keeps its own keys under `o365.audit.*`, with
 * `Parameters`, `ExtendedProperties` and `ModifiedProperties` made objects keyed by name; the
 * common schema gives `event.*`, `user.*`, `client.*`/`source.*`, `organization.*` and
 * `host.*` (the tenant); schemas.ts adds each record type's fields. See docs/sources-cloud.md.
 */
import { isoMillis } from '../common/ecs.ts';
import { isRecord } from '../../engine/json/own-record.ts';
import { getPath, putDefined, putPath, setOwn, type Doc } from '../common/doc.ts';
import { enrichGeoIp } from '../common/geoip/enrich.ts';
import type { EcsEvent, MapResult, RawRecord, RecordMapper, SourceContext } from '../types.ts';
import { putClient, putServer } from './address.ts';
import { auditRecordOf, O365_NOT_MAPPED } from './audit-record.ts';
import { appendUnique, asString } from './doc.ts';
import { alertLinks, modifiedPropertiesObject, nameValueObject, reshape } from './properties.ts';
import { recordTypeName } from './record-types.ts';
import { SCHEMAS } from './schemas.ts';
import { urlParts } from './url-parts.ts';
import { applyUserAgent } from '../common/user-agent/apply.ts';

export const O365_DATASET = 'o365.audit';

/** Address values Microsoft writes for "none": the module drops them from the record. */
const UNSET_ADDRESSES = new Set(['null', '<null>', '']);
const ADDRESS_KEYS = ['ClientIP', 'ClientIPAddress', 'ActorIpAddress', 'OriginatingServer'];

const OUTCOMES: Readonly<Record<string, string>> = { success: 'success', succeeded: 'success', partiallysucceeded: 'success', true: 'success', failed: 'failure', false: 'failure' };

export function createO365Mapper(context: SourceContext): RecordMapper {
  return {
    map(row: RawRecord): MapResult {
      const found = auditRecordOf(row);
      if ('problem' in found) return { notMapped: found.problem, message: found.message };
      const time = recordTime(found.record['CreationTime']);
      if (time === undefined) return { notMapped: O365_NOT_MAPPED.noTime, message: `CreationTime ${JSON.stringify(found.record['CreationTime'] ?? null)} is not an ISO-8601 time` };
      // The integration's document _id is a fingerprint of the record's Id: one document per record, however many exports hold it.
      const id = found.record['Id'];
      return { events: [auditEvent(found.record, time, context)], ...(typeof id === 'string' && id !== '' ? { documentId: id } : {}) };
    },
  };
}

/** `CreationTime` is UTC without a zone (`2020-02-28T09:42:45`); a zone, when given, is honoured. */
function recordTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return isoMillis(/(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`);
}

/** The record as kept under `o365.audit`: its own keys, address placeholders dropped, list properties reshaped. */
function auditCopy(record: Readonly<Record<string, unknown>>): Doc {
  const audit: Doc = {};
  for (const [key, value] of Object.entries(record)) {
    if (ADDRESS_KEYS.includes(key) && typeof value === 'string' && UNSET_ADDRESSES.has(value)) continue;
    setOwn(audit, key, value);
  }
  reshapeKey(audit, 'Parameters', reshape(audit['Parameters'], nameValueObject));
  reshapeKey(audit, 'ExtendedProperties', reshape(audit['ExtendedProperties'], nameValueObject));
  reshapeKey(audit, 'ModifiedProperties', reshape(audit['ModifiedProperties'], modifiedPropertiesObject));
  if (Array.isArray(audit['AlertLinks'])) reshapeKey(audit, 'AlertLinks', alertLinks(audit['AlertLinks']));
  // Power BI and Fabric records give OperationProperties as JSON text; the ingest pipeline parses it (and drops it when unreadable).
  if (typeof audit['OperationProperties'] === 'string') reshapeKey(audit, 'OperationProperties', parseJson(audit['OperationProperties']));
  return audit;
}

function reshapeKey(audit: Doc, key: string, value: unknown): void {
  if (!Object.hasOwn(audit, key)) return;
  if (value === undefined) delete audit[key];
  else setOwn(audit, key, value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function auditEvent(record: Readonly<Record<string, unknown>>, time: string, context: SourceContext): EcsEvent {
  const audit = auditCopy(record);
  const doc: Doc = {
    '@timestamp': time,
    data_stream: { type: 'logs', dataset: O365_DATASET, namespace: 'default' },
    event: { dataset: O365_DATASET, module: 'o365', kind: 'event', type: 'info', category: 'web' },
    log: { file: { path: context.path } },
    tags: ['forwarded'],
  };
  putDefined(doc, 'event.id', audit['Id']);
  // Later sources win, as in the module: ActorIpAddress over ClientIPAddress over ClientIP.
  for (const key of ['ClientIP', 'ClientIPAddress', 'ActorIpAddress']) putDefined(doc, 'client.address', audit[key]);
  putDefined(doc, 'user.id', asString(audit['UserId']));
  putDefined(doc, 'event.provider', audit['Workload']);
  putDefined(doc, 'event.action', audit['Operation']);
  putDefined(doc, 'organization.id', audit['OrganizationId']);
  putDefined(doc, 'user_agent.original', audit['UserAgent']);
  const recordType = audit['RecordType'];
  const code = typeof recordType === 'number' ? recordTypeName(recordType) : recordType;
  putDefined(doc, 'event.code', code);
  const status = audit['ResultStatus'];
  const outcome = typeof status === 'string' && Object.hasOwn(OUTCOMES, status.toLowerCase()) ? OUTCOMES[status.toLowerCase()] : undefined;
  putPath(doc, 'event.outcome', outcome ?? 'success');

  if (typeof code === 'string') SCHEMAS.get(code)?.({ doc, audit });

  const clientAddress = getPath(doc, 'client.address');
  const clientIp = typeof clientAddress === 'string' ? putClient(doc, clientAddress) : undefined;
  const serverAddress = getPath(doc, 'server.address');
  const serverIp = typeof serverAddress === 'string' ? putServer(doc, serverAddress) : undefined;
  for (const prefix of ['user', 'user.target', 'source.user', 'destination.user']) splitEmail(doc, prefix);
  for (const ip of [clientIp, serverIp]) if (ip !== undefined) appendUnique(doc, 'related.ip', ip);
  for (const field of ['user.name', 'user.target.name', 'file.owner']) {
    const value = getPath(doc, field);
    if (value !== undefined && value !== null) appendUnique(doc, 'related.user', value);
  }
  putDefined(doc, 'user_agent.original', getPath(audit, 'ExtendedProperties.UserAgent'));
  applyUserAgent(doc);
  tenantHost(doc, context.host);
  urlFields(doc);
  // The ingest pipeline's geoip and ASN lookups of source.ip, when the scan was given databases.
  enrichGeoIp(doc, context.geoip);
  putPath(doc, 'o365.audit', audit);
  return doc;
}

/** `<prefix>.email`/`.name`/`.domain` from an id that is an address (`alice@contoso.com`). */
function splitEmail(doc: Doc, prefix: string): void {
  const id = getPath(doc, `${prefix}.id`);
  if (typeof id !== 'string') return;
  const at = id.indexOf('@');
  if (at === -1) return;
  putPath(doc, `${prefix}.email`, id);
  putPath(doc, `${prefix}.name`, id.slice(0, at));
  putPath(doc, `${prefix}.domain`, id.slice(at + 1));
}

/**
 * The tenant stands for the host: `host.id` the tenant id, `host.name` its name or else the user's
 * domain; a record naming neither gets the evidence's host name (`--host`, else the file's), as
 * the summary states, so every event has a host to group by.
 */
function tenantHost(doc: Doc, fallback: string): void {
  const tenant = getPath(doc, 'organization.id');
  if (typeof tenant === 'string') putPath(doc, 'host.id', tenant.toLowerCase());
  const name = getPath(doc, 'organization.name') ?? getPath(doc, 'user.domain');
  putPath(doc, 'host.name', name !== undefined && name !== null ? name : fallback);
}

function urlFields(doc: Doc): void {
  const original = getPath(doc, 'url.original');
  if (typeof original !== 'string') return;
  const url = getPath(doc, 'url');
  const parts = urlParts(original);
  if (parts === undefined || !isRecord(url)) return;
  for (const [key, value] of Object.entries(parts)) if (!Object.hasOwn(url, key)) url[key] = value;
}
