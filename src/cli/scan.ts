import { createHash } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createDetector } from '../engine/detect/index.ts';
import type { AlertDocument } from '../engine/alerts/types.ts';
import type { ScanStats } from '../engine/detect/contract.ts';
import { formatCsvHeader, formatCsvRow, ndjsonLineOf, textTableLines } from '../engine/output/index.ts';
import type { RuleText } from '../engine/rules/load.ts';
import { parseIsoTime } from '../engine/scan/iso-time.ts';
import { scanIdOf as hashScanId } from '../engine/scan/scan-id.ts';
import type { NewTermsStore } from '../engine/state/store.ts';
import { DEFAULT_LIMITS } from '../ingest/containers/limits.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/lines.ts';
import { compilePrefilter, prefilterSkipsLines } from '../engine/prefilter/prefilter.ts';
import { createLineScanner, type LineScanCounts } from '../engine/scan/line-scan.ts';
import type { Detector } from '../engine/detect/detector.ts';
import type { Prefilter } from '../engine/prefilter/prefilter.ts';
import { NODE_DECOMPRESSORS, nodeFileSource } from '../ingest/hosts/node.ts';
import { intake, readEventLine, type IntakeFileSummary } from '../ingest/intake.ts';
import { geoIpWarningLines } from '../sources/common/geoip/rules.ts';
import { createSourceStage, defaultHostName } from '../sources/registry.ts';
import type { SourceStage } from '../ingest/intake.ts';
import { GEOIP_OPTION, loadGeoIp, type LoadedGeoIp } from './geoip.ts';
import type { CommandSpec, OptionSpec, ParsedArgs } from './args.ts';
import { UsageError } from './args.ts';
import { exitStatus } from './exit-status.ts';
import { reasonOf } from './files.ts';
import type { CliIo } from './io.ts';
import { collectInputs, type CollectedInputs, type InputFile } from './node-input.ts';
import { openOutput, type OutputSink } from './output.ts';
import { loadRulePack, ruleErrorReport, stringList, type PackChoice, type RulePack } from './rule-pack.ts';
import { PACK_OPTIONS, packChoice } from './pack-options.ts';
import { coverageLines } from './scan-coverage.ts';
import { defaultJobs, POOL_MIN_BYTES, startReaderPool, type ReaderPool } from './reader-pool.ts';
import { planTasks, type PlannedTask, type ScanFileRef } from '../workers/scan-parts.ts';
import type { ScanPlan } from '../workers/scan-plan.ts';
import { ndjsonLines } from '../workers/ndjson-chunks.ts';
import { LIBRARY_ONE_READER_CORES, MAX_READERS, runScan as runPooledScan, type IntakeReader } from '../workers/scan-run.ts';
import { checkWithHelper, claimCounter } from '../workers/shared-check.ts';
import type { RuleCheck } from '../engine/rules/check.ts';
import type { RuleEntry } from '../engine/rules/model.ts';
import { createIntakeApi } from '../workers/intake-api.ts';
import { localReader } from '../workers/readers.ts';
import { profileLines } from './scan-profile.ts';
import { scanSummary } from './scan-summary.ts';
import { tightenHeap } from './heap-growth.ts';
import { relaunch, wantsRelaunch } from './young-generation.ts';
import { openTextSpillOrWarn, type TextSpill } from './text-spill.ts';
import { openFileStateStore } from './state-file.ts';

const FORMATS = ['ndjson', 'csv', 'table'] as const;
type Format = (typeof FORMATS)[number];

/** `--max-ratio N` of every command that reads evidence (decompression limits: ingest/containers/limits.ts). */
export const MAX_RATIO_OPTION: OptionSpec = {
  type: 'string',
  description: `stop a compressed stream or input file that expands more than N times, once past ${DEFAULT_LIMITS.ratioFloorBytes / 1024 ** 3} GiB of output (default ${DEFAULT_LIMITS.maxRatio})`,
};

export function maxRatioOf(text: string | undefined, command: string): number {
  const maxRatio = text === undefined ? DEFAULT_LIMITS.maxRatio : Number(text);
  if (!/^\d+(\.\d+)?$/.test(text ?? '1') || !(maxRatio >= 1) || !Number.isFinite(maxRatio)) {
    throw new UsageError(`${command}: --max-ratio must be a number of at least 1, not '${text}'`);
  }
  return maxRatio;
}

