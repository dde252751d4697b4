/**
 * One byte source to events: sniff → lines → events, with every line accounted for in the
 * file's summary. Host-agnostic: hosts wrap what they read (a Node file stream, a browser
 * Blob stream) as a `ByteSource`; the container stage will sit where `sniff` now answers
 * `container`, turning one source into the sources of its entries.
 */
import { concatBytes } from './bytes.ts';
import { parseEventLine, type EventObject } from './events.ts';
import { LineSplitter } from './lines.ts';
import { sniff, SNIFF_BYTES } from './sniff.ts';
import { countExample, newFileSummary, type FileSummary } from './summary.ts';

export interface ByteSource {
  /** Shown in summaries and carried by every event (a path; later "archive.zip/entry.ndjson"). */
  readonly name: string;
  /** Total bytes, when the host knows it up front (for progress). */
  readonly size?: number;
  /** The bytes, in chunks of any size. A failure part-way is reported, not thrown. */
  chunks(): AsyncIterable<Uint8Array>;
}

/** Where an event came from; structurally the engine's `EventSource`. */
export interface EventOrigin {
  readonly file: string;
  readonly line: number;
  readonly indexHint?: string;
  readonly idHint?: string;
}

export interface IngestProgress {
  readonly file: string;
  readonly bytes: number;
  readonly size?: number;
  readonly events: number;
}

export interface IngestOptions {
  readonly maxLineBytes?: number;
  /** Checked between chunks: an abort stops reading promptly and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: IngestProgress) => void;
}

/**
 * Reads one source to the end, handing each event to `onEvent` as soon as its line is complete.
 * Errors thrown by `onEvent` propagate (they are the consumer's, not the input's).
 */
export async function ingestSource(
  source: ByteSource,
  onEvent: (event: EventObject, origin: EventOrigin) => void,
  options: IngestOptions = {},
): Promise<FileSummary> {
  const summary = newFileSummary(source.name);
  const splitter = new LineSplitter(
    {
      line(text, line, invalidUtf8) {
        if (invalidUtf8 > 0) {
          countExample(summary.invalidUtf8, line, `${invalidUtf8} invalid UTF-8 sequence${invalidUtf8 === 1 ? '' : 's'} replaced with U+FFFD`);
          summary.invalidUtf8.sequences += invalidUtf8;
        }
        const parsed = parseEventLine(text);
        if (parsed.kind === 'skip') {
          countExample(summary.skipped[parsed.reason], line, parsed.message);
          return;
        }
        summary.events++;
        if (parsed.indexHint !== undefined) summary.eventsWithIndexHint++;
        const { indexHint, idHint } = parsed;
        onEvent(parsed.event, { file: source.name, line, ...(indexHint !== undefined ? { indexHint } : {}), ...(idHint !== undefined ? { idHint } : {}) });
      },
      oversize(line, bytes) {
        countExample(summary.skipped['too-long'], line, `line of ${bytes} bytes is over the limit of ${splitter.maxLineBytes} bytes`);
      },
    },
    options.maxLineBytes !== undefined ? { maxLineBytes: options.maxLineBytes } : {},
  );

  // The first bytes are held back until there are enough to tell text from binary.
  let prefix: Uint8Array[] | undefined = [];
  let prefixBytes = 0;
  const decide = (): boolean => {
    const held = prefix ?? [];
    prefix = undefined;
    const verdict = sniff(concatBytes(held).subarray(0, SNIFF_BYTES));
    if (verdict.kind !== 'text') {
      summary.status = 'skipped';
      summary.reason = verdict.reason;
      return false;
    }
    for (const chunk of held) splitter.push(chunk);
    return true;
  };

  const reportProgress = () =>
    options.onProgress?.({ file: source.name, bytes: summary.bytes, ...(source.size !== undefined ? { size: source.size } : {}), events: summary.events });

  const iterator = source.chunks()[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      let step: IteratorResult<Uint8Array>;
      try {
        step = await iterator.next();
      } catch (error) {
        finished = true;
        summary.status = 'error';
        summary.reason = summary.bytes === 0 ? `cannot read: ${messageOf(error)}` : `read failed after ${summary.bytes} bytes: ${messageOf(error)}`;
        break;
      }
      if (step.done) {
        finished = true;
        if (prefix && !decide()) break;
        splitter.end();
        break;
      }
      const chunk = step.value;
      summary.bytes += chunk.length;
      if (prefix) {
        prefix.push(chunk.slice());
        prefixBytes += chunk.length;
        if (prefixBytes >= SNIFF_BYTES && !decide()) break;
      } else {
        splitter.push(chunk);
      }
      reportProgress();
    }
    reportProgress();
  } finally {
    // Stop the source (close the file) when we leave early: skipped, aborted, or a consumer error.
    if (!finished) await iterator.return?.().catch(() => undefined);
    summary.lines = splitter.lineCount;
    summary.bom = splitter.hadBom;
  }
  return summary;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
