/**
 * Per-file accounting: every line of a file is either an event or skipped with a reason, so
 * `lines === events + sum of skipped counts` always holds (tested). Files that were not read as
 * lines at all (binary, unreadable) say why in `status` and `reason`.
 */
import { listLeafFields } from '../engine/kql/field/document-fields.ts';
import type { LineSkipReason } from './events.ts';

export const LINE_SKIP_REASONS: readonly LineSkipReason[] = ['blank', 'not-json', 'not-object', 'too-long', 'bad-row'];

/** How many example positions each kind of problem keeps. */
export const MAX_EXAMPLES = 5;

export interface LineExample {
  readonly line: number;
  readonly message: string;
}

export interface Tally {
  count: number;
  /** The first few occurrences, in line order. */
  readonly examples: LineExample[];
}

/**
 * - `scanned`: read to the end.
 * - `skipped`: not read as lines (binary content, an archive this build cannot open): `reason` says why.
 * - `error`: could not be opened, or reading failed part-way; lines before the failure were scanned.
 */
export type FileStatus = 'scanned' | 'skipped' | 'error';

export interface FileSummary {
  readonly file: string;
  status: FileStatus;
  reason?: string;
  bytes: number;
  lines: number;
  events: number;
  /**
   * Parsed events that came with an index hint: an Elasticsearch export wrapper's `_index`, or
   * Beats' `@metadata` (lines a prefilter passed over unparsed are not counted).
   */
  eventsWithIndexHint: number;
  readonly skipped: Record<LineSkipReason, Tally>;
  /** Lines holding invalid UTF-8 (still parsed, with U+FFFD in place of each bad sequence). */
  readonly invalidUtf8: Tally & { sequences: number };
  /** The file started with a UTF-8 byte order mark (dropped). */
  bom: boolean;
  /** Set when a source recognised the file and mapped its records. */
  source?: SourceTally;
  /** The fields of the file's first events, parsed whatever a prefilter decides (absent: no event). */
  sample?: FieldSample;
}

/**
 * A file a source recognised (eslogger, ...): its records are mapped to ECS events. For such a
 * file `lines === records + skipped lines`, `events` counts the ECS events made (a record may
 * make none, one or several), and records that made no event for a reason are tallied here.
 */
export interface SourceTally {
  readonly name: string;
  /** The host name given to records without host fields. */
  readonly host: string;
  records: number;
  events: number;
  /** What the file is besides its source, once read (an event log's channel). */
  detail?: string;
  /** Records not mapped, by reason (`no Defend equivalent`), with the first examples. */
  readonly notMapped: Record<string, Tally>;
}

export function notMappedRecords(tally: SourceTally): number {
  return Object.values(tally.notMapped).reduce((sum, reason) => sum + reason.count, 0);
}

/**
 * What the first few events of a file hold, so a summary can say what the file is ("ECS events",
 * or JSON objects with other keys) and whether any rule reads any of it. Intake knows no rules:
 * it only records the names. Bounded: `SAMPLE_EVENTS` events, `MAX_SAMPLE_FIELDS` names.
 */
export interface FieldSample {
  /** Events sampled (at most `SAMPLE_EVENTS`). */
  events: number;
  /** Of those, the ones with a `@timestamp` value. */
  withTimestamp: number;
  /** Top-level keys, in order of first appearance (at most `MAX_SAMPLE_FIELDS`). */
  readonly keys: string[];
  /** Dotted paths of the values (`process.name`), in order of first appearance (at most `MAX_SAMPLE_FIELDS`). */
  readonly fields: string[];
  /** Some keys or fields were left out for the bound: the lists are not the whole of what was sampled. */
  truncated: boolean;
}

export const SAMPLE_EVENTS = 5;
export const MAX_SAMPLE_FIELDS = 500;

export function newFileSummary(file: string): FileSummary {
  const tally = (): Tally => ({ count: 0, examples: [] });
  return {
    file,
    status: 'scanned',
    bytes: 0,
    lines: 0,
    events: 0,
    eventsWithIndexHint: 0,
    skipped: { blank: tally(), 'not-json': tally(), 'not-object': tally(), 'too-long': tally(), 'bad-row': tally() },
    invalidUtf8: { ...tally(), sequences: 0 },
    bom: false,
  };
}

export function countExample(tally: Tally, line: number, message: string): void {
  tally.count++;
  if (tally.examples.length < MAX_EXAMPLES) tally.examples.push({ line, message });
}

/** Adds one event to the file's sample while the sample has room (cheap: a few events per file). */
export function sampleEvent(summary: FileSummary, event: object): void {
  const sample = (summary.sample ??= { events: 0, withTimestamp: 0, keys: [], fields: [], truncated: false });
  if (sample.events >= SAMPLE_EVENTS) return;
  const fields = listLeafFields(event as Record<string, unknown>);
  sample.events++;
  if (fields.includes('@timestamp')) sample.withTimestamp++;
  addNames(sample, sample.keys, Object.keys(event));
  addNames(sample, sample.fields, fields);
}

/** Whether the file's sample still takes events. */
export function sampling(summary: FileSummary): boolean {
  return (summary.sample?.events ?? 0) < SAMPLE_EVENTS;
}

function addNames(sample: FieldSample, into: string[], names: readonly string[]): void {
  for (const name of names) {
    if (into.includes(name)) continue;
    if (into.length >= MAX_SAMPLE_FIELDS) {
      sample.truncated = true;
      return;
    }
    into.push(name);
  }
}

export function skippedLines(summary: FileSummary): number {
  return LINE_SKIP_REASONS.reduce((sum, reason) => sum + summary.skipped[reason].count, 0);
}

/**
 * Adds the summary of the next part of the same file (read separately, its lines numbered from 1)
 * to `into`: counts add up, example line numbers move past `into`'s lines, the first examples are
 * kept. The result is the summary of reading both parts as one file.
 */
export function appendSummary(into: FileSummary, next: FileSummary): void {
  const offset = into.lines;
  const append = (to: Tally, from: Tally) => {
    to.count += from.count;
    for (const { line, message } of from.examples) if (to.examples.length < MAX_EXAMPLES) to.examples.push({ line: line + offset, message });
  };
  for (const reason of LINE_SKIP_REASONS) append(into.skipped[reason], next.skipped[reason]);
  append(into.invalidUtf8, next.invalidUtf8);
  into.invalidUtf8.sequences += next.invalidUtf8.sequences;
  into.bytes += next.bytes;
  into.lines += next.lines;
  into.events += next.events;
  into.eventsWithIndexHint += next.eventsWithIndexHint;
  // The file's first events are the first part's; a later part tops the sample up only when the first part had too few.
  if (next.sample !== undefined && sampling(into)) {
    if (into.sample === undefined) into.sample = { ...next.sample, keys: [...next.sample.keys], fields: [...next.sample.fields] };
    else {
      const sample = into.sample;
      const room = SAMPLE_EVENTS - sample.events;
      const added = Math.min(room, next.sample.events);
      sample.events += added;
      sample.withTimestamp += Math.min(added, next.sample.withTimestamp);
      addNames(sample, sample.keys, next.sample.keys);
      addNames(sample, sample.fields, next.sample.fields);
      sample.truncated ||= next.sample.truncated;
    }
  }
  if (next.status !== 'scanned' && into.status === 'scanned') {
    into.status = next.status;
    if (next.reason !== undefined) into.reason = next.reason;
  }
}
