/**
 * The intake pipeline: named byte sources in, events out, as a stream, whatever the sources
 * are. Each source is opened layer by layer (gzip, zstd, zip, tar, nested up to `maxDepth`
 * layers), every file found is read in its log shape, and every line or record is accounted for
 * in that file's summary. Damage anywhere is reported in the summary of the file it hit (with
 * the byte or line where it was found) and never stops the other files or entries.
 *
 * Host-agnostic: hosts (src/ingest/hosts/) turn files, Blobs and folders into `IntakeSource`s,
 * and may bring a faster raw DEFLATE for gzip (`decompressors`). Memory stays bounded by the read
 * slices, one line or record, and each format's window (32 KiB deflate, the zstd window), whatever
 * the input size.
 *
 * Two ways to consume it: iterate the events (every line and record parsed here), or give an
 * `onLine` hook, which receives the raw text of every line of line-oriented files (NDJSON,
 * elasticdump, Beats) in every container and decides itself whether to parse it (the engine's
 * line scanner: prefilter, then JSON.parse only for candidates); intake accounts for its verdict.
 * Record-oriented shapes (JSON arrays, `_search` responses, pretty-printed values) are still
 * parsed here and iterated as events.
 */
import type { EventSource } from '../engine/detect/contract.ts';
import { ByteReader } from './containers/byte-reader.ts';
import { detectContainer, type ContainerKind } from './containers/detect.ts';
import type { ArchiveEntry } from './containers/entry.ts';
import { ContainerError, messageOf } from './containers/errors.ts';
import { gunzip } from './containers/gzip.ts';
import type { DeflateEngine } from './containers/inflate.ts';
import { DecompressionMeter, DEFAULT_LIMITS, type DecompressionLimits } from './containers/limits.ts';
import { tarEntries } from './containers/tar.ts';
import { zipEntries } from './containers/zip.ts';
import { unzstd } from './containers/zstd.ts';
import { parseEventLine, type EventObject, type ParsedLine } from './events.ts';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, type LineSink } from './lines.ts';
import { takeBeatsMetadata } from './shapes/beats.ts';
import { detectShape, isRecordShape, type ShapeName } from './shapes/detect.ts';
import { CsvSplitter, type CsvSink } from './shapes/csv.ts';
import { JsonRecordSplitter, type RecordLayout } from './shapes/json-records.ts';
import { sniff, SNIFF_BYTES } from './sniff.ts';
import { countExample, newFileSummary, sampleEvent, sampling, type FileSummary, type SourceTally } from './summary.ts';
import { utf16Bom, utf16ToUtf8, type Utf16Encoding } from './utf16.ts';

export interface IntakeSource {
  /** A path or file name; archive members become `name!member` (nested: `a.zip!b.tar!c.ndjson`). */
  readonly name: string;
  /** Total bytes when the host knows them (for progress). */
  readonly size?: number;
  /**
   * Set when the bytes are a run of whole lines from the middle of a line-oriented text file (one
   * part of a file split across workers): read as lines with no container, shape or BOM detection,
   * and with `shape` as the summary's shape. Line numbers count from 1 within the part.
   */
  readonly linesOf?: 'ndjson' | 'elasticdump' | 'beats';
  /**
   * Set when the bytes are this many whole entries cut from a zip named `name` (one part of it
   * per worker): its members are read as the zip's, with no central directory after them.
   */
  readonly zipEntries?: number;
  /** The bytes in chunks of any size; the pipeline does not modify them. */
  chunks(): AsyncIterable<Uint8Array>;
  /** Host name for records that carry none (eslogger), for every file in this source. */
  readonly host?: string;
}

export interface IntakeEvent {
  readonly event: EventObject;
  readonly source: EventSource;
}

export interface IntakeProblem {
  /** The source as given. */
  readonly file: string;
  /** Path inside the archive(s), `!`-separated, when the damage is inside one. */
  readonly entry?: string;
  /** Offset in the innermost container that found the damage (compressed bytes for gzip/zstd). */
  readonly byte?: number;
  /** Line (record, for JSON documents) of the file where the damage was found. */
  readonly line?: number;
  readonly message: string;
}

