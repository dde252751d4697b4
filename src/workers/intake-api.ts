/**
 * The reading side of a scan, run in each pool worker (or in the scan worker itself when there is
 * only one): a file (or a part of one) in, candidate events out. It opens containers through
 * intake and runs the engine's line scanner on intake's line hook, as `loupe scan` does: each raw
 * line goes through the literal prefilter, and only lines some rule could match are parsed and
 * tested against those rules' routing and query (`engine/scan/candidate-filter.ts`); records of
 * JSON documents come parsed and are tested against every rule. Only candidates (and, optionally,
 * process events for ancestry views) leave the thread, as NDJSON text (one string per batch).
 * Output waits in a bounded queue until the scan worker pulls it, so a worker that runs ahead
 * stops reading instead of filling memory.
 */
import { compilePrefilter, prefilterSkipsLines, type Prefilter } from '../engine/prefilter/prefilter.ts';
import { addCounts, createCandidateFilter, emptyCounts, prepareCandidateRules, type CandidateFilter, type FilterCounts } from '../engine/scan/candidate-filter.ts';
import { createLineScanner } from '../engine/scan/line-scan.ts';
import type { RuleCheck } from '../engine/rules/check.ts';
import type { RuleEntry } from '../engine/rules/model.ts';
import { checkClaimed, helperSummaries, type HelperSummaries } from './shared-check.ts';
import { blobSource } from '../ingest/hosts/browser.ts';
import { intake, readEventLine, type Decompressors, type IntakeFileSummary, type IntakeSource, type LineHook, type SourceStage } from '../ingest/intake.ts';
import type { EventsFormat } from '../ingest/derived-events.ts';
import { openGeoIp } from '../sources/common/geoip/enrich.ts';
import { createSourceStage, sourceStage } from '../sources/registry.ts';
import { EventEncoder, type EncodedEvents } from './candidate-codec.ts';
import { nextTask } from './next-task.ts';
import { CandidateSink } from './candidate-sink.ts';
import { fileEventsBlob } from './events-export.ts';
import { planChecks, planEntries, summaryChecks, type ScanPlan } from './scan-plan.ts';
import type { ScanFile } from './scan-run.ts';

export interface IntakeTask {
  /** Position of the task in the scan: output is consumed in this order. */
  readonly index: number;
  readonly name: string;
  readonly blob: Blob;
  /** Set when `blob` is a run of whole lines from a larger file of this shape (see scan-parts.ts). */
  readonly linesOf?: IntakeSource['linesOf'];
  /** Set when `blob` is this many whole entries cut from a zip (see scan-parts.ts). */
  readonly zipEntries?: number;
  /** Set when `blob` is a part of the file: its bytes `start` to `end` (a host that opens files by name reads these). */
  readonly range?: { readonly start: number; readonly end: number };
  /** Host name for raw evidence without host fields (see IntakeSource.host). */
  readonly host?: string;
}

export interface FileProgressCounters {
  /** Bytes of the file read so far (as stored, compressed). */
  readonly bytes: number;
  readonly events: number;
  /** File or archive member being read. */
  readonly current: string;
}

export type IntakeReply =
  | ({ readonly kind: 'events'; readonly index: number; readonly encoded: EncodedEvents } & FileProgressCounters)
  | ({ readonly kind: 'done'; readonly index: number; readonly files: IntakeFileSummary[]; readonly counts: FilterCounts } & FileProgressCounters);

export interface IntakeApi {
  /**
   * Checks rules of the plan-to-be alongside the coordinating thread (shared-check.ts): the
   * positions it claims from `next`, whose checks it keeps for `prepare` of a plan with the same
   * rules; returns their summaries.
   */
  checkRules(rules: Pick<ScanPlan, 'rules' | 'disabled'>, next: Int32Array): HelperSummaries;
  /** `checks`: the plan's rules as a caller in this thread checked them (`planChecks(plan)`), reused instead of loading the rules again. */
  prepare(plan: ScanPlan, checks?: readonly RuleCheck[]): void;
  /**
   * Reads the file into the queue; resolves when it has been read (not necessarily pulled).
   * `onProgress` is called at most every 100 ms while reading, and once at the end.
   */
  run(task: IntakeTask, onProgress?: (progress: FileProgressCounters) => void): Promise<void>;
  /** The next output of a file, waiting for it when there is none yet. */
  pull(index: number): Promise<IntakeReply>;
  /** No more process events are wanted in this scan (the first MAX_PROCESS_EVENTS are in). */
  processEventsKept(): void;
  /** The scan is over: drop its compiled rules and prefilter (a kept pool waits with little memory). */
  release(): void;
  /** A whole file's derived ECS events (the app's "Export events"; no plan needed). */
  events(file: ScanFile, format: EventsFormat): Promise<Blob>;
}

