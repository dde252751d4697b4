/**
 * The account of one scan that every summary renders: `loupe scan` on stderr, the app's scan
 * panel and the HTML report. A responder acts on "0 alerts", so the account leads with what can
 * make that count mislead (matches that could not become alerts, evidence no rule can see,
 * files that gave no events), then says per file what was recognised and what was not read.
 * The sentences are written here once; the hosts only lay them out.
 *
 * Inputs are plain data (intake's file summaries and the detector's stats, also as saved by the
 * app), typed structurally so the engine does not import intake.
 */
import type { RuleScanStats, ScanStats } from '../detect/contract.ts';
import { ecsTypeOf } from '../fields/ecs-types.ts';
import { formatCount, plural } from './plural.ts';

interface Tally {
  readonly count: number;
  readonly examples: readonly { readonly line: number; readonly message: string }[];
}

/** One file as intake summarises it (structurally `IntakeFileSummary`). */
export interface AccountedFile {
  readonly file: string;
  readonly status: string;
  readonly reason?: string;
  readonly bytes: number;
  readonly lines: number;
  readonly events: number;
  readonly skipped: Readonly<Record<string, Tally>>;
  readonly invalidUtf8: Tally & { readonly sequences: number };
  readonly bom: boolean;
  readonly shape?: string;
  readonly errors?: readonly { readonly message: string; readonly line?: number }[];
  /** Raw evidence a source mapped to ECS: what it read, as the host's source layer words it. */
  readonly sourceText?: string;
  /** Records a source read and the events it made of them (then `lines` = records + skipped lines). */
  readonly source?: { readonly records: number; readonly events: number };
  readonly sample?: {
    readonly events: number;
    readonly withTimestamp: number;
    readonly keys: readonly string[];
    readonly fields: readonly string[];
    readonly truncated: boolean;
  };
}

/** Something to say about a file, with its first occurrences (`line 6: Unexpected token…`). */
export interface FileNote {
  readonly text: string;
  readonly examples: readonly string[];
}

export interface FileAccount {
  readonly file: string;
  readonly status: string;
  /** What the file was recognised as: "ECS events", "not ECS: JSON objects with keys a, b, …", why it was not read. */
  readonly recognised: string;
  readonly events: number;
  readonly lines: number;
  /** Lines skipped (blank, not JSON, …): `lines - skipped` were read as events (or as records a source mapped). */
  readonly skipped: number;
  readonly bytes: number;
  /** Lines not read as events, damage, anything else about the file, in that order. */
  readonly notes: readonly FileNote[];
  /** ECS events, every line read, nothing that needs a look (blank lines and a BOM are harmless). */
  readonly clean: boolean;
}

/** Lines skipped for one reason across the files, with the first examples as `file:line: message`. */
export interface SkipTotal {
  readonly reason: string;
  readonly label: string;
  readonly count: number;
  readonly examples: readonly string[];
}

export interface ScanAccount {
  /** What must be read before trusting the alert count; each names its rule or file and the count. */
  readonly warnings: readonly string[];
  /** Files not read, or read only in part: `file: why` (every problem found in it). */
  readonly problems: readonly string[];
  readonly files: readonly FileAccount[];
  readonly linesSkipped: number;
  readonly skipped: readonly SkipTotal[];
  /** Invalid UTF-8 across the files: sequences replaced, lines holding them, first examples. */
  readonly invalidUtf8: { readonly sequences: number; readonly lines: number; readonly examples: readonly string[] };
  readonly bomFiles: number;
}

/** How many examples a note or total shows (intake keeps this many per file and reason). */
const MAX_EXAMPLES = 5;
/** Keys named when saying what a file holds. */
const KEYS_SHOWN = 8;

const SKIP_LABELS: Readonly<Record<string, string>> = {
  blank: 'blank',
  'not-json': 'not JSON',
  'not-object': 'not a JSON object',
  'too-long': 'over the line size limit',
  'bad-row': 'a malformed CSV row',
};