export interface IntakeFileSummary extends FileSummary {
  /** Containers the file was found in, outermost first (`['zip', 'gzip']` for a .gz in a zip). */
  readonly containers: readonly ContainerKind[];
  /** Log shape detected from the first bytes; absent for files not read as text. */
  shape?: ShapeName;
  /** Set for UTF-16 text (a BOM said so), transcoded to UTF-8 as read: `bytes` then counts UTF-8 bytes. */
  encoding?: Utf16Encoding;
  /** For JSON arrays, search responses and JSON values, `lines` counts records. */
  readonly errors: IntakeProblem[];
}

export interface IntakeProgress {
  /** Source bytes read so far (compressed, as stored), over all sources. */
  readonly bytesDone: number;
  /** Sum of the sources' sizes, when every source knows its size. */
  readonly bytesTotal?: number;
  readonly events: number;
  /** The file (or archive member) being read. */
  readonly file: string;
}

/** What a line hook did with a line: the parser's verdict (`readEventLine`), or counted it as an event unparsed. */
export type LineVerdict = ParsedLine | { readonly kind: 'not-parsed' };

/**
 * Called with every line of a line-oriented file, decoded (invalid UTF-8 already counted and
 * replaced), in place of intake's own parsing; `source` is the line's file and number. The hook
 * consumes the event itself; intake counts the verdict in the file's summary.
 */
export type LineHook = (text: string, source: EventSource) => LineVerdict;

/**
 * A file's records mapped by a source the host registered (src/sources): intake parses and counts,
 * the mapping decides what each record becomes. Intake knows no source by name.
 */
export interface RecordMapping {
  readonly kind?: 'records';
  /** The source's name for summaries (`eslogger`). */
  readonly source: string;
  readonly host: string;
  /** `documentId`: the `_id` of the record's one event (its `idHint`), where the integration sets one. */
  map(record: EventObject): { readonly events: readonly EventObject[]; readonly documentId?: string } | { readonly notMapped: string; readonly message: string };
}

/** What a binary source made of some of a file's bytes: events of one record, or records it could not read (`records`, default 1). */
export type BytesResult = { readonly events: readonly EventObject[] } | { readonly notMapped: string; readonly message: string; readonly records?: number };

/**
 * A binary file (EVTX) a source recognised from its magic bytes: intake streams the file's bytes
 * through it chunk by chunk (never the whole file in memory) and counts what comes back as records.
 */
export interface BytesMapping {
  readonly kind: 'bytes';
  readonly source: string;
  readonly host: string;
  push(chunk: Uint8Array): readonly BytesResult[];
  end(): readonly BytesResult[];
  /** Said of the file in its summary once read (an event log's channel). */
  detail?(): string | undefined;
}

/**
 * A file a source recognised as holding no events (a CloudTrail digest file): not read further,
 * and not a problem: its summary names the source, with `reason` as the source's detail.
 */
export interface SkipFile {
  readonly kind: 'skip';
  readonly source: string;
  readonly host: string;
  readonly reason: string;
}

/**
 * Asked once per text file of a shape sources may read (NDJSON, JSON arrays and wrapped records,
 * pretty-printed values, CSV) with its first bytes (SOURCE_PROBE_BYTES), and once per binary file
 * with its first SNIFF_BYTES: a mapping when a source recognises the file, else undefined (an
 * NDJSON or JSON file is read as ECS, a CSV file and a binary file are skipped).
 * `records` are the first records (up to SOURCE_PROBE_RECORDS) as intake split them from inside
 * the shape's wrapper (array elements, `Records[]`, CSV rows keyed by the header); absent for
 * NDJSON, whose records are the prefix's whole lines, and for binary files.
 */
export type SourceStage = (file: {
  readonly path: string;
  readonly prefix: Uint8Array;
  readonly host?: string;
  readonly shape?: ShapeName;
  readonly records?: readonly EventObject[];
}) => RecordMapping | BytesMapping | SkipFile | undefined;