/**
 * Output a worker may hold before it stops reading. The coordinator drains tasks in file order, so
 * a reader on a later part queues that part's whole output while the earlier part is read: 8 MiB
 * stalled the second of two readers for most of the scan (process events alone are ~1 KB each).
 */
const QUEUE_LIMIT_CHARS = 32 * 1024 * 1024;
/** A batch is sent when it is this large, or this old (for progress). */
const FLUSH_CHARS = 512 * 1024;
const FLUSH_MS = 100;

export interface IntakeApiOptions {
  /** Buffered output (characters) at which reading pauses; default 32 MiB. */
  readonly queueLimitChars?: number;
  /** The host's decompressors (in the browser: gzip inflated in a worker of its own). */
  readonly decompressors?: Decompressors;
  /**
   * A reader in a thread that has checked the plan's rules already (`planEntries(plan)`'s rules,
   * in order: the CLI's): their compiled queries are reused instead of compiling the pack again.
   */
  readonly checks?: readonly RuleCheck[];
}

export function createIntakeApi(options: IntakeApiOptions = {}): IntakeApi {
  /** The plan's reading settings (its rule texts are not kept once compiled). */
  let plan: Pick<ScanPlan, 'maxLineBytes' | 'maxRatio' | 'keepProcessEvents' | 'hunt'> | undefined;
  let filterFor: (() => CandidateFilter) | undefined;
  let prefilter: Prefilter | undefined;
  /** Sources with the plan's GeoIP databases, if it has any. */
  let stage: SourceStage = sourceStage;
  const queue = new BoundedQueue(options.queueLimitChars ?? QUEUE_LIMIT_CHARS);
  const sinks = new Set<CandidateSink>();
  let processEventsKept = false;
  /** The rules this thread checked for the coordinator (`checkRules`), until the plan that uses them. */
  let checked: { readonly rules: Pick<ScanPlan, 'rules' | 'disabled'>; readonly entries: RuleEntry[]; readonly checks: ReadonlyMap<number, RuleCheck> } | undefined;

  return {
    checkRules(rules, next) {
      const entries = planEntries(rules);
      const checks = checkClaimed(entries, next);
      checked = { rules, entries, checks };
      return helperSummaries(checks);
    },

    prepare(next, inThread) {
      plan = { maxLineBytes: next.maxLineBytes, keepProcessEvents: next.keepProcessEvents, ...(next.maxRatio !== undefined ? { maxRatio: next.maxRatio } : {}), ...(next.hunt ? { hunt: next.hunt } : {}) };
      processEventsKept = false;
      const own = checked !== undefined && sameRules(checked.rules, next) ? checked : undefined;
      checked = undefined;
      // Checks made in this thread already (the CLI's, or the coordinator's beside this reader) are reused.
      const mine = options.checks ?? inThread;
      const entries = mine?.map((check) => check.entry) ?? own?.entries ?? planEntries(next);
      // Else from the coordinator's summaries, or the library's pack index (the rules it lacks checked here).
      const given = mine !== undefined ? undefined : next.summaries ? summaryChecks(entries, next.summaries) : next.packIndex !== undefined ? planChecks(next, entries) : undefined;
      // The rules this thread checked keep their compiled queries; the others come from the summaries.
      const checks = mine ?? (own && given ? given.map((check, r) => own.checks.get(r) ?? check) : given);
      const rules = prepareCandidateRules(entries, { now: next.now, ...(checks ? { checks } : {}) });
      const { ignoreIndex } = next;
      // A scan's readers run each rule as far as its evaluator's read (the coordinator then only adds);
      // a hunt only selects.
      const read = next.hunt === undefined;
      filterFor = () => createCandidateFilter(rules, { ignoreIndex, read });
      // The rule program narrows the rules per event; a prefilter that can pass over no line (the whole
      // public pack) would only repeat that, with a ~30 MB automaton per reader.
      prefilter = prefilterSkipsLines(rules.requirements) ? compilePrefilter(rules.requirements) : undefined;
      stage = next.geoip !== undefined && next.geoip.length > 0 ? createSourceStage(openGeoIp(next.geoip)) : sourceStage;
    },

    async run(task, onProgress) {
      if (!plan || !filterFor) throw new Error('intake worker: run before prepare');
      const filter = filterFor();
      const encoder = new EventEncoder();
      const sink = new CandidateSink(filter, encoder, plan.keepProcessEvents && !processEventsKept, plan.hunt !== undefined);
      sinks.add(sink);
      const scanner = createLineScanner({ sink, parse: readEventLine, ...(prefilter ? { prefilter } : {}) });
      const onLine: LineHook = (text, source) => {
        const verdict = scanner.line(text, source.file, source.line);
        if (verdict.kind === 'not-parsed') sink.passedOver(text, source);
        return verdict;
      };
      let progress: FileProgressCounters = { bytes: 0, events: 0, current: task.name };
      let flushedAt = Date.now();
      const source = blobSource(task.blob, task.name);
      const part = { ...(task.linesOf !== undefined ? { linesOf: task.linesOf } : {}), ...(task.zipEntries !== undefined ? { zipEntries: task.zipEntries } : {}) };
      const reading = intake([{ ...source, ...part, ...(task.host !== undefined ? { host: task.host } : {}) }], {
        maxLineBytes: plan.maxLineBytes,
        ...(plan.maxRatio !== undefined ? { maxRatio: plan.maxRatio } : {}),
        onLine,
        sources: stage,
        ...(options.decompressors ? { decompressors: options.decompressors } : {}),
        onProgress: (step) => (progress = { bytes: step.bytesDone, events: step.events, current: step.file || task.name }),
      });
      // Batches come per chunk read (empty when the line hook took the chunk's lines).
      for await (const batch of reading.batches()) {
        for (const { event, source: origin } of batch) sink.push(event, origin);
        if (encoder.size >= FLUSH_CHARS || Date.now() - flushedAt >= FLUSH_MS) {
          sink.flush();
          flushedAt = Date.now();
          onProgress?.(progress);
          if (encoder.count > 0) await queue.put(task.index, { kind: 'events', index: task.index, encoded: encoder.take(), ...progress });
          await nextTask();
        }
      }
      sink.flush();
      const counts = emptyCounts(filter.counts.eventsSeen.length);
      addCounts(counts, filter.counts);
      if (encoder.count > 0) await queue.put(task.index, { kind: 'events', index: task.index, encoded: encoder.take(), ...progress });
      onProgress?.(progress);
      sinks.delete(sink);
      await queue.put(task.index, { kind: 'done', index: task.index, files: reading.files, counts, ...progress });
    },

    processEventsKept() {
      processEventsKept = true;
      for (const sink of sinks) sink.stopKeepingProcessEvents();
    },

    release() {
      plan = undefined;
      filterFor = undefined;
      prefilter = undefined;
      stage = sourceStage;
    },

    pull(index) {
      return queue.take(index);
    },

    events(file, format) {
      return fileEventsBlob(file, format, options.decompressors);
    },
  };
}

