/**
 * A decoded record in the shape Winlogbeat gives it (`winlog.*`, `event.*`, `log.*`, `host.name`,
 * `@timestamp`): the input Elastic's `windows` and `system` integrations expect. Winlogbeat reads
 * Windows' rendered event XML (EvtRender) and names raw values from the provider's message
 * tables; when the provider's metadata is missing on the reading machine (an .evtx from another
 * host) it falls back to the names Windows defines for everyone (winmeta.xml). That fallback is
 * all an offline parser has, so it is what is rendered here:
 * - `log.level` from the standard levels (0 and 4 information, 1 critical, 2 error, 3 warning, 5 verbose);
 * - `winlog.opcode` from the standard opcodes 0-9 (Info, Start, Stop, …);
 * - `winlog.keywords` from the standard keyword bits (Audit Success, Audit Failure, Classic, …),
 *   in ascending bit order (Winlogbeat's order is a Go map's, i.e. random);
 * - `winlog.task` and `event.action` only for task 0 ("None");
 * - no `message`: it needs the provider's message table.
 * Event data follows Winlogbeat's rules: each child of EventData (or of UserData's first element)
 * is a pair keyed by its Name attribute or else its element name, `Data`/unnamed keys become
 * `param<position>` (position counted over all children, empty ones included), empty values are
 * dropped, the first of duplicate keys wins, CRLF becomes LF and trailing newlines go. Control
 * characters become the text `\uXXXX`, as Winlogbeat's safe XML reader writes them.
 */
import type { EvtxRecord } from './types.ts';
import { attribute, childElement, childElements, ownText, type XmlElement } from './xml.ts';

export interface WinlogbeatOptions {
  /** The file the record came from (`log.file.path`). */
  readonly filePath?: string;
}

type Doc = Record<string, unknown>;

const LEVELS = ['Information', 'Critical', 'Error', 'Warning', 'Information', 'Verbose'];
const OPCODES = ['Info', 'Start', 'Stop', 'DCStart', 'DCStop', 'Extension', 'Reply', 'Resume', 'Suspend', 'Send'];
const KEYWORDS: readonly (readonly [bigint, string])[] = [
  [0x1_0000_0000_0000n, 'Response Time'],
  [0x4_0000_0000_0000n, 'WDI Diag'],
  [0x8_0000_0000_0000n, 'SQM'],
  [0x10_0000_0000_0000n, 'Audit Failure'],
  [0x20_0000_0000_0000n, 'Audit Success'],
  [0x40_0000_0000_0000n, 'Correlation Hint'],
  [0x80_0000_0000_0000n, 'Classic'],
];
const AUDIT_FAILURE = 0x10_0000_0000_0000n;
const AUDIT_SUCCESS = 0x20_0000_0000_0000n;

/**
 * Well-known SIDs that Windows' LookupAccountSid names the same on every (English) system, as
 * Winlogbeat adds them; other accounts need the machine's own account database.
 */
const WELL_KNOWN_USERS: Readonly<Record<string, { name: string; domain: string }>> = {
  'S-1-5-18': { name: 'SYSTEM', domain: 'NT AUTHORITY' },
  'S-1-5-19': { name: 'LOCAL SERVICE', domain: 'NT AUTHORITY' },
  'S-1-5-20': { name: 'NETWORK SERVICE', domain: 'NT AUTHORITY' },
};

