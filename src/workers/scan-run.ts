/**
 * One scan, coordinated in the scan worker: files (and parts of large plain files, scan-parts.ts)
 * are handed to the readers (pool workers, or this thread) as they free up; their candidate events
 * are pushed into ONE detector strictly in file order, then line order, so alerts, stats and kept
 * process events are the same with 1, 2 or 8 readers, and the same as `loupe scan` on the same input. Readers run ahead at most their
 * bounded queue; the detector's own memory is the matched events it must keep anyway.
 */
import { createDetector, type AlertsSoFar } from '../engine/detect/index.ts';
import type { ScanStats } from '../engine/detect/contract.ts';
import type { TextKeeper } from '../engine/detect/event-ref.ts';
import { addCounts, emptyCounts, withFilterCounts } from '../engine/scan/candidate-filter.ts';
import type { NewTermsStore } from '../engine/state/store.ts';
import type { RuleCheck } from '../engine/rules/check.ts';
import type { EventsFormat } from '../ingest/derived-events.ts';
import type { IntakeFileSummary } from '../ingest/intake.ts';
import { appendSummary } from '../ingest/summary.ts';
import { CANDIDATE, decodeEvents, PROCESS } from './candidate-codec.ts';
import type { FileProgressCounters, IntakeReply, IntakeTask } from './intake-api.ts';
import { ndjsonLineOf } from '../engine/output/ndjson.ts';
import { NdjsonChunker, type NdjsonChunks } from './ndjson-chunks.ts';
import { MAX_PROCESS_EVENTS } from './process-events.ts';
import { planChecks, planSummaries, type ScanPlan } from './scan-plan.ts';
import { planTasks, type PlannedTask } from './scan-parts.ts';
import type { HelperSummaries } from './shared-check.ts';
import { appendAll } from '../engine/append-all.ts';

/** A reader as the coordinator uses it: in this thread or behind Comlink. */
export interface IntakeReader {
  /** Checks rules alongside the coordinating thread (shared-check.ts), keeping its checks for `prepare`. */
  checkRules(rules: Pick<ScanPlan, 'rules' | 'disabled'>, next: Int32Array): Promise<HelperSummaries>;
  /**
   * `checks`: the coordinator's checks of the plan's rules, given to a reader in its thread
   * (`inThread`) so it does not load them again; a reader in another thread loads its own.
   */
  prepare(plan: ScanPlan, checks?: readonly RuleCheck[]): Promise<void>;
  /** The reader runs in the coordinating thread (it can share the coordinator's checks). */
  readonly inThread?: boolean;
  run(task: IntakeTask, onProgress: (progress: FileProgressCounters) => void): Promise<void>;
  pull(index: number): Promise<IntakeReply>;
  /** The scan has all the process events it keeps: readers stop parsing and sending them. */
  processEventsKept(): Promise<void>;
  /** The scan's reading is over: the reader may drop what it prepared for it. */
  release(): Promise<void>;
  /** A whole file's derived ECS events, between scans (events-export.ts). */
  events(file: ScanFile, format: EventsFormat): Promise<Blob>;
}

export interface ScanFile {
  readonly name: string;
  readonly blob: Blob;
  /** Host name for raw evidence without host fields (eslogger): the dropped item's. */
  readonly host?: string;
}

export interface FileProgressReport {
  readonly path: string;
  readonly size: number;
  readonly bytes: number;
  readonly events: number;
  readonly done: boolean;
}

export interface ScanRunProgress {
  readonly files: readonly FileProgressReport[];
  readonly bytes: number;
  readonly totalBytes: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds?: number;
  /** Alerts decided so far by per-event rules while reading; the final count at the end. */
  readonly alerts: number;
  /** While reading: runnable rules (sequences, new_terms, threshold) whose alerts come only at the end; 0 at the end. */
  readonly rulesDecidedAtEnd: number;
  /** Events some rule selected so far (alerts-to-be, before dedup, limits and stateful rules). */
  readonly candidates: number;
  readonly elapsedMs: number;
  readonly currentFile?: string;
  /** A hunt: the matching events (JSON text, where they were read) found since the last report, in input order. */
  readonly matches?: readonly HuntMatchLine[];
  /** A hunt: events matched so far (kept or not). */
  readonly matched?: number;
}

/** One event a hunt's query selected: its JSON text and where it was read. */
export interface HuntMatchLine {
  readonly text: string;
  readonly file: string;
  readonly line: number;
}