export const scanSpec: CommandSpec = {
  name: 'scan',
  summary: 'run the rules over NDJSON event files and folders, writing alerts',
  usage: 'INPUT... [--pack elastic|seed | --rules PATH...] [--os OS]... [--source SOURCE]... [--tactic TACTIC]... [--coverage] [--state FILE] [--out FILE] [--format ndjson|csv|table] [--host NAME] [--geoip FILE]... [--ignore-index] [--kibana-limits] [--max-ratio N] [--jobs N] [--profile] [--no-prefilter] [--rule-at-a-time]',
  details: [
    'INPUT is an NDJSON / JSON-lines file (Elasticsearch export lines with _index/_source are',
    'unwrapped) or a folder, searched recursively for .ndjson, .jsonl, .json, .log and',
    'extensionless files (and rotated copies such as filebeat.1). A file named directly is',
    'always read. Alerts go to --out or stdout; a summary of what was read, skipped and found',
    'goes to stderr, led by warnings about what can make the alert count mislead. A rule file',
    'holding no rules counts as a rule error. A --state file that could not be saved, or whose',
    "history for a rule was recorded with other fields (reset it: 'loupe state reset RULE_ID",
    "--state FILE'), counts as a file that could not be written (exit status 2).",
    'Raw evidence that is not ECS (eslogger JSON) is recognised by its content and mapped to',
    'the events Elastic Defend writes; its host is --host, else the INPUT file or folder name.',
    "The rules are Elastic's prebuilt library (--pack elastic, the default) narrowed by --os,",
    '--source and --tactic, the seed pack, or --rules files; the summary says how many rules could',
    'see the evidence and how many need data it lacks (--coverage: each rule with the reason).',
    'Cloud audit logs (Okta, Google Cloud, ...) get source.geo.* and source.as.* from --geoip',
    'databases as Elastic enriches them; without them, the summary names the rules that read',
    'those fields and so cannot match.',
  ].join('\n'),
  options: {
    ...PACK_OPTIONS,
    coverage: { type: 'boolean', description: 'list every rule that could see the evidence, and every other one with the data it lacks' },
    state: { type: 'string', description: 'new-terms history file, read before and updated after the scan' },
    out: { type: 'string', short: 'o', description: 'alerts file (default: stdout)' },
    format: { type: 'string', short: 'f', description: 'ndjson (default), csv or table' },
    host: { type: 'string', description: 'host name for raw evidence without host fields (eslogger; default: the INPUT file or folder name)' },
    geoip: GEOIP_OPTION,
    'ignore-index': { type: 'boolean', description: "run every rule on every event, whatever the rules' index patterns" },
    'kibana-limits': { type: 'boolean', description: "drop the alerts Kibana would not write (past max_signals, in schedule gaps)" },
    now: { type: 'string', description: 'alert timestamps (ISO 8601; default: when the scan starts)' },
    'max-line-bytes': { type: 'string', description: `skip longer lines (default ${DEFAULT_MAX_LINE_BYTES})` },
    'max-ratio': MAX_RATIO_OPTION,
    jobs: { type: 'string', short: 'j', description: `reader threads for zips, several files and large NDJSON (default: up to ${MAX_READERS}, one per core, for inputs of ${POOL_MIN_BYTES / 2 ** 20} MiB or more, but one on ${LIBRARY_ONE_READER_CORES} cores or fewer with rules beyond the seed pack; 1 reads in this thread)` },
    profile: { type: 'boolean', description: 'print time and hits per rule, slowest first, on stderr (reads in this thread)' },
    'no-prefilter': { type: 'boolean', description: 'parse every line (the literal prefilter skips lines no rule could match; same alerts)' },
    'rule-at-a-time': { type: 'boolean', description: 'try every routed rule on every event instead of only the rules its field values trigger (same alerts; reads in this thread)' },
  },
};