/** Whether a plan has the very rules `checkRules` was given (texts compared in full: a few ms for a whole pack). */
function sameRules(a: Pick<ScanPlan, 'rules' | 'disabled'>, b: Pick<ScanPlan, 'rules' | 'disabled'>): boolean {
  const same = <T>(x: readonly T[], y: readonly T[], equal: (p: T, q: T) => boolean) => x.length === y.length && x.every((item, i) => equal(item, y[i]!));
  return same(a.rules, b.rules, (p, q) => p.file === q.file && p.text === q.text) && same(a.disabled, b.disabled, (p, q) => p === q);
}

/** Replies per file, with a shared bound on buffered characters; `put` waits while it is over. */
class BoundedQueue {
  constructor(private readonly limit: number) {}

  readonly #items = new Map<number, { reply: IntakeReply; chars: number }[]>();
  readonly #takers = new Map<number, (reply: IntakeReply) => void>();
  #chars = 0;
  #space: (() => void)[] = [];

  async put(index: number, reply: IntakeReply): Promise<void> {
    const chars = reply.kind === 'events' ? reply.encoded.text.length : 0;
    const taker = this.#takers.get(index);
    if (taker) {
      this.#takers.delete(index);
      taker(reply);
      return;
    }
    const items = this.#items.get(index) ?? [];
    items.push({ reply, chars });
    this.#items.set(index, items);
    this.#chars += chars;
    while (this.#chars > this.limit) await new Promise<void>((resolve) => this.#space.push(resolve));
  }

  take(index: number): Promise<IntakeReply> {
    const items = this.#items.get(index);
    const first = items?.shift();
    if (first) {
      if (items!.length === 0) this.#items.delete(index);
      this.#chars -= first.chars;
      const waiting = this.#space;
      this.#space = [];
      for (const wake of waiting) wake();
      return Promise.resolve(first.reply);
    }
    return new Promise((resolve) => this.#takers.set(index, resolve));
  }
}