export interface ScanRunResult {
  /** The alerts as `loupe scan` writes them (NDJSON, UTF-8), in chunks (ndjson-chunks.ts). */
  readonly alertsNdjson: NdjsonChunks;
  readonly alertCount: number;
  readonly stats: ScanStats;
  readonly files: IntakeFileSummary[];
  readonly stateError?: string;
  /** Kept process events as NDJSON (UTF-8), at most MAX_PROCESS_EVENTS, each its `processProjection`. */
  readonly processNdjson: Uint8Array;
  /** A hunt: how many events the query selected (the first `plan.hunt.limit` were reported as progress). */
  readonly matched?: number;
}

/** Parts per other reader that a reader in the coordinating thread leaves to them (see `coordinating`). */
export const RESERVED_PARTS = 2;

/** More readers than this rarely helps: the detector and decompression become the limit. */
export const MAX_READERS = 4;

/** Cores at or below which a scan of the Elastic library reads in the coordinating thread alone. */
export const LIBRARY_ONE_READER_CORES = 2;

/**
 * Readers for a host with `cores` cores (unknown: 2), whichever host runs the pool. With the
 * Elastic library (`library`), one on LIBRARY_ONE_READER_CORES cores or fewer: with ~1,700 rules
 * every extra thread loads them again (~0.6 CPU-s, ~100 MB) and the coordinator decodes what the
 * readers send, and on 2 cores one thread doing it all used 15-20% less CPU than two readers and
 * finished first on a loaded machine (fleet events, docs/browser-profile.md).
 */
export function readerCount(cores: number | undefined, library = false): number {
  const known = Math.max(1, cores ?? 2);
  return library && known <= LIBRARY_ONE_READER_CORES ? 1 : Math.min(MAX_READERS, known);
}

export interface ScanRunOptions {
  readonly store?: NewTermsStore;
  readonly onProgress?: (progress: ScanRunProgress) => void;
  /** Milliseconds between progress reports (default 100). */
  readonly progressEveryMs?: number;
  /** Smallest part a large plain file is cut into for several readers (default DEFAULT_PART_BYTES). */
  readonly partBytes?: number;
  /** The files' tasks when the caller has planned them already (`planTasks` on the same files). */
  readonly tasks?: readonly PlannedTask[];
  /**
   * The reader that runs in this thread, if any: it leaves the last RESERVED_PARTS parts per other
   * reader to them (this thread has the detector to feed as well).
   */
  readonly coordinating?: IntakeReader;
  /**
   * The plan's rules already checked by the caller (`planEntries(plan)`'s rules, in that order):
   * the coordinator's detector reuses their compiled queries instead of compiling the pack again.
   */
  readonly checks?: readonly RuleCheck[];
  /** Where the detector keeps events' texts until the alerts are made (the CLI's temporary file; default: in memory). */
  readonly keeper?: TextKeeper;
}

