/**
 * The shapes a CloudTrail event arrives in, each turned into the CloudTrail record itself:
 * - a record as trails write it to S3 (inside `{"Records":[…]}`, which intake unwraps), as
 *   CloudTrail Lake and `jq '.Records[]'` give it, one per line or in an array;
 * - an `aws cloudtrail lookup-events` / LookupEvents API event (`{"Events":[…]}`: `EventId`,
 *   `EventName`, …, and the whole record as JSON text in `CloudTrailEvent`);
 * - a CSV row: the console's Event history download or a CloudTrail Lake query result saved as
 *   CSV. A column holding the whole record as JSON (`CloudTrail event`, `CloudTrailEvent`) is
 *   used as is; otherwise the record is rebuilt from the columns that name record fields (matched
 *   case- and space-insensitively: `Event name`, `eventname`, `eventName` are one column), and
 *   columns holding JSON objects (`userIdentity`, `requestParameters`, …) are parsed.
 */
import { isJsonObject, type JsonObject } from '../common/json.ts';

/** A CSV column (lower case, letters and digits only) → the record field it holds. */
const COLUMNS: Readonly<Record<string, string>> = {
  eventversion: 'eventVersion',
  eventid: 'eventID',
  eventtime: 'eventTime',
  eventname: 'eventName',
  eventsource: 'eventSource',
  eventtype: 'eventType',
  eventcategory: 'eventCategory',
  awsregion: 'awsRegion',
  sourceipaddress: 'sourceIPAddress',
  useragent: 'userAgent',
  errorcode: 'errorCode',
  errormessage: 'errorMessage',
  requestid: 'requestID',
  readonly: 'readOnly',
  managementevent: 'managementEvent',
  recipientaccountid: 'recipientAccountId',
  useridentity: 'userIdentity',
  requestparameters: 'requestParameters',
  responseelements: 'responseElements',
  additionaleventdata: 'additionalEventData',
  serviceeventdetails: 'serviceEventDetails',
  resources: 'resources',
  tlsdetails: 'tlsDetails',
  sharedeventid: 'sharedEventId',
  vpcendpointid: 'vpcEndpointId',
  apiversion: 'apiVersion',
};

/** Event history columns that name a part of `userIdentity`. */
const IDENTITY_COLUMNS: Readonly<Record<string, string>> = {
  username: 'userName',
  awsaccesskey: 'accessKeyId',
  accesskeyid: 'accessKeyId',
};

/** Columns holding the whole record as JSON text. */
const WHOLE_RECORD = new Set(['cloudtrailevent']);

const BOOLEANS = new Set(['readOnly', 'managementEvent']);

function columnKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** True for a record as CloudTrail writes it: API calls and console events name the call; Insights events have `insightDetails` instead. */
export function isTrailRecord(record: JsonObject): boolean {
  if (typeof record['eventVersion'] !== 'string' || typeof record['eventTime'] !== 'string') return false;
  return (typeof record['eventName'] === 'string' && typeof record['eventSource'] === 'string') || isJsonObject(record['insightDetails']);
}

/** True for a LookupEvents event (its record as JSON text). */
function isLookupEvent(record: JsonObject): boolean {
  return typeof record['CloudTrailEvent'] === 'string';
}

/** True for a CSV row of an event export: all text, with an event name column and the whole record or its source/time. */
export function isExportRow(record: JsonObject): boolean {
  const keys = new Set(Object.keys(record).map(columnKey));
  return Object.values(record).every((value) => typeof value === 'string') && keys.has('eventname') && (keys.has('cloudtrailevent') || keys.has('eventsource') || keys.has('eventtime'));
}

export function looksLikeCloudTrail(record: JsonObject): boolean {
  return isTrailRecord(record) || isLookupEvent(record) || isExportRow(record);
}

function parseObject(text: string): JsonObject | undefined {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) || Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** The CloudTrail record an input record holds, or why there is none. */
export function trailRecord(record: JsonObject): { record: JsonObject } | { notMapped: string; message: string } {
  if (isTrailRecord(record)) return { record };
  if (isLookupEvent(record)) {
    const inner = parseObject(record['CloudTrailEvent'] as string);
    return inner !== undefined && isJsonObject(inner) ? { record: inner } : { notMapped: 'CloudTrailEvent not JSON', message: 'the CloudTrailEvent text is not a JSON object' };
  }
  if (isExportRow(record)) return { record: fromRow(record as Readonly<Record<string, string>>) };
  return { notMapped: 'not a CloudTrail event', message: 'no eventVersion/eventName/eventSource, CloudTrailEvent or event export columns' };
}

function fromRow(row: Readonly<Record<string, string>>): JsonObject {
  for (const [column, value] of Object.entries(row)) {
    if (!WHOLE_RECORD.has(columnKey(column))) continue;
    const whole = parseObject(value);
    if (whole !== undefined && isJsonObject(whole)) return whole;
  }
  const entries: [string, unknown][] = [];
  const identity: [string, unknown][] = [];
  for (const [column, value] of Object.entries(row)) {
    if (value === '') continue;
    const key = columnKey(column);
    const field = COLUMNS[key];
    if (field !== undefined) entries.push([field, BOOLEANS.has(field) ? value.toLowerCase() === 'true' : (parseObject(value) ?? value)]);
    else if (IDENTITY_COLUMNS[key] !== undefined) identity.push([IDENTITY_COLUMNS[key], value]);
  }
  const record = Object.fromEntries(entries) as Record<string, unknown>;
  if (identity.length > 0) record['userIdentity'] = { ...Object.fromEntries(identity), ...(isJsonObject(record['userIdentity']) ? record['userIdentity'] : {}) };
  const time = record['eventTime'];
  if (typeof time === 'string' && !/T/.test(time) && !Number.isNaN(Date.parse(time))) record['eventTime'] = new Date(Date.parse(time)).toISOString();
  return record;
}