/** Records a source sees to recognise a file. */
export const SOURCE_PROBE_RECORDS = 4;

/** Bytes a source stage sees of a file: whole eslogger exec messages (argv and environment) run to tens of KiB. */
export const SOURCE_PROBE_BYTES = 256 * 1024;

/** Host-provided decompressors, per container kind. */
export interface Decompressors {
  /** Raw DEFLATE inside gzip members (default: fflate on the calling thread). */
  readonly gzip?: DeflateEngine;
}

export interface IntakeOptions extends Partial<DecompressionLimits> {
  /** Longest line or record kept; longer ones are skipped as `too-long`. */
  readonly maxLineBytes?: number;
  /** Most container layers opened inside each other (gzip, zstd, zip and tar each count one). */
  readonly maxDepth?: number;
  /** Aborting stops reading at the next chunk; iteration then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: IntakeProgress) => void;
  readonly onLine?: LineHook;
  readonly decompressors?: Decompressors;
  /** Sources that map raw records to ECS (absent: every file is read as ECS events). */
  readonly sources?: SourceStage;
}

/**
 * One line as intake reads it: export wrappers unwrapped (`_index`/`_id` as hints), and Beats'
 * `@metadata` taken off the event and used as its index hint when no wrapper gave one.
 */
export function readEventLine(text: string): ParsedLine {
  const parsed = parseEventLine(text);
  if (parsed.kind !== 'event') return parsed;
  const beatsIndex = takeBeatsMetadata(parsed.event);
  return beatsIndex === undefined || parsed.indexHint !== undefined ? parsed : { ...parsed, indexHint: beatsIndex };
}

/** zip of tar.gz of .ndjson.gz is 4 layers; 6 leaves room and still stops a gzip quine. */
export const DEFAULT_MAX_DEPTH = 6;

interface Node {
  readonly path: string;
  readonly source: string;
  readonly entry?: string;
  readonly containers: readonly ContainerKind[];
  readonly reader: ByteReader;
  /** True for a whole source (its reader is closed, not drained, when done early). */
  readonly top: boolean;
  readonly host?: string;
  /** The bytes are UTF-8 transcoded from this encoding. */
  readonly encoding?: Utf16Encoding;
}

const LAYOUTS: Readonly<Record<'json-array' | 'search-response' | 'json-wrapped' | 'json-values', RecordLayout>> = {
  'json-array': 'array',
  'search-response': 'search-hits',
  'json-wrapped': 'wrapped',
  'json-values': 'values',
};

/** Shapes whose records sources may map (an Elasticsearch `_search` response and Beats output hold ECS events). */
const SOURCE_SHAPES: ReadonlySet<ShapeName> = new Set(['ndjson', 'json-array', 'json-wrapped', 'json-values', 'csv']);

export function intake(sources: readonly IntakeSource[], options: IntakeOptions = {}): Intake {
  return new Intake(sources, options);
}

export class Intake implements AsyncIterable<IntakeEvent> {
  /** Summaries of every file read so far, in the order they completed. */
  readonly files: IntakeFileSummary[] = [];
  private readonly limits: DecompressionLimits;
  /** `limits` with the meter of the input file being read (all its layers together). */
  private sourceLimits: DecompressionLimits;
  private readonly maxDepth: number;
  private readonly maxLineBytes: number;
  private readonly bytesTotal: number | undefined;
  private bytesDone = 0;
  private events = 0;
  private currentFile = '';
  /** Errors already in a summary: a failed stream rethrows the same error to every layer above it. */
  private readonly reported = new WeakSet<object>();
  private byPath = new Map<string, IntakeFileSummary>();

