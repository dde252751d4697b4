/** One sentence per file a source mapped, for the CLI summary, the app and the HTML report. */
import { notMappedRecords, type FileSummary, type SourceTally } from '../ingest/summary.ts';
import { SOURCES } from './registry.ts';

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

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

/** The files a source mapped, each `file: description`. */
export function sourceLines(files: readonly FileSummary[]): string[] {
  return files.flatMap((file) => (file.source ? [`${file.file}: ${describeSource(file.source)}`] : []));
}
