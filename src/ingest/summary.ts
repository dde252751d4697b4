/**
 * Per-file accounting: every line of a file is either an event or skipped with a reason, so
 * `lines === events + sum of skipped counts` always holds (tested). Files that were not read as
 * lines at all (binary, unreadable) say why in `status` and `reason`.
 */
import type { LineSkipReason } from './events.ts';

export const LINE_SKIP_REASONS: readonly LineSkipReason[] = ['blank', 'not-json', 'not-object', 'too-long'];

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

export function newFileSummary(file: string): FileSummary {
  const tally = (): Tally => ({ count: 0, examples: [] });
  return {
    file,
    status: 'scanned',
    bytes: 0,
    lines: 0,
    events: 0,
    eventsWithIndexHint: 0,
    skipped: { blank: tally(), 'not-json': tally(), 'not-object': tally(), 'too-long': tally() },
    invalidUtf8: { ...tally(), sequences: 0 },
    bom: false,
  };
}

export function countExample(tally: Tally, line: number, message: string): void {
  tally.count++;
  if (tally.examples.length < MAX_EXAMPLES) tally.examples.push({ line, message });
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
  if (next.status !== 'scanned' && into.status === 'scanned') {
    into.status = next.status;
    if (next.reason !== undefined) into.reason = next.reason;
  }
}