const SHAPE_LABELS: Readonly<Record<string, string>> = {
  elasticdump: 'Elasticsearch export lines',
  beats: 'Beats output',
  'json-array': 'a JSON array',
  'search-response': 'an Elasticsearch _search response',
  'json-values': 'pretty-printed JSON',
  'json-wrapped': 'JSON records wrapped in an object (Records/records/value)',
  csv: 'CSV rows',
};

const skipLabel = (reason: string) => SKIP_LABELS[reason] ?? reason;

export function accountScan(files: readonly AccountedFile[], stats: ScanStats): ScanAccount {
  const fieldsRead = readableFields(stats.rules);
  return {
    warnings: [...ruleWarnings(stats.rules), ...files.flatMap((file) => fileWarnings(file, fieldsRead))],
    problems: files.filter((file) => file.status !== 'scanned').map((file) => `${file.file}: ${problemsOf(file).join('; ')}`),
    files: files.map(accountFile),
    linesSkipped: files.reduce((sum, file) => sum + skippedCount(file), 0),
    skipped: skipTotals(files),
    invalidUtf8: {
      sequences: files.reduce((sum, file) => sum + file.invalidUtf8.sequences, 0),
      lines: files.reduce((sum, file) => sum + file.invalidUtf8.count, 0),
      examples: firstExamples(files, (file) => file.invalidUtf8),
    },
    bomFiles: files.filter((file) => file.bom).length,
  };
}

/** What to read before trusting the alert count: the warnings, then every file not read in full. */
export function trustWarnings(account: ScanAccount): string[] {
  return [...account.warnings, ...account.problems.map((problem) => `not read in full: ${problem}`)];
}

function ruleWarnings(rules: readonly RuleScanStats[]): string[] {
  const ran = rules.filter((rule) => rule.status === 'ok');
  const warnings: string[] = [];
  if (rules.length === 0) warnings.push('no rules were loaded: no alert can be raised');
  else if (ran.length === 0) {
    const count = (status: RuleScanStats['status']) => rules.filter((rule) => rule.status === status).length;
    warnings.push(`no rule ran (${formatCount(count('error'))} with errors, ${formatCount(count('unsupported'))} unsupported): no alert can be raised`);
  }
  for (const rule of ran) {
    if (rule.eventsWithoutTimestamp === 0) continue;
    const fields = rule.timestampFields ?? ['@timestamp'];
    const what = fields.length === 1 && fields[0] === '@timestamp' ? 'events have no usable @timestamp' : `events have no usable ${fields.join(' or ')}`;
    const become = rule.eventsWithoutTimestamp === 1 ? 'could not become an alert' : 'could not become alerts';
    warnings.push(`${rule.name} (${rule.ruleId}): ${plural(rule.eventsWithoutTimestamp, 'match', 'matches')} ${become}: ${what}`);
  }
  for (const rule of ran) for (const warning of rule.warnings ?? []) warnings.push(`${rule.name} (${rule.ruleId}): ${warning}`);
  return warnings;
}

/**
 * Whether a field of an event is one a rule reads: the same name, a value under an object the
 * rule reads (`exists process`), a multi-field of it (`process.name.caseless`), or a match of a
 * wildcard field name (`process.*`). Built once per scan: a look-up per dotted prefix of a field,
 * so a scan of many files stays cheap whatever the number of rules.
 */
type FieldsRead = (field: string) => boolean;

/**
 * The test for the fields the rules that ran read, or undefined when that cannot show evidence
 * unseen: no rule ran, a rule reads no field (it sees every event), or the stats predate `fieldsRead`.
 */