interface ScanOptions {
  readonly inputs: readonly string[];
  readonly rules: PackChoice;
  readonly coverage: boolean;
  readonly state?: string;
  readonly out?: string;
  readonly format: Format;
  readonly ignoreIndex: boolean;
  readonly kibanaLimits: boolean;
  readonly profile: boolean;
  readonly prefilter: boolean;
  readonly ruleAtATime: boolean;
  readonly now?: number;
  readonly maxLineBytes: number;
  readonly maxRatio: number;
  /** Reader threads asked for; undefined: decided from the input (`readerThreads`). */
  readonly jobs?: number;
  /** Host name for raw evidence without host fields; undefined: each INPUT's own name. */
  readonly host?: string;
  /** `--geoip` database files. */
  readonly geoip: readonly string[];
}

function scanOptions(args: ParsedArgs): ScanOptions {
  const { values } = args;
  if (args.positionals.length === 0) throw new UsageError("scan needs at least one INPUT file or folder (see 'loupe scan --help')");
  const format = values.format ?? 'ndjson';
  if (!FORMATS.includes(format as Format)) throw new UsageError(`scan: --format must be one of ${FORMATS.join(', ')}, not '${String(format)}'`);
  const text = (name: string) => {
    const value = values[name];
    if (value === '') throw new UsageError(`scan: --${name} needs a value`);
    return typeof value === 'string' ? value : undefined;
  };
  const nowText = text('now');
  const now = nowText === undefined ? undefined : parseIsoTime(nowText);
  if (nowText !== undefined && now === undefined) throw new UsageError(`scan: --now must be an ISO 8601 time such as 2024-05-01T12:00:00Z, not '${nowText}'`);
  const maxLineText = text('max-line-bytes');
  const maxLineBytes = maxLineText === undefined ? DEFAULT_MAX_LINE_BYTES : Number(maxLineText);
  if (!/^\d+$/.test(maxLineText ?? '1') || !Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new UsageError(`scan: --max-line-bytes must be a positive whole number of bytes, not '${maxLineText}'`);
  }
  const maxRatio = maxRatioOf(text('max-ratio'), 'scan');
  const jobsText = text('jobs');
  const jobs = jobsText === undefined ? undefined : Number(jobsText);
  if (jobs !== undefined && (!/^\d+$/.test(jobsText ?? '') || jobs < 1 || jobs > MAX_READERS)) {
    throw new UsageError(`scan: --jobs must be a whole number from 1 to ${MAX_READERS}, not '${jobsText}'`);
  }
  const state = text('state');
  const out = text('out');
  const host = text('host');
  return {
    ...(host !== undefined ? { host } : {}),
    inputs: args.positionals,
    rules: packChoice(args, 'scan'),
    coverage: values.coverage === true,
    geoip: stringList(values.geoip),
    ...(state !== undefined ? { state } : {}),
    ...(out !== undefined ? { out } : {}),
    format: format as Format,
    ignoreIndex: values['ignore-index'] === true,
    kibanaLimits: values['kibana-limits'] === true,
    profile: values.profile === true,
    prefilter: values['no-prefilter'] !== true,
    ruleAtATime: values['rule-at-a-time'] === true,
    ...(now !== undefined ? { now } : {}),
    maxLineBytes,
    maxRatio,
    ...(jobs !== undefined ? { jobs } : {}),
  };
}

/**
 * The engine's scan id (`engine/scan/scan-id.ts`), with inputs named by absolute path and each rule
 * file by its SHA-256 (Node's, native: the library's 15 MB through the engine's JavaScript SHA-256
 * took a tenth of the start-up).
 */
function scanIdOf(files: readonly InputFile[], rules: readonly RuleText[], options: ScanOptions): string {
  const inputs = files.map((file) => ({ name: resolve(file.path), size: file.size, mtimeMs: file.mtimeMs }));
  return hashScanId(inputs, rules.map((rule) => createHash('sha256').update(rule.text).digest('hex')), options);
}

async function writeAlerts(sink: OutputSink, alerts: ScanAlerts, format: Format): Promise<void> {
  // Line by line: a sink batches small writes, and no string ever holds every alert (nor, in one
  // thread, does any array: each document is built when its turn comes, detector.ts `eachAlert`).
  if (format === 'table') {
    for (const line of textTableLines(alerts.documents())) await sink.write(line);
    return;
  }
  if (format === 'ndjson') {
    // `formatNdjsonLine` of each document, written from text (detector.ts `eachAlertText`).
    for (const text of alerts.texts()) await sink.write(ndjsonLineOf(text));
    return;
  }
  await sink.write(formatCsvHeader());
  for (const alert of alerts.documents()) await sink.write(formatCsvRow(alert));
}

