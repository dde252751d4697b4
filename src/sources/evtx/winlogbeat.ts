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
 * - `winlog.task` and `event.action` only for task 0 ("None") and the few names in PROVIDER_TASKS;
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

/**
 * Task names of Windows' own providers that every Windows host's publisher metadata holds, so
 * Winlogbeat renders them whatever host reads the log. Names are per provider and task value
 * (not per event): Microsoft-Windows-Eventlog's task 104 is "Log clear" for Security 1102 (the
 * Winlogbeat golden 1102.evtx shows it) and for System 104, which the prebuilt rule "Windows Event
 * Logs Cleared" matches by `event.action: "Log clear"`.
 */
const PROVIDER_TASKS: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  'Microsoft-Windows-Eventlog': { 104: 'Log clear' },
};

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
  const system = systemParts(record.event);
  const text = (name: string): string => safe(ownText(system[name]));
  const provider = system['Provider'];
  const execution = system['Execution'];
  const correlation = system['Correlation'];
  const eventId = String(parseUnsigned(text('EventID')) ?? 0);
  const keywords = keywordsOf(text('Keywords'));
  const opcodeRaw = system['Opcode'] === undefined ? undefined : parseUnsigned(text('Opcode'));
  const providerName = safe(attribute(provider, 'Name') ?? '');
  const taskValue = parseUnsigned(text('Task')) ?? 0;
  const task = taskValue === 0 ? 'None' : PROVIDER_TASKS[providerName]?.[taskValue];
  const level = LEVELS[parseUnsigned(text('Level')) ?? 0];
  const computer = text('Computer');

  const winlog: Doc = { api: 'wineventlog' };
  optional(winlog, 'activity_id', safe(attribute(correlation, 'ActivityID') ?? ''));
  optional(winlog, 'channel', text('Channel'));
  optional(winlog, 'computer_name', computer);
  optional(winlog, 'event_data', pairs(childElements(childElement(record.event, 'EventData') ?? EMPTY)));
  winlog['event_id'] = eventId;
  optional(winlog, 'keywords', keywords.names.slice());
  for (const [key, name] of EXECUTION_NUMBERS) optional(winlog, key, parseUnsigned(attribute(execution, name) ?? ''));
  optional(winlog, 'opcode', opcodeRaw === undefined ? undefined : OPCODES[opcodeRaw]);
  const pid = parseUnsigned(attribute(execution, 'ProcessID') ?? '');
  const tid = parseUnsigned(attribute(execution, 'ThreadID') ?? '');
  if (pid || tid) winlog['process'] = tid ? (pid ? { pid, thread: { id: tid } } : { thread: { id: tid } }) : { pid };
  optional(winlog, 'provider_guid', safe(attribute(provider, 'Guid') ?? ''));
  optional(winlog, 'provider_name', providerName);
  optional(winlog, 'record_id', parseUnsigned(text('EventRecordID')));
  optional(winlog, 'related_activity_id', safe(attribute(correlation, 'RelatedActivityID') ?? ''));
  optional(winlog, 'task', task);
  optional(winlog, 'user', user(safe(attribute(system['Security'], 'UserID') ?? '')));
  optional(winlog, 'user_data', userData(childElement(record.event, 'UserData')));
  optional(winlog, 'version', parseUnsigned(text('Version')));

  const event: Doc = { code: eventId, kind: 'event', provider: providerName };
  optional(event, 'action', task);
  optional(event, 'outcome', keywords.outcome);

  const doc: Doc = { '@timestamp': timestamp(attribute(system['TimeCreated'], 'SystemTime') ?? record.writtenTime), event };
  if (computer !== '') doc['host'] = { name: computer };
  const file = options.filePath === undefined || options.filePath === '' ? undefined : { path: options.filePath };
  if (level !== undefined || file !== undefined) doc['log'] = level === undefined ? { file } : file === undefined ? { level: level.toLowerCase() } : { level: level.toLowerCase(), file };
  doc['winlog'] = winlog;
  return doc;
}

/** System's children by name, in one pass (System never repeats a name). */
function systemParts(event: XmlElement): Record<string, XmlElement | undefined> {
  const parts: Record<string, XmlElement | undefined> = {};
  const system = childElement(event, 'System');
  if (system !== undefined) for (const child of system.children) if (typeof child !== 'string' && parts[child.name] === undefined) parts[child.name] = child;
  return parts;
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
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i]!;
    const value = ownText(element);
    if (value === '') continue;
    const name = attribute(element, 'Name') || localName(element.name);
    const key = name === '' || name === 'Data' ? `param${i + 1}` : safe(name);
    if (Object.hasOwn(out, key)) continue;
    out[key] = safe(removeWindowsLineEndings(value));
    any = true;
  }
  return any ? out : undefined;
}

function userData(element: XmlElement | undefined): Doc | undefined {
  const first = element && childElements(element)[0];
  if (first === undefined) return undefined;
  const data = pairs(childElements(first));
  return data === undefined ? undefined : { ...data, xml_name: localName(first.name) };
}

/** Go's xml.Name.Local: the name without its namespace prefix. */
function localName(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function user(identifier: string): Doc | undefined {
  if (identifier === '') return undefined;
  const known = WELL_KNOWN_USERS[identifier];
  return known === undefined ? { identifier } : { identifier, ...known, type: 'Well Known Group' };
}

interface Keywords {
  readonly names: readonly string[];
  readonly outcome: string | undefined;
}

/** A log uses a handful of keyword masks: each is parsed once. */
const keywordCache = new Map<string, Keywords>();

function keywordsOf(text: string): Keywords {
  let keywords = keywordCache.get(text);
  if (keywords === undefined) {
    const raw = parseKeywords(text);
    keywords = {
      names: KEYWORDS.filter(([mask]) => (raw & mask) !== 0n).map(([, name]) => name),
      outcome: raw & AUDIT_FAILURE ? 'failure' : raw & AUDIT_SUCCESS ? 'success' : undefined,
    };
    if (keywordCache.size < 1024) keywordCache.set(text, keywords);
  }
  return keywords;
}

function parseKeywords(text: string): bigint {
  try {
    return /^(0x[0-9a-f]+|[0-9]+)$/i.test(text) ? BigInt.asUintN(64, BigInt(text)) : 0n;
  } catch {
    return 0n;
  }
}

function parseUnsigned(text: string): number | undefined {
  if (text === '' || text.length > 20) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(text);
}

/** Go's RFC3339Nano: fractional seconds without trailing zeros (and without the dot when they are all zero). */
function timestamp(systemTime: string): string {
  if (!systemTime.endsWith('0Z')) return systemTime;
  return systemTime.replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits === '' ? 'Z' : `.${digits}Z`));
}

/** sys.RemoveWindowsLineEndings after Go's XML decoder turned lone CRs into LFs. */
function removeWindowsLineEndings(value: string): string {
  const lf = value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value;
  return lf.endsWith('\n') ? lf.replace(/\n+$/, '') : lf;
}

/**
 * Winlogbeat reads the XML through a reader that replaces control characters (other than white
 * space) and undecodable text with the literal text `\uXXXX`.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SUSPECT = /[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffd\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function safe(value: string): string {
  if (!SUSPECT.test(value)) return value;
  return value.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return `\\u${(code >= 0xd800 && code <= 0xdfff ? 0xfffd : code).toString(16).padStart(4, '0')}`;
  });
}