export async function runScan(files: readonly ScanFile[], plan: ScanPlan, readers: readonly IntakeReader[], options: ScanRunOptions = {}): Promise<ScanRunResult> {
  if (readers.length === 0) throw new Error('scan: no readers');
  const started = Date.now();
  const tasks = options.tasks ?? (await planTasks(files, readers.length, options.partBytes));
  // Each reader takes the next unread task when it is free; `owners[t]` says who reads task t.
  const owners = tasks.map(() => deferred<IntakeReader>());
  let next = 0;
  // The reader in this thread also adds every reader's reads to the detector: it leaves the last
  // parts to the others, so it is not still reading when they are done.
  const reserve = (reader: IntakeReader) => (reader === options.coordinating ? RESERVED_PARTS * (readers.length - 1) : 0);
  // A reader prepares (loads and indexes the rules: ~1 s and ~100 MB with the whole library) only
  // once it has claimed a task: a single gzip is one task, and a second reader preparing for
  // nothing took a core from the first on a 2-core machine.
  const read = (which: readonly IntakeReader[], readerPlan: ScanPlan, checks?: readonly RuleCheck[]) =>
    which.map(async (reader) => {
      for (let index = next, prepared = false; index < tasks.length - reserve(reader); index = next) {
        next++;
        owners[index]!.resolve(reader);
        if (!prepared) await reader.prepare(readerPlan, reader.inThread ? checks : undefined);
        prepared = true;
        const { file: _file, ...task } = tasks[index]!;
        await reader.run({ index, ...task }, (counters) => progress.update(index, counters));
      }
    });
  // Readers in other threads that can load the rules without this thread's checks (a pack index,
  // or summaries given) start now, preparing while this thread loads its own.
  const early = options.checks === undefined && (plan.summaries !== undefined || plan.packIndex !== undefined) ? readers.filter((reader) => !reader.inThread) : [];
  const earlyReading = read(early, plan);
  // Otherwise the rules are checked once, here: the readers get their summaries and compile a rule
  // only when an event first reaches it (a reader in this thread would otherwise compile the pack again).
  const checks = options.checks ?? planChecks(plan);
  const entries = checks.map((check) => check.entry);
  const detector = createDetector(entries, {
    checks,
    ignoreIndex: plan.ignoreIndex,
    kibanaLimits: plan.kibanaLimits,
    ...(options.store ? { store: options.store } : {}),
    ...(options.keeper ? { keeper: options.keeper } : {}),
    scanId: plan.scanId,
    now: plan.now,
  });
  // Reports come from readers' callbacks, which run only once this (synchronous) setup is done.
  const progress = new ProgressBook(files, tasks, started, () => detector.alertsSoFar(), options.onProgress, options.progressEveryMs ?? 100);
  const readerPlan = plan.summaries !== undefined || plan.packIndex !== undefined ? plan : { ...plan, summaries: planSummaries(checks) };
  const reading = [...earlyReading, ...read(readers.filter((reader) => !early.includes(reader)), readerPlan, checks)];
  const readingDone = Promise.all(reading);
  // A reader failure must end the scan even while the consumer waits on another file.
  const orFailure = failFast(readingDone);

  const counts = emptyCounts(entries.length);
  const summaries: IntakeFileSummary[] = [];
  const processLines: string[] = [];
  let fileSummary: IntakeFileSummary | undefined;
  for (let index = 0; index < tasks.length; index++) {
    const reader = await orFailure(owners[index]!.promise);
    // A later part of the same text file: its lines are numbered after the parts before it
    // (zip parts hold whole members, each with its own summary).
    const continues = tasks[index]!.linesOf !== undefined;
    const lineOffset = continues ? (fileSummary?.lines ?? 0) : 0;
    for (;;) {
      const reply = await orFailure(reader.pull(index));
      if (reply.kind === 'done') {
        addCounts(counts, reply.counts);
        if (continues && fileSummary && reply.files.length === 1) appendPart(fileSummary, reply.files[0]!);
        else appendAll(summaries, reply.files);
        if (!continues) fileSummary = reply.files.length === 1 ? reply.files[0] : undefined;
        progress.finish(index, reply);
        break;
      }
      for (const { text, source, flags, reads } of decodeEvents(reply.encoded)) {
        const origin = lineOffset === 0 ? source : { ...source, line: source.line + lineOffset };
        if (flags & CANDIDATE && plan.hunt) {
          // With one rule, a candidate is an event the query selects (candidate-filter.ts): a match.
          if (progress.matched++ < plan.hunt.limit) progress.match({ text: text ?? '', file: origin.file, line: origin.line });
        } else if (flags & CANDIDATE) {
          detector.pushReads(origin, reads ?? [], text);
          progress.candidates++;
        }
        if (flags & PROCESS && processLines.length < MAX_PROCESS_EVENTS) {
          // Process events come as their projection.
          processLines.push(`${text ?? ''}\n`);
          // Readers ahead in later files would otherwise keep parsing and queueing process events no one keeps.
          if (processLines.length === MAX_PROCESS_EVENTS) for (const other of readers) void other.processEventsKept().catch(() => undefined);
        }
      }
      progress.consumed();
    }
  }
  await readingDone;
  await Promise.all(readers.map((reader) => reader.release()));

  const result = await detector.finish();
  const alerts = new NdjsonChunker();
  for (const text of result.eachAlertText()) alerts.add(ndjsonLineOf(text));
  progress.complete(result.alertCount);
  return {
    alertsNdjson: alerts.finish(),
    alertCount: result.alertCount,
    stats: withFilterCounts(result.stats, counts),
    files: summaries,
    ...(result.stateError !== undefined ? { stateError: result.stateError } : {}),
    // At most MAX_PROCESS_EVENTS small projections: one buffer is enough.
    processNdjson: new TextEncoder().encode(processLines.join('')),
    ...(plan.hunt ? { matched: progress.matched } : {}),
  };
}

/** A later part's summary added to the file's: counts, examples and error lines after the earlier parts' lines. */
function appendPart(into: IntakeFileSummary, part: IntakeFileSummary): void {
  const offset = into.lines;
  appendAll(into.errors, part.errors.map((error) => (error.line === undefined ? error : { ...error, line: error.line + offset })));
  appendSummary(into, part);
}

/**
 * `wait(p)`: p, or the rejection of `work` if that comes first. Not `Promise.race([p, failed])`
 * with one long-pending `failed`: every race leaves a reaction on it that holds the race's result,
 * so each reply pulled (its events' texts and reads) stayed reachable until the scan ended (300k
 * fleet events, two readers: peak RSS 1,952 -> 1,099 MiB).
 */
