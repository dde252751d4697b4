/**
 * The app's "Export events": the scan's files read again by the readers' intake with the same
 * `derivedEvents` as `loupe events` (so the bytes are the CLI's), the text folded into a Blob as
 * it comes. The app keeps no events after a scan; a Blob of parts lets the browser keep a large
 * export out of the page's memory (Chromium moves big blobs to disk), where one string could not.
 */
import { derivedEvents, type EventsFormat } from '../ingest/derived-events.ts';
import { blobSource } from '../ingest/hosts/browser.ts';
import type { Decompressors } from '../ingest/intake.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/lines.ts';
import { sourceStage } from '../sources/registry.ts';
import type { IntakeReader, ScanFile } from './scan-run.ts';

export const EVENTS_MEDIA_TYPE = 'application/x-ndjson';

/** Text gathered before it is folded into the Blob. */
const FOLD_CHARS = 8 * 1024 * 1024;

/** A reader's part: one file's derived events. */
export function fileEventsBlob(file: ScanFile, format: EventsFormat, decompressors?: Decompressors): Promise<Blob> {
  const source = { ...blobSource(file.blob, file.name), ...(file.host !== undefined ? { host: file.host } : {}) };
  const run = derivedEvents([source], format, { maxLineBytes: DEFAULT_MAX_LINE_BYTES, sources: sourceStage, ...(decompressors ? { decompressors } : {}) });
  return blobOf(run.text());
}

/** The pieces as one Blob, never holding more than `foldChars` of them as strings. */
export async function blobOf(pieces: AsyncIterable<string>, foldChars = FOLD_CHARS): Promise<Blob> {
  let blob = new Blob([], { type: EVENTS_MEDIA_TYPE });
  let parts: string[] = [];
  let chars = 0;
  for await (const piece of pieces) {
    parts.push(piece);
    chars += piece.length;
    if (chars >= foldChars) {
      blob = new Blob([blob, ...parts], { type: EVENTS_MEDIA_TYPE });
      parts = [];
      chars = 0;
    }
  }
  return new Blob([blob, ...parts], { type: EVENTS_MEDIA_TYPE });
}

/** The scan worker's side: each file to the next free reader, the parts joined in input order. */
export async function eventsBlob(files: readonly ScanFile[], format: EventsFormat, readers: readonly IntakeReader[]): Promise<Blob> {
  const parts: Blob[] = [];
  let next = 0;
  await Promise.all(
    readers.map(async (reader) => {
      for (let index = next++; index < files.length; index = next++) parts[index] = await reader.events(files[index]!, format);
    }),
  );
  return new Blob(parts, { type: EVENTS_MEDIA_TYPE });
}