export function toWinlogbeat(record: EvtxRecord, options: WinlogbeatOptions = {}): Doc {
  const system = childElement(record.event, 'System');
  const text = (name: string): string => safe(ownText(system && childElement(system, name)));
  const provider = system && childElement(system, 'Provider');
  const execution = system && childElement(system, 'Execution');
  const correlation = system && childElement(system, 'Correlation');
  const eventId = String(parseUnsigned(text('EventID')) ?? 0);
  const keywordsRaw = parseKeywords(text('Keywords'));
  const opcodeRaw = system && childElement(system, 'Opcode') ? parseUnsigned(text('Opcode')) : undefined;
  const task = (parseUnsigned(text('Task')) ?? 0) === 0 ? 'None' : undefined;
  const level = LEVELS[parseUnsigned(text('Level')) ?? 0];

  const winlog: Doc = { api: 'wineventlog' };
  optional(winlog, 'activity_id', safe(attribute(correlation, 'ActivityID') ?? ''));
  optional(winlog, 'channel', text('Channel'));
  optional(winlog, 'computer_name', text('Computer'));
  optional(winlog, 'event_data', pairs(childElements(childElement(record.event, 'EventData') ?? EMPTY)));
  winlog['event_id'] = eventId;
  optional(winlog, 'keywords', keywordNames(keywordsRaw));
  for (const [key, attr] of EXECUTION_NUMBERS) optional(winlog, key, parseUnsigned(attribute(execution, attr) ?? ''));
  optional(winlog, 'opcode', opcodeRaw === undefined ? undefined : OPCODES[opcodeRaw]);
  const pid = parseUnsigned(attribute(execution, 'ProcessID') ?? '');
  const tid = parseUnsigned(attribute(execution, 'ThreadID') ?? '');
  if (pid || tid) winlog['process'] = { ...(pid ? { pid } : {}), ...(tid ? { thread: { id: tid } } : {}) };
  optional(winlog, 'provider_guid', safe(attribute(provider, 'Guid') ?? ''));
  optional(winlog, 'provider_name', safe(attribute(provider, 'Name') ?? ''));
  optional(winlog, 'record_id', parseUnsigned(text('EventRecordID')));
  optional(winlog, 'related_activity_id', safe(attribute(correlation, 'RelatedActivityID') ?? ''));
  optional(winlog, 'task', task);
  optional(winlog, 'user', user(safe(attribute(system && childElement(system, 'Security'), 'UserID') ?? '')));
  optional(winlog, 'user_data', userData(childElement(record.event, 'UserData')));
  optional(winlog, 'version', parseUnsigned(text('Version')));

  const event: Doc = { code: eventId, kind: 'event', provider: safe(attribute(provider, 'Name') ?? '') };
  optional(event, 'action', task);
  if (keywordsRaw & AUDIT_FAILURE) event['outcome'] = 'failure';
  else if (keywordsRaw & AUDIT_SUCCESS) event['outcome'] = 'success';

  const doc: Doc = { '@timestamp': timestamp(attribute(system && childElement(system, 'TimeCreated'), 'SystemTime') ?? record.writtenTime), event };
  optional(doc, 'host', text('Computer') === '' ? undefined : { name: text('Computer') });
  const log: Doc = {};
  optional(log, 'level', level?.toLowerCase());
  if (options.filePath !== undefined && options.filePath !== '') log['file'] = { path: options.filePath };
  optional(doc, 'log', Object.keys(log).length === 0 ? undefined : log);
  doc['winlog'] = winlog;
  return doc;
}

const EMPTY: XmlElement = { name: '', attributes: [], children: [] };

/** Execution attributes only event tracing (.etl) sets; Winlogbeat copies them when not zero. */
const EXECUTION_NUMBERS = [
  ['kernel_time', 'KernelTime'],
  ['processor_id', 'ProcessorID'],
  ['processor_time', 'ProcessorTime'],
  ['session_id', 'SessionID'],
  ['user_time', 'UserTime'],
] as const;

/** Sets `key` unless the value is Go's zero value for it (Winlogbeat's AddOptional). */
function optional(doc: Doc, key: string, value: unknown): void {
  if (value === undefined || value === '' || value === 0) return;
  if (Array.isArray(value) && value.length === 0) return;
  doc[key] = value;
}

function pairs(elements: readonly XmlElement[]): Doc | undefined {
  const out: Doc = {};
  let any = false;
  elements.forEach((element, i) => {
    const value = ownText(element);
    if (value === '') return;
    const name = attribute(element, 'Name') || element.name;
    const key = name === '' || name === 'Data' ? `param${i + 1}` : safe(name);
    if (Object.hasOwn(out, key)) return;
    out[key] = safe(removeWindowsLineEndings(value));
    any = true;
  });
  return any ? out : undefined;
}

function userData(element: XmlElement | undefined): Doc | undefined {
  const first = element && childElements(element)[0];
  if (first === undefined) return undefined;
  const data = pairs(childElements(first));
  return data === undefined ? undefined : { ...data, xml_name: first.name };
}

function user(identifier: string): Doc | undefined {
  if (identifier === '') return undefined;
  const known = WELL_KNOWN_USERS[identifier];
  return known === undefined ? { identifier } : { identifier, ...known, type: 'Well Known Group' };
}

function keywordNames(raw: bigint): string[] {
  return KEYWORDS.filter(([mask]) => (raw & mask) !== 0n).map(([, name]) => name);
}

function parseKeywords(text: string): bigint {
  try {
    return /^(0x[0-9a-f]+|[0-9]+)$/i.test(text) ? BigInt.asUintN(64, BigInt(text)) : 0n;
  } catch {
    return 0n;
  }
}

function parseUnsigned(text: string): number | undefined {
  return /^[0-9]+$/.test(text) ? Number(text) : undefined;
}

/** Go's RFC3339Nano: fractional seconds without trailing zeros (and without the dot when they are all zero). */
function timestamp(systemTime: string): string {
  return systemTime.replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits === '' ? 'Z' : `.${digits}Z`));
}

/** sys.RemoveWindowsLineEndings after Go's XML decoder turned lone CRs into LFs. */
function removeWindowsLineEndings(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
}

/**
 * Winlogbeat reads the XML through a reader that replaces control characters (other than white
 * space) and undecodable text with the literal text `\uXXXX`.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function safe(value: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(value)) return value;
  return value.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return `\\u${(code >= 0xd800 && code <= 0xdfff ? 0xfffd : code).toString(16).padStart(4, '0')}`;
  });
}