function readableFields(rules: readonly RuleScanStats[]): FieldsRead | undefined {
  const ran = rules.filter((rule) => rule.status === 'ok');
  if (ran.length === 0 || ran.some((rule) => rule.fieldsRead === undefined || rule.fieldsRead.length === 0)) return undefined;
  const read = new Set<string>();
  const under = new Set<string>();
  const patterns: RegExp[] = [];
  for (const name of new Set(ran.flatMap((rule) => rule.fieldsRead ?? []))) {
    if (name.includes('*')) {
      patterns.push(new RegExp(`^${name.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
      continue;
    }
    read.add(name);
    // A rule reading `process.name.caseless` reads the event's `process.name`.
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) under.add(name.slice(0, dot));
  }
  return (field) => {
    if (read.has(field) || under.has(field)) return true;
    for (let dot = field.indexOf('.'); dot !== -1; dot = field.indexOf('.', dot + 1)) if (read.has(field.slice(0, dot))) return true;
    return patterns.some((pattern) => pattern.test(field));
  };
}

function fileWarnings(file: AccountedFile, fieldsRead: FieldsRead | undefined): string[] {
  const warnings: string[] = [];
  if (file.status !== 'skipped' && file.events === 0 && file.lines > 0) {
    warnings.push(
      file.source !== undefined && file.source.records > 0
        ? `${file.file}: no events: none of its ${plural(file.source.records, 'record')} mapped to an ECS event`
        : `${file.file}: no events: ${plural(file.lines, 'line')}, none a JSON object (${skipBreakdown(file)})`,
    );
  }
  const sample = file.sample;
  if (fieldsRead !== undefined && sample !== undefined && sample.events > 0 && !sample.truncated) {
    const seen = sample.fields.some(fieldsRead);
    if (!seen) warnings.push(`${file.file}: no loaded rule can see any of its ${plural(file.events, 'event')}: the rules read none of their fields (${keyList(sample.keys)})`);
  }
  return warnings;
}

function accountFile(file: AccountedFile): FileAccount {
  const notes = [...skipNotes(file), ...utf8Notes(file), ...errorNotes(file)];
  if (file.bom) notes.push({ text: 'started with a UTF-8 byte order mark (ignored)', examples: [] });
  const { text: recognised, ecs } = recognise(file);
  const unread = Object.entries(file.skipped).some(([reason, tally]) => reason !== 'blank' && tally.count > 0);
  return {
    file: file.file,
    status: file.status,
    recognised,
    events: file.events,
    lines: file.lines,
    skipped: skippedCount(file),
    bytes: file.bytes,
    notes,
    clean: file.status === 'scanned' && ecs && !unread && file.invalidUtf8.count === 0 && (file.errors ?? []).length === 0,
  };
}

/** What the file holds, judged from its first events (intake's sample) and its shape; `ecs` when they all look like ECS events. */
function recognise(file: AccountedFile): { text: string; ecs: boolean } {
  const said = (text: string, ecs = false) => ({ text, ecs });
  if (file.status === 'skipped') return said(file.reason ?? 'not read');
  const sample = file.sample;
  // Raw evidence a source mapped: what it read says what the file is; `ecs` still judges the events made.
  if (file.sourceText !== undefined) return said(file.sourceText, sample !== undefined && sample.events > 0 && sample.withTimestamp === sample.events);
  const shape = file.shape !== undefined && SHAPE_LABELS[file.shape] !== undefined ? ` (${SHAPE_LABELS[file.shape]})` : '';
  if (sample === undefined || sample.events === 0) return said(file.events > 0 ? `events${shape}` : file.lines > 0 ? 'no JSON objects' : 'no data');
  const ecs = sample.fields.some((field) => field !== '@timestamp' && ecsTypeOf(field) !== undefined);
  const untimed = sample.events - sample.withTimestamp;
  if (ecs && untimed === 0) return said(`ECS events${shape}`, true);
  if (ecs && sample.withTimestamp > 0) return said(`ECS events${shape}, ${formatCount(untimed)} of the first ${formatCount(sample.events)} without @timestamp`);
  return said(`not ECS${untimed === sample.events ? ' (no @timestamp)' : ''}: ${objectsWith(sample.keys)}${shape}`);
}

/** "JSON objects with keys a, b, …", or "empty JSON objects". */
function objectsWith(keys: readonly string[]): string {
  return keys.length === 0 ? 'empty JSON objects' : `JSON objects with ${keyList(keys)}`;
}

/** "keys a, b, …" (the first few), or "no keys". */
function keyList(keys: readonly string[]): string {
  if (keys.length === 0) return 'no keys';
  return `keys ${keys.length > KEYS_SHOWN ? `${keys.slice(0, KEYS_SHOWN).join(', ')}, …` : keys.join(', ')}`;
}

function skippedCount(file: AccountedFile): number {
  return Object.values(file.skipped).reduce((sum, tally) => sum + tally.count, 0);
}

function skipBreakdown(file: AccountedFile): string {
  return Object.entries(file.skipped)
    .filter(([, tally]) => tally.count > 0)
    .map(([reason, tally]) => `${formatCount(tally.count)} ${skipLabel(reason)}`)
    .join(', ');
}

function examplesOf(tally: Tally, format: (example: { line: number; message: string }) => string): string[] {
  const shown = tally.examples.slice(0, MAX_EXAMPLES).map(format);
  return tally.count > shown.length ? [...shown, `… ${formatCount(tally.count - shown.length)} more`] : shown;
}

function skipNotes(file: AccountedFile): FileNote[] {
  return Object.entries(file.skipped)
    .filter(([, tally]) => tally.count > 0)
    .map(([reason, tally]) =>
      reason === 'blank'
        ? { text: `${plural(tally.count, 'blank line')} skipped`, examples: [] }
        : { text: `${plural(tally.count, 'line')} skipped: ${skipLabel(reason)}`, examples: examplesOf(tally, ({ line, message }) => `line ${line}: ${message}`) },
    );
}

function utf8Notes(file: AccountedFile): FileNote[] {
  const { invalidUtf8 } = file;
  if (invalidUtf8.count === 0) return [];
  return [
    {
      text: `invalid UTF-8 in ${plural(invalidUtf8.count, 'line')} (${plural(invalidUtf8.sequences, 'sequence')} replaced with U+FFFD, lines still read)`,
      examples: examplesOf(invalidUtf8, ({ line, message }) => `line ${line}: ${message}`),
    },
  ];
}

function errorNotes(file: AccountedFile): FileNote[] {
  return (file.errors ?? []).map((error) => ({ text: error.line !== undefined ? `line ${error.line}: ${error.message}` : error.message, examples: [] }));
}

/** Why a file was not read in full: its reason, then every other problem intake found in it. */
function problemsOf(file: AccountedFile): string[] {
  const messages = [file.reason ?? file.status, ...(file.errors ?? []).map((error) => error.message)];
  return [...new Set(messages)];
}

function skipTotals(files: readonly AccountedFile[]): SkipTotal[] {
  const reasons = [...new Set(files.flatMap((file) => Object.keys(file.skipped)))];
  return reasons.flatMap((reason) => {
    const tally = (file: AccountedFile): Tally => file.skipped[reason] ?? { count: 0, examples: [] };
    const count = files.reduce((sum, file) => sum + tally(file).count, 0);
    if (count === 0) return [];
    return [{ reason, label: skipLabel(reason), count, examples: reason === 'blank' ? [] : firstExamples(files, tally) }];
  });
}

/** The first few examples across files, as `file:line: message`, then how many more. */
function firstExamples(files: readonly AccountedFile[], tally: (file: AccountedFile) => Tally): string[] {
  const examples = files.flatMap((file) => tally(file).examples.map(({ line, message }) => `${file.file}:${line}: ${message}`));
  const total = files.reduce((sum, file) => sum + tally(file).count, 0);
  const shown = examples.slice(0, MAX_EXAMPLES);
  return total > shown.length ? [...shown, `… ${formatCount(total - shown.length)} more`] : shown;
}
