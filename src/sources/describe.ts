/** One sentence per file a source mapped, for the CLI summary, the app and the HTML report. */
import { formatCount as count, plural } from '../engine/output/plural.ts';
import { notMappedRecords, type FileSummary, type SourceTally } from '../ingest/summary.ts';
import { SOURCES } from './registry.ts';


/** `eslogger, host mbp-alice: …`; `evtx (channel Security), host …: 2,261 records → 2,261 events`.
 * `eslogger, host mbp-alice: 12,345 messages → 11,002 events; 1,343 not mapped: event types with no Defend equivalent (1,000), …`. */
export function describeSource(tally: SourceTally): string {
  const noun = SOURCES.find((source) => source.name === tally.name)?.recordNoun ?? 'record';
  const notMapped = notMappedRecords(tally);
  const reasons = Object.entries(tally.notMapped)
    .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : 1))
    .map(([reason, tallied]) => `${reason} (${count(tallied.count)})`);
  const rest = notMapped > 0 ? `; ${count(notMapped)} not mapped: ${reasons.join(', ')}` : '';
  const detail = tally.detail !== undefined ? ` (${tally.detail})` : '';
  return `${tally.name}${detail}, host ${tally.host}: ${plural(tally.records, noun)} → ${plural(tally.events, 'event')}${rest}`;
}

/** The files with, for those a source mapped, what it read (`sourceText`, as the scan account and the HTML report show it). */
export function describedFiles<F extends FileSummary>(files: readonly F[]): (F & { sourceText?: string })[] {
  return files.map((file) => (file.source ? { ...file, sourceText: describeSource(file.source) } : file));
}

/** The files a source mapped, each `file: description`. */
export function sourceLines(files: readonly FileSummary[]): string[] {
  return files.flatMap((file) => (file.source ? [`${file.file}: ${describeSource(file.source)}`] : []));
}