  constructor(
    private readonly sources: readonly IntakeSource[],
    private readonly options: IntakeOptions = {},
  ) {
    this.limits = {
      maxDecompressedBytes: options.maxDecompressedBytes ?? DEFAULT_LIMITS.maxDecompressedBytes,
      maxRatio: options.maxRatio ?? DEFAULT_LIMITS.maxRatio,
      ratioFloorBytes: options.ratioFloorBytes ?? DEFAULT_LIMITS.ratioFloorBytes,
    };
    this.sourceLimits = this.limits;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.bytesTotal = sources.every((source) => source.size !== undefined) ? sources.reduce((sum, source) => sum + (source.size ?? 0), 0) : undefined;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<IntakeEvent> {
    for await (const batch of this.batches()) {
      for (const event of batch) {
        this.options.signal?.throwIfAborted();
        yield event;
      }
    }
  }

  /** The events in batches (one per chunk read): cheaper for consumers that handle many events. */
  async *batches(): AsyncGenerator<IntakeEvent[]> {
    for (const source of this.sources) {
      this.options.signal?.throwIfAborted();
      this.byPath = new Map();
      const total = new DecompressionMeter(this.limits, `"${source.name}" (all its layers together)`);
      this.sourceLimits = { ...this.limits, total };
      const reader = new ByteReader(this.counted(source, total));
      const node: Node = { path: source.name, source: source.name, containers: [], reader, top: true, ...(source.host !== undefined ? { host: source.host } : {}) };
      try {
        if (source.linesOf !== undefined) yield* this.lines(node, source.linesOf);
        else if (source.zipEntries !== undefined) yield* this.zipPart(node, source.zipEntries);
        else yield* this.scan(node);
      } catch (error) {
        throw error instanceof LineHookFailure ? error.error : error;
      }
    }
  }

  private async *counted(source: IntakeSource, total: DecompressionMeter): AsyncGenerator<Uint8Array> {
    for await (const chunk of source.chunks()) {
      this.options.signal?.throwIfAborted();
      this.bytesDone += chunk.length;
      total.consumed(chunk.length);
      this.progress();
      yield chunk;
    }
  }

  private progress(): void {
    this.options.onProgress?.({ bytesDone: this.bytesDone, ...(this.bytesTotal !== undefined ? { bytesTotal: this.bytesTotal } : {}), events: this.events, file: this.currentFile });
  }

  private async *scan(node: Node): AsyncGenerator<IntakeEvent[]> {
    try {
      yield* this.open(node);
      // Whatever was not read (a skipped binary member, bytes after damage) is read past, so
      // the container around it can go on to its next member.
      if (!node.top) for await (const _ of node.reader);
    } catch (error) {
      this.report(node, error);
    } finally {
      if (node.top) await node.reader.close().catch(() => undefined);
    }
  }

  private async *open(node: Node): AsyncGenerator<IntakeEvent[]> {
    const prefix = await node.reader.peek(SNIFF_BYTES);
    if (prefix.length === 0) return this.skip(node, 'empty file');
    const detected = detectContainer(prefix);
    const utf16 = detected.kind === 'none' && node.encoding === undefined ? utf16Bom(prefix) : undefined;
    if (utf16 !== undefined) {
      this.summaryOf(node).encoding = utf16;
      return yield* this.scan({ ...node, reader: new ByteReader(utf16ToUtf8(node.reader, utf16)), top: false, encoding: utf16 });
    }
    if (detected.kind === 'none') return yield* this.read(node, prefix);
    if (detected.kind === 'unsupported') return this.skip(node, `${detected.format} data: this format is not supported`);
    if (node.containers.length >= this.maxDepth) return this.skip(node, `${detected.kind} nested more than ${this.maxDepth} containers deep (limit maxDepth): skipped`);
    const containers = [...node.containers, detected.kind];
    if (detected.kind === 'gzip' || detected.kind === 'zstd') {
      const decoded = detected.kind === 'gzip' ? gunzip(node.reader, this.sourceLimits, this.options.decompressors?.gzip) : unzstd(node.reader, this.sourceLimits);
      return yield* this.scan({ ...node, containers, reader: new ByteReader(decoded), top: false });
    }
    const entries = detected.kind === 'zip' ? zipEntries(node.reader, this.sourceLimits) : tarEntries(node.reader);
    yield* this.members(node, containers, entries);
  }

  private async *members(archive: Node, containers: readonly ContainerKind[], entries: AsyncGenerator<ArchiveEntry>): AsyncGenerator<IntakeEvent[]> {
    try {
      for (;;) {
        let step: IteratorResult<ArchiveEntry>;
        try {
          step = await entries.next();
        } catch (error) {
          return this.report({ ...archive, containers }, error);
        }
        if (step.done) return;
        const entry = step.value;
        const member: Node = {
          path: `${archive.path}!${entry.path}`,
          source: archive.source,
          entry: archive.entry === undefined ? entry.path : `${archive.entry}!${entry.path}`,
          containers,
          reader: new ByteReader(entry.chunks),
          top: false,
          ...(archive.host !== undefined ? { host: archive.host } : {}),
        };
        if (entry.skipped !== undefined) this.skip(member, entry.skipped);
        else yield* this.scan(member);
        for (const finding of entry.findings ?? []) this.report(member, finding);
      }
    } finally {
      await entries.return(undefined);
    }
  }

  private async *read(node: Node, prefix: Uint8Array): AsyncGenerator<IntakeEvent[]> {
    const sniffed = sniff(prefix);
    if (sniffed.kind !== 'text') {
      const mapping = this.options.sources?.({ path: node.path, prefix, ...(node.host !== undefined ? { host: node.host } : {}) });
      if (mapping?.kind === 'bytes') return yield* this.mapBytes(node, mapping);
      return this.skip(node, sniffed.reason);
    }
    yield* this.text(node, detectShape(prefix), false);
  }

  /** A part of a text file: whole lines, its shape known from the file's start. */
  private async *lines(node: Node, shape: ShapeName): AsyncGenerator<IntakeEvent[]> {
    try {
      yield* this.text(node, shape, true);
    } finally {
      await node.reader.close().catch(() => undefined);
    }
  }

  /** Whole entries cut from a zip. */
  private async *zipPart(node: Node, entries: number): AsyncGenerator<IntakeEvent[]> {
    try {
      yield* this.members(node, ['zip'], zipEntries(node.reader, this.sourceLimits, { entries }));
    } finally {
      await node.reader.close().catch(() => undefined);
    }
  }

  private async *text(node: Node, shape: ShapeName, part: boolean): AsyncGenerator<IntakeEvent[]> {
    const summary = this.summaryOf(node);
    summary.shape = shape;
    this.currentFile = node.path;
    this.progress();
    const probed = !part && SOURCE_SHAPES.has(shape) ? await this.mappingOf(node, shape) : undefined;
    if (probed?.kind === 'skip') {
      summary.source = { name: probed.source, host: probed.host, records: 0, events: 0, notMapped: {}, detail: probed.reason };
      return;
    }
    const mapping = probed;
    if (shape === 'csv' && !mapping) return this.skip(node, await this.unclaimedCsv(node));
    const sink = mapping ? new SourceSink(this, node, summary, mapping) : new EventSink(this, node, summary);
    const hook = this.options.onLine && !isRecordShape(shape) && !mapping ? new HookSink(this, node, summary, this.options.onLine) : undefined;
    const lines =
      shape === 'csv' && sink instanceof SourceSink
        ? new CsvSplitter(this.csvSink(summary, sink), this.maxLineBytes)
        : isRecordShape(shape)
          ? new JsonRecordSplitter(LAYOUTS[shape], sink, {
              maxRecordBytes: this.maxLineBytes,
              onError: (message, { byte, line }) => this.problem(node, { byte, line, message }),
            })
          : new LineSplitter(hook ?? sink, { maxLineBytes: this.maxLineBytes, ...(part ? { bom: false } : {}) });
    try {
      for (let chunk = await node.reader.next(); chunk; chunk = await node.reader.next()) {
        this.options.signal?.throwIfAborted();
        summary.bytes += chunk.length;
        lines.push(chunk);
        // With a line hook, every chunk yields (mostly empty batches): the consumer's turn to flush and pace.
        if (sink.batch.length > 0 || hook) {
          this.progress();
          yield sink.take();
        }
      }
    } catch (error) {
      this.report(node, error);
    }
    // After damage too: the last, cut-off line is still accounted for.
    lines.end();
    summary.lines = lines instanceof LineSplitter ? lines.lineCount : lines.records;
    summary.bom = lines.hadBom;
    if (sink.batch.length > 0) yield sink.take();
  }

  /**
   * The registered source that recognises this file, if any, from its first bytes and (for
   * record shapes) its first records from inside the wrapper (a later part of a file is never
   * asked: sourced files are not cut).
   */
  private async mappingOf(node: Node, shape: ShapeName): Promise<RecordMapping | SkipFile | undefined> {
    const stage = this.options.sources;
    if (!stage) return undefined;
    const prefix = await node.reader.peek(SOURCE_PROBE_BYTES);
    const records = shape === 'ndjson' ? undefined : probeRecords(shape, prefix, this.maxLineBytes, prefix.length < SOURCE_PROBE_BYTES).records;
    const mapping = stage({ path: node.path, prefix, shape, ...(records !== undefined ? { records } : {}), ...(node.host !== undefined ? { host: node.host } : {}) });
    return mapping?.kind === 'bytes' ? undefined : mapping;
  }

  /** Why a CSV file no source claims is skipped: its columns say what it is. */
  private async unclaimedCsv(node: Node): Promise<string> {
    const { header } = probeRecords('csv', await node.reader.peek(SOURCE_PROBE_BYTES), this.maxLineBytes, false);
    const shown = (header ?? []).slice(0, 8).join(', ');
    return `CSV with columns ${shown}${(header?.length ?? 0) > 8 ? ', …' : ''}: no source reads these columns (rows not read)`;
  }

  /** CSV rows into a source's sink, their problems into the file's summary. */
  private csvSink(summary: IntakeFileSummary, sink: SourceSink): CsvSink {
    return {
      row: (record, number, invalidUtf8) => {
        this.invalidUtf8(summary, number, invalidUtf8);
        sink.record(record, number);
      },
      skip: (number, reason, message) => this.account(summary, number, { kind: 'skip', reason, message }),
      oversize: (number, bytes) => this.oversize(summary, number, bytes),
    };
  }

  /**
   * A binary file a source maps: its bytes stream through the mapping as they arrive. Records are
   * numbered in file order (the events' `line`); `lines` counts records, read or not.
   */
  private async *mapBytes(node: Node, mapping: BytesMapping): AsyncGenerator<IntakeEvent[]> {
    const summary = this.summaryOf(node);
    this.currentFile = node.path;
    this.progress();
    const tally: SourceTally = { name: mapping.source, host: mapping.host, records: 0, events: 0, notMapped: {} };
    summary.source = tally;
    let batch: IntakeEvent[] = [];
    const take = (results: readonly BytesResult[]) => {
      for (const result of results) {
        if ('notMapped' in result) {
          const records = result.records ?? 1;
          tally.records += records;
          const reason = (tally.notMapped[result.notMapped] ??= { count: 0, examples: [] });
          countExample(reason, tally.records, result.message);
          reason.count += records - 1;
          continue;
        }
        tally.records++;
        tally.events += result.events.length;
        this.account(summary, tally.records, { kind: 'not-parsed' }, result.events.length);
        for (const event of result.events) batch.push({ event, source: { file: node.path, line: tally.records } });
      }
    };
    try {
      for (let chunk = await node.reader.next(); chunk; chunk = await node.reader.next()) {
        this.options.signal?.throwIfAborted();
        summary.bytes += chunk.length;
        take(mapping.push(chunk));
        this.progress();
        if (batch.length > 0) {
          yield batch;
          batch = [];
        }
      }
    } catch (error) {
      this.report(node, error);
    }
    take(mapping.end());
    summary.lines = tally.records;
    const detail = mapping.detail?.();
    if (detail !== undefined) tally.detail = detail;
    if (batch.length > 0) yield batch;
  }

  /** Counts one line or record's verdict in its file's summary (also for hooks). */
  account(summary: IntakeFileSummary, line: number, verdict: LineVerdict, events = 1): void {
    if (verdict.kind === 'skip') return countExample(summary.skipped[verdict.reason], line, verdict.message);
    summary.events += events;
    this.events += events;
    if (verdict.kind === 'event' && verdict.indexHint !== undefined) summary.eventsWithIndexHint++;
  }

  /**
   * The file's first events into its field sample, parsing a line a hook counted unparsed: a
   * summary can then say what the file holds whatever the prefilter skipped.
   */
  sample(summary: IntakeFileSummary, verdict: LineVerdict, text?: string): void {
    if (!sampling(summary) || verdict.kind === 'skip') return;
    if (verdict.kind === 'event') return sampleEvent(summary, verdict.event);
    if (text === undefined) return;
    const parsed = readEventLine(text);
    if (parsed.kind === 'event') sampleEvent(summary, parsed.event);
  }

  invalidUtf8(summary: IntakeFileSummary, line: number, sequences: number): void {
    if (sequences === 0) return;
    countExample(summary.invalidUtf8, line, `${sequences} invalid UTF-8 sequence${sequences === 1 ? '' : 's'} replaced with U+FFFD`);
    summary.invalidUtf8.sequences += sequences;
  }

  oversize(summary: IntakeFileSummary, line: number, bytes: number): void {
    countExample(summary.skipped['too-long'], line, `${bytes} bytes, over the limit of ${this.maxLineBytes} bytes (maxLineBytes)`);
  }

  private summaryOf(node: Node): IntakeFileSummary {
    const existing = this.byPath.get(node.path);
    if (existing) return existing;
    const summary: IntakeFileSummary = { ...newFileSummary(node.path), containers: node.containers, errors: [] };
    this.byPath.set(node.path, summary);
    this.files.push(summary);
    return summary;
  }

  private skip(node: Node, reason: string): void {
    const summary = this.summaryOf(node);
    summary.status = 'skipped';
    summary.reason = reason;
  }

  private report(node: Node, error: unknown): void {
    if (error instanceof LineHookFailure) throw error;
    if (this.options.signal?.aborted) throw this.options.signal.reason;
    if (typeof error === 'object' && error !== null) {
      if (this.reported.has(error)) return;
      this.reported.add(error);
    }
    const byte = error instanceof ContainerError ? error.byte : undefined;
    this.problem(node, { ...(byte !== undefined ? { byte } : {}), message: messageOf(error) });
  }

  private problem(node: Node, problem: { byte?: number; line?: number; message: string }): void {
    const summary = this.summaryOf(node);
    summary.errors.push({ file: node.source, ...(node.entry !== undefined ? { entry: node.entry } : {}), ...problem });
    if (summary.status !== 'skipped') {
      summary.status = 'error';
      summary.reason ??= problem.message;
    }
  }
}

/**
 * The first records of a record-shaped file's prefix (whole records only, up to
 * SOURCE_PROBE_RECORDS) as its splitter cuts them, and for CSV its header. `whole`: the prefix is
 * the whole file, so its last record ends with it.
 */
function probeRecords(shape: ShapeName, prefix: Uint8Array, maxRecordBytes: number, whole: boolean): { records: EventObject[]; header?: readonly string[] } {
  const records: EventObject[] = [];
  const keep = (record: EventObject) => {
    if (records.length < SOURCE_PROBE_RECORDS) records.push(record);
  };
  if (shape === 'csv') {
    const splitter = new CsvSplitter({ row: keep, skip: () => undefined, oversize: () => undefined }, maxRecordBytes);
    splitter.push(prefix);
    if (whole) splitter.end();
    return { records, ...(splitter.header !== undefined ? { header: splitter.header } : {}) };
  }
  if (!isRecordShape(shape)) return { records };
  const sink: LineSink = {
    line: (text) => {
      const parsed = readEventLine(text);
      if (parsed.kind === 'event') keep(parsed.event);
    },
    oversize: () => undefined,
  };
  const splitter = new JsonRecordSplitter(LAYOUTS[shape], sink, { maxRecordBytes, onError: () => undefined });
  splitter.push(prefix);
  if (whole) splitter.end();
  return { records };
}

/** A line hook's own failure: the consumer's, not damage in the input, so it is never reported, only passed on. */
class LineHookFailure {
  constructor(readonly error: unknown) {}
}

/** Intake's own parsing: each line or record to an event in the current batch. */
class EventSink implements LineSink {
  batch: IntakeEvent[] = [];