/** A scan's alerts in output order, as documents or as their JSON texts; read one of them, once. */
interface ScanAlerts {
  documents(): Iterable<AlertDocument>;
  texts(): Iterable<string>;
}

async function openState(path: string): Promise<NewTermsStore> {
  try {
    return await openFileStateStore(path);
  } catch (error) {
    throw new UsageError(`scan: --state ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Every input through intake (containers, shapes, accounting; gzip inflated by Node's zlib), with
 * the engine's line scanner on intake's line hook: lines of NDJSON-like files in any container go
 * prefilter → JSON.parse (candidates only) → detector; records of JSON documents come back parsed.
 */
async function scanInputs(
  files: readonly InputFile[],
  detector: Detector,
  options: { readonly maxLineBytes: number; readonly maxRatio: number; readonly prefilter?: Prefilter; readonly host?: string | undefined; readonly sources: SourceStage },
): Promise<{ files: IntakeFileSummary[]; counts: LineScanCounts }> {
  const scanner = createLineScanner({ sink: detector, parse: readEventLine, ...(options.prefilter ? { prefilter: options.prefilter } : {}) });
  const run = intake(
    files.map((file) => ({ ...nodeFileSource(file.path, file.size), host: hostOf(file, options.host) })),
    { maxLineBytes: options.maxLineBytes, maxRatio: options.maxRatio, decompressors: NODE_DECOMPRESSORS, sources: options.sources, onLine: (text, source) => scanner.line(text, source.file, source.line) },
  );
  for await (const batch of run.batches()) for (const { event, source } of batch) detector.push(event, source);
  return { files: run.files, counts: scanner.counts };
}

interface ScanOutcome {
  readonly alerts: ScanAlerts;
  readonly alertCount: number;
  readonly stats: ScanStats;
  readonly files: IntakeFileSummary[];
  readonly stateError?: string;
  /** In-thread scans only (what `--profile` reports). */
  readonly counts?: LineScanCounts;
  readonly prefilter?: Prefilter;
}

interface RunContext extends ScanOptions {
  readonly now: number;
  readonly scanId: string;
  readonly store: NewTermsStore | undefined;
  readonly geoipLoaded: LoadedGeoIp;
  /** Where the detector keeps events' texts until the alerts are written. */
  readonly spill?: TextSpill;
}

async function scanInThread(inputs: readonly InputFile[], pack: Pick<RulePack, 'checks'>, context: RunContext): Promise<ScanOutcome> {
  const { store } = context;
  const detector = createDetector(
    pack.checks.map((check) => check.entry),
    { ignoreIndex: context.ignoreIndex, kibanaLimits: context.kibanaLimits, ...(store ? { store } : {}), scanId: context.scanId, now: context.now, checks: pack.checks, ruleAtATime: context.ruleAtATime, ...(context.spill ? { keeper: context.spill } : {}) },
  );
  const requirements = detector.rules.map((rule) => rule.requires ?? null);
  // With the rule program, a prefilter that can pass over no line would only repeat its narrowing.
  const prefilter = context.prefilter && (context.ruleAtATime || prefilterSkipsLines(requirements)) ? compilePrefilter(requirements) : undefined;
  const { files, counts } = await scanInputs(inputs, detector, { maxLineBytes: context.maxLineBytes, maxRatio: context.maxRatio, host: context.host, sources: createSourceStage(context.geoipLoaded.databases), ...(prefilter ? { prefilter } : {}) });
  const result = await detector.finish();
  const { stats, stateError } = result;
  return { alerts: { documents: () => result.eachAlert(), texts: () => result.eachAlertText() }, alertCount: result.alertCount, stats, files, counts, ...(stateError !== undefined ? { stateError } : {}), ...(prefilter ? { prefilter } : {}) };
}

/**
 * Reader threads (cli/reader-pool.ts) under the app's coordinator (workers/scan-run.ts): the same
 * intake, prefilter and detector, so the alerts are byte-identical to `scanInThread`'s.
 */
async function scanInPool(pack: RulePack, split: ThreadedSplit, pool: ReaderPool, context: RunContext): Promise<ScanOutcome> {
  const plan: ScanPlan = {
    rules: pack.texts,
    disabled: pack.disabled,
    now: context.now,
    scanId: context.scanId,
    ignoreIndex: context.ignoreIndex,
    kibanaLimits: context.kibanaLimits,
    maxLineBytes: context.maxLineBytes,
    maxRatio: context.maxRatio,
    keepProcessEvents: false,
    ...(context.geoipLoaded.files.length > 0 ? { geoip: context.geoipLoaded.files } : {}),
  };
  // This thread reads too, with the rules it has checked already; the other threads compile a rule only when an event first reaches it.
  const here = localReader(createIntakeApi({ decompressors: NODE_DECOMPRESSORS, checks: pack.checks }));
  const result = await runPooledScan(split.files, plan, [here, ...pool.readers], { tasks: split.tasks, coordinating: here, checks: pack.checks, ...(context.store ? { store: context.store } : {}), ...(context.spill ? { keeper: context.spill } : {}) });
  const texts = function* () {
    for (const line of ndjsonLines(result.alertsNdjson)) if (line !== '') yield line;
  };
  // Parsed one at a time as they are written, for the formats that need documents.
  const alerts: ScanAlerts = {
    texts,
    documents: function* () {
      for (const line of texts()) yield JSON.parse(line) as AlertDocument;
    },
  };
  return { alerts, alertCount: result.alertCount, stats: result.stats, files: result.files, ...(result.stateError !== undefined ? { stateError: result.stateError } : {}) };
}

function checkSharedWith(helper: IntakeReader, entries: readonly RuleEntry[], rules: Pick<ScanPlan, 'rules' | 'disabled'>): Promise<RuleCheck[]> {
  const next = claimCounter();
  return checkWithHelper(entries, next, helper.checkRules(rules, next));
}

/** Inputs cut for reader threads: the files as Blobs, their parts, and how many threads read them. */
interface ThreadedSplit {
  readonly files: readonly ScanFileRef[];
  readonly tasks: readonly PlannedTask[];
  readonly threads: number;
}

/**
 * How this scan is read in threads: `--jobs`, else one per core (up to MAX_READERS) when the input
 * is large enough to repay starting them; undefined (read in this thread) when it cannot be split
 * (one gzip or tar stream), for one thread, and always for `--profile` and `--no-prefilter`,
 * which the in-thread path alone reports and offers.
 */
async function threadedSplit(inputs: readonly InputFile[], options: ScanOptions): Promise<ThreadedSplit | undefined> {
  if (options.profile || !options.prefilter || options.ruleAtATime) return undefined;
  const wanted = options.jobs ?? (inputs.reduce((sum, file) => sum + file.size, 0) >= POOL_MIN_BYTES ? defaultJobs(!seedPackOnly(options.rules)) : 1);
  if (wanted === 1) return undefined;
  const files = await Promise.all(inputs.map(async (file) => ({ name: file.path, blob: (await openAsBlob(file.path)) as unknown as Blob, host: hostOf(file, options.host) })));
  // Parts for several times as many readers: this thread also coordinates, and the others start
  // later (they compile the rules first), so whoever is free takes the next part.
  const tasks = await planTasks(files, wanted * PARTS_PER_THREAD);
  return tasks.length > 1 ? { files, tasks, threads: Math.min(wanted, tasks.length) } : undefined;
}

const PARTS_PER_THREAD = 8;

/** Only the seed pack runs: its prefilter passes over most lines unparsed. */
function seedPackOnly(rules: PackChoice): boolean {
  return (rules.paths ?? []).length === 0 && rules.pack === 'seed';
}

/** The host name raw evidence from this file gets: `--host`, else the INPUT it was found under. */
export function hostOf(file: InputFile, host: string | undefined): string {
  return host ?? defaultHostName(file.input);
}

export async function runScan(args: ParsedArgs, io: CliIo): Promise<number> {
  const options = scanOptions(args);
  tightenHeap();
  const started = performance.now();
  const outReal = options.out !== undefined && options.out !== '-' ? await realpath(resolve(options.out)).catch(() => undefined) : undefined;
  const inputs = await collectInputs(options.inputs, new Set(outReal !== undefined ? [outReal] : []));
  // Reader threads start, loading their code, while this thread loads the rules.
  const split = await threadedSplit(inputs.files, options);
  // A large input runs in a child node with a larger young generation (young-generation.ts); with
  // reader threads too: V8 flags are the process's, so each thread's heap gets the larger size.
  const inputBytes = inputs.files.reduce((sum, file) => sum + file.size, 0);
  if (wantsRelaunch(inputBytes, seedPackOnly(options.rules))) return relaunch();
  const pool = split ? startReaderPool(split.threads - 1) : undefined;
  try {
    return await scanCollected(options, inputs, split && pool ? { split, pool } : undefined, started, io);
  } finally {
    await pool?.close();
  }
}

/**
 * The pack and the scan id made from its rule files' texts, which are then let go of (the 16 MB
 * library is held as 32 MB in this thread's heap) unless reader threads still need them.
 */
async function loadScanRules(options: ScanOptions, inputs: CollectedInputs, threaded: boolean, helper: IntakeReader | undefined): Promise<{ pack: Omit<RulePack, 'texts'>; scanId: string; poolRules?: RulePack['texts'] }> {
  const { texts, ...pack } = await loadRulePack(options.rules, helper && ((entries, rules) => checkSharedWith(helper, entries, rules)));
  return { pack, scanId: scanIdOf(inputs.files, texts, options), ...(threaded ? { poolRules: texts } : {}) };
}

async function scanCollected(options: ScanOptions, inputs: CollectedInputs, threads: { split: ThreadedSplit; pool: ReaderPool } | undefined, started: number, io: CliIo): Promise<number> {
  const now = options.now ?? Date.now();
  // With reader threads, one of them checks rules too while this thread does.
  const helper = threads?.pool.readers[0];
  const { pack, scanId, poolRules } = await loadScanRules(options, inputs, threads !== undefined, helper);
  const split = threads?.split;
  const geoipLoaded = await loadGeoIp(options.geoip, 'scan');
  const store = options.state !== undefined ? await openState(options.state) : undefined;
  try {
    const sink = await openOutput(options.out, io).catch((error: unknown) => {
      throw new UsageError(`scan: cannot write '${options.out}': ${reasonOf(error)}`);
    });
    const spill = openTextSpillOrWarn((reason) => io.err(`scan: kept events stay in memory (no temporary file: ${reason})`));
    const context: RunContext = { ...options, now, scanId, store, geoipLoaded, ...(spill ? { spill } : {}) };
    let outcome: ScanOutcome;
    try {
      outcome = threads && poolRules ? await scanInPool({ ...pack, texts: poolRules }, threads.split, threads.pool, context) : await scanInThread(inputs.files, pack, context);
      await writeAlerts(sink, outcome.alerts, options.format);
      await sink.close();
    } catch (error) {
      await sink.abort();
      throw error;
    } finally {
      spill?.close();
    }
    const { alertCount, stats, stateError, files, counts, prefilter } = outcome;

    const ruleProblems = ruleErrorReport(pack);
    if (ruleProblems.length > 0) io.err(ruleProblems.join('\n'));
    const coverage = coverageLines(stats, pack.checks, pack.notRunnable, { perRule: options.coverage, prefiltered: options.prefilter });
    const geoip = geoIpWarningLines(stats.rules, { geo: geoipLoaded.databases?.geo !== undefined, asn: geoipLoaded.databases?.asn !== undefined });
    const report = { files, unreadable: inputs.unreadable, notScanned: inputs.notScanned, stats, alerts: alertCount, kibanaLimits: options.kibanaLimits, coverage, geoip };
    io.err(scanSummary({ ...report, ...(stateError !== undefined ? { stateError } : {}), ...(split ? { threads: split.threads } : {}), millis: performance.now() - started }).join('\n'));
    if (options.profile && counts) io.err(profileLines(stats, counts, prefilter, options.prefilter).join('\n'));

    const inputProblems = inputs.unreadable.length > 0 || files.some((file) => file.status !== 'scanned') || stateError !== undefined;
    return exitStatus({ ruleErrors: ruleProblems.length > 0, inputProblems });
  } finally {
    await store?.close();
  }
}
