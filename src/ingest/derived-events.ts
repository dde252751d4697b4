/**
 * The ECS events Loupe derives from evidence, as text: what `loupe events` writes and the app's
 * "Export events" saves (one function, so the two give the same bytes). Every event intake yields
 * is written: ECS input as read (export wrappers unwrapped, Beats' `@metadata` removed), raw
 * evidence as the events its source maps it to. NDJSON, or Elasticsearch `_bulk` action lines.
 * The text comes in pieces (one per chunk read), so no host ever holds the whole output.
 */
import { formatBulkEvent, formatEventLine } from '../engine/output/event-lines.ts';
import { intake, type IntakeFileSummary, type IntakeOptions, type IntakeSource } from './intake.ts';

export type EventsFormat = 'ndjson' | 'bulk';

export interface DerivedEvents {
  /** The output in pieces, in input order; each piece holds whole lines. */
  text(): AsyncGenerator<string>;
  /** Events written so far. */
  readonly written: number;
  /** Per-file accounting, as intake keeps it (complete once `text()` is done). */
  readonly files: readonly IntakeFileSummary[];
}

/** `options` without `onLine`: every line must be parsed to be written. */
export function derivedEvents(sources: readonly IntakeSource[], format: EventsFormat, options: Omit<IntakeOptions, 'onLine'>): DerivedEvents {
  const run = intake(sources, options);
  let written = 0;
  return {
    async *text() {
      for await (const batch of run.batches()) {
        if (batch.length === 0) continue;
        let piece = '';
        for (const { event, source } of batch) piece += format === 'bulk' ? formatBulkEvent(event, source) : formatEventLine(event);
        written += batch.length;
        yield piece;
      }
    },
    get written() {
      return written;
    },
    files: run.files,
  };
}