  constructor(
    protected readonly intake: Intake,
    protected readonly node: Node,
    protected readonly summary: IntakeFileSummary,
  ) {}

  line(text: string, line: number, invalidUtf8: number): void {
    this.intake.invalidUtf8(this.summary, line, invalidUtf8);
    const parsed = readEventLine(text);
    this.intake.account(this.summary, line, parsed);
    this.intake.sample(this.summary, parsed);
    if (parsed.kind !== 'event') return;
    const { indexHint, idHint } = parsed;
    const source: EventSource = { file: this.node.path, line, ...(indexHint !== undefined ? { indexHint } : {}), ...(idHint !== undefined ? { idHint } : {}) };
    this.batch.push({ event: parsed.event, source });
  }

  oversize(line: number, bytes: number): void {
    this.intake.oversize(this.summary, line, bytes);
  }

  take(): IntakeEvent[] {
    const batch = this.batch;
    this.batch = [];
    return batch;
  }
}

/**
 * A file a source recognised: each line parsed here (never prefiltered: a rule's literals are
 * checked on the mapped event, which the consumer tests against every rule), then mapped; the
 * events go into the batch as the file's own would, each with the line of its record.
 */
class SourceSink extends EventSink {
  private readonly tally: SourceTally;

  constructor(
    intake: Intake,
    node: Node,
    summary: IntakeFileSummary,
    private readonly mapping: RecordMapping,
  ) {
    super(intake, node, summary);
    this.tally = { name: mapping.source, host: mapping.host, records: 0, events: 0, notMapped: {} };
    summary.source = this.tally;
  }