function failFast(work: Promise<unknown>): <T>(promise: Promise<T>) => Promise<T> {
  let failed: { readonly error: unknown } | undefined;
  const waiting = new Set<(error: unknown) => void>();
  work.catch((error: unknown) => {
    failed = { error };
    for (const reject of waiting) reject(error);
    waiting.clear();
  });
  return <T>(promise: Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      if (failed) return reject(failed.error);
      waiting.add(reject);
      promise.then(
        (value) => {
          waiting.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          waiting.delete(reject);
          reject(error);
        },
      );
    });
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** Per-file counters (summed over a file's parts) and throttled reports: bytes, events, rate, ETA from bytes. */
class ProgressBook {
  readonly #files: { path: string; size: number; bytes: number; events: number; done: boolean }[];
  readonly #tasks: { file: number; bytes: number; events: number; done: boolean }[];
  readonly #totalBytes: number;
  #current: string | undefined;
  #reportedAt = 0;
  candidates = 0;
  /** A hunt's matches so far, and those not yet reported. */
  matched = 0;
  #matches: HuntMatchLine[] = [];
  #final: number | undefined;

  constructor(
    files: readonly ScanFile[],
    tasks: readonly { readonly file: number }[],
    private readonly started: number,
    private readonly alertsSoFar: () => AlertsSoFar,
    private readonly report: ((progress: ScanRunProgress) => void) | undefined,
    private readonly everyMs: number,
  ) {
    this.#files = files.map((file) => ({ path: file.name, size: file.blob.size, bytes: 0, events: 0, done: false }));
    this.#tasks = tasks.map(({ file }) => ({ file, bytes: 0, events: 0, done: false }));
    this.#totalBytes = files.reduce((sum, file) => sum + file.blob.size, 0);
  }

  update(index: number, counters: FileProgressCounters): void {
    const task = this.#tasks[index]!;
    task.bytes = counters.bytes;
    task.events = counters.events;
    this.#sum(task.file);
    this.#current = counters.current;
    this.#send(false);
  }

  finish(index: number, counters: FileProgressCounters): void {
    const task = this.#tasks[index]!;
    task.bytes = Math.max(counters.bytes, task.bytes);
    task.events = counters.events;
    task.done = true;
    this.#sum(task.file);
    this.#send(false);
  }

  match(line: HuntMatchLine): void {
    this.#matches.push(line);
  }

  /** The detector took a reply's events: alerts so far may have grown. */
  consumed(): void {
    this.#send(false);
  }

  complete(alerts: number): void {
    this.#final = alerts;
    this.#current = undefined;
    this.#send(true);
  }

  #sum(index: number): void {
    const file = this.#files[index]!;
    const tasks = this.#tasks.filter((task) => task.file === index);
    file.bytes = tasks.reduce((sum, task) => sum + task.bytes, 0);
    file.events = tasks.reduce((sum, task) => sum + task.events, 0);
    file.done = tasks.every((task) => task.done);
  }

  #send(force: boolean): void {
    if (!this.report) return;
    const now = Date.now();
    if (!force && now - this.#reportedAt < this.everyMs) return;
    this.#reportedAt = now;
    const elapsedMs = now - this.started;
    const bytes = this.#files.reduce((sum, file) => sum + file.bytes, 0);
    const events = this.#files.reduce((sum, file) => sum + file.events, 0);
    const rate = elapsedMs > 0 ? bytes / elapsedMs : 0;
    const soFar = this.#final === undefined ? this.alertsSoFar() : { alerts: this.#final, rulesDecidedAtEnd: 0 };
    this.report({
      files: this.#files.map((file) => ({ ...file })),
      bytes,
      totalBytes: this.#totalBytes,
      events,
      eventsPerSecond: elapsedMs > 0 ? (events * 1000) / elapsedMs : 0,
      ...(rate > 0 ? { etaSeconds: Math.max(0, this.#totalBytes - bytes) / rate / 1000 } : {}),
      alerts: soFar.alerts,
      rulesDecidedAtEnd: soFar.rulesDecidedAtEnd,
      candidates: this.candidates,
      elapsedMs,
      ...(this.#current !== undefined ? { currentFile: this.#current } : {}),
      ...(this.#matches.length > 0 ? { matches: this.#matches } : {}),
      ...(this.matched > 0 ? { matched: this.matched } : {}),
    });
    if (this.#matches.length > 0) this.#matches = [];
  }
}