  override line(text: string, line: number, invalidUtf8: number): void {
    this.intake.invalidUtf8(this.summary, line, invalidUtf8);
    const parsed = readEventLine(text);
    if (parsed.kind !== 'event') return this.intake.account(this.summary, line, parsed);
    this.record(parsed.event, line, parsed);
  }

  /** One record (a parsed line, a CSV row) through the source's mapping. */
  record(record: EventObject, line: number, verdict: LineVerdict = { kind: 'not-parsed' }): void {
    this.tally.records++;
    const result = this.mapping.map(record);
    if ('notMapped' in result) {
      countExample((this.tally.notMapped[result.notMapped] ??= { count: 0, examples: [] }), line, result.message);
      return;
    }
    this.tally.events += result.events.length;
    this.intake.account(this.summary, line, verdict, result.events.length);
    // The sample holds the mapped events: what the rules see, not the source's records.
    const id = result.documentId !== undefined ? { idHint: result.documentId } : {};
    for (const event of result.events) {
      sampleEvent(this.summary, event);
      this.batch.push({ event, source: { file: this.node.path, line, ...id } });
    }
  }
}

/** A host's line hook: the raw line to the hook, its verdict into the summary. */
class HookSink implements LineSink {
  constructor(
    private readonly intake: Intake,
    private readonly node: Node,
    private readonly summary: IntakeFileSummary,
    private readonly hook: LineHook,
  ) {}

  line(text: string, line: number, invalidUtf8: number): void {
    this.intake.invalidUtf8(this.summary, line, invalidUtf8);
    let verdict: LineVerdict;
    try {
      verdict = this.hook(text, { file: this.node.path, line });
    } catch (error) {
      throw new LineHookFailure(error);
    }
    this.intake.account(this.summary, line, verdict);
    this.intake.sample(this.summary, verdict, text);
  }

  oversize(line: number, bytes: number): void {
    this.intake.oversize(this.summary, line, bytes);
  }
}
