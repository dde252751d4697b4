/**
 * The real `ScanClient`: scans run in Web Workers (scan-pool.ts), rules come from the bundled
 * pack plus the user's imports, and everything that must outlive a reload lives in IndexedDB
 * (new-terms history, finished scans, imported rules, switched-off rules). Host pieces are
 * injected so the same class runs under Vitest with fake-indexeddb and an in-thread scan.
 */
import { withTriage, type TriageChange } from '../engine/alerts/triage.ts';
import type { AlertDocument } from '../engine/alerts/types.ts';
import type { ScanStats } from '../engine/detect/contract.ts';
import { HUNT_RULE_FILE, huntScanRule, type HuntQuery } from '../engine/hunt/hunt-rule.ts';
import { explainMatch } from '../engine/explain/match.ts';
import { formatCsvHeader, formatCsvRow, formatKibanaBulkAlert, formatNdjsonLine, formatTimelineCsvHeader, formatTimelineCsvRow, htmlReportParts } from '../engine/output/index.ts';
import { plural } from '../engine/output/plural.ts';
import type { EventDoc } from '../engine/query/event.ts';
import { checkRule, type RuleCheck } from '../engine/rules/check.ts';
import { kibanaExport } from '../engine/rules/kibana-export.ts';
import { filesWithoutRules, isRuleFileName, loadRuleTexts, noRulesMessage, type RuleText } from '../engine/rules/load.ts';
import type { RuleEntry } from '../engine/rules/model.ts';
import { scanIdOf } from '../engine/scan/scan-id.ts';
import { sha256Hex } from '../engine/alerts/sha256.ts';
import { listRuleStates, resetRuleState, type RuleState } from '../engine/state/rule-states.ts';
import type { NewTermsStore } from '../engine/state/store.ts';
import type { ImportMode } from '../engine/state/store.ts';
import { DEFAULT_LIMITS } from '../ingest/containers/limits.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/lines.ts';
import type { LoupeDb } from '../workers/loupe-db.ts';
import { RuleLibrary, type PackSetting, type RulePackView } from '../workers/rule-library.ts';
import type { LibrarySource } from '../workers/library-pack.ts';
import type { CatalogueEntry } from '../engine/rules/pack/catalogue.ts';
import { libraryTexts, shardLine } from '../engine/rules/pack/shards.ts';
import { ndjsonParts, parseNdjson, parseNdjsonInSlices, pickNdjsonLines, type NdjsonChunks } from '../workers/ndjson-chunks.ts';
import { keepRun, ScanArchive, storageError, type KeptScan, type SavedScan, type ScanSettings, type ScanToKeep } from '../workers/saved-scan.ts';
import type { EvidenceCheck } from '../engine/case/evidence-check.ts';
import type { CaseManifest } from '../engine/case/manifest.ts';
import { caseEvidenceOf, caseFileOf, evidenceCheckOf, evidenceRefusal, readCase, savedScanOf } from './case-files.ts';
import { TriageStore, type TriageMap } from '../workers/triage-store.ts';
import { forEachInSlices } from '../workers/next-task.ts';
import { ruleKey, type ScanPlan } from '../workers/scan-plan.ts';
import type { ScanRunProgress, ScanRunResult } from '../workers/scan-run.ts';
import type { ScanWorkerRequest, ScanWorkerResult } from '../workers/scan.worker.ts';
import { sourceEventOf } from './detail/alert-facts.ts';
import { describedFiles } from '../sources/describe.ts';
import type { EventsFormat } from '../ingest/derived-events.ts';
import type { ScanFile } from '../workers/scan-run.ts';
import { hostHintOf } from './evidence/dropped-items.ts';
import { inputSetLabel } from './scan/input-label.ts';
import type { GeoIpFile } from '../sources/common/geoip/enrich.ts';
import { MmdbReader } from '../sources/common/geoip/mmdb.ts';
import { keepGeoIp, keptGeoIp, looksLikeMmdb } from '../workers/geoip-store.ts';
import type {
  AlertExportFormat,
  EvidenceFile,
  HuntHandle,
  HuntMatch,
  HuntResult,
  SampleKind,
  ScanOutcome,
  MatchExplanation,
  PastScan,
  RuleImportResult,
  RuleSummary,
  ScanClient,
  ScanHandle,
  ScanOptions,
  ScanProgress,
  ScanResult,
  StorageInfo,
} from './scan-client.ts';

export interface RunningScan {
  readonly result: Promise<ScanWorkerResult>;
  cancel(): void;
}

export interface RealScanClientHost {
  /** Absent when the browser refused storage (`storageRefused` says why): nothing then outlives the page. */
  readonly db?: LoupeDb;
  readonly storageRefused?: string;
  readonly bundledRules: readonly RuleText[];
  /** The Elastic library's files, when this build carries them (the site does, the single file does not). */
  readonly library?: LibrarySource;
  /**
   * Starts and warms the scan workers with these rules (the app: warm-up.ts), for scans of the
   * Elastic library when `library` (the reader count may differ); absent where there is no pool.
   */
  warmUp?(rules: readonly RuleText[], library: boolean): Promise<void>;
  /**
   * Starts a scan (the worker pool in the app, an in-thread run in tests); `library`: of the
   * Elastic library, as for `warmUp`, so the scan keeps the warmed pool's reader count.
   */
  startScan(request: ScanWorkerRequest, onProgress: (progress: ScanRunProgress) => void, library: boolean): RunningScan;
  /** Opens the new-terms store for the state panel (the scan worker opens its own). */
  openStateStore(): Promise<NewTermsStore>;
  /** One file of the sample case, fetched from the app's own origin. */
  fetchSample(kind: SampleKind): Promise<readonly EvidenceFile[]>;
  /** The files' derived ECS events, read as a scan reads them (the worker pool in the app, in-thread in tests). */
  exportEvents(files: readonly ScanFile[], format: EventsFormat): Promise<Blob>;
  /** SHA-256 of each file, streamed (the scan worker in the app, in-thread in tests). */
  digestFiles(files: readonly Blob[]): Promise<string[]>;
  /** Whether an error means the scan was cancelled. */
  isCancellation(error: unknown): boolean;
  readonly storage?: StorageManager;
}

interface LoadedScan {
  readonly result: ScanResult;
  /** Chunks; a scan saved by an earlier version holds one string. */
  readonly alertsNdjson: NdjsonChunks | string;
  readonly processNdjson: string;
}

const EMPTY_STATS: ScanStats = { events: 0, eventsNotParsed: 0, eventsWithoutIndex: 0, eventsWithoutTimestamp: 0, rules: [] };
/** Scans kept parsed in memory (the current one and a few opened ones). */
const MEMORY_SCANS = 3;

export class RealScanClient implements ScanClient {
  private readonly rules: RuleLibrary;
  private readonly archive: ScanArchive;
  private readonly triageStore: TriageStore;
  private readonly loaded = new Map<string, LoadedScan>();
  private scanCount = 0;
  private checked: { readonly key: string; readonly result: Promise<CheckedRules> } | undefined;

  constructor(private readonly host: RealScanClientHost) {
    this.rules = new RuleLibrary(host.db, host.bundledRules, host.library);
    this.archive = new ScanArchive(host.db);
    this.triageStore = new TriageStore(host.db);
  }

  get storageRefused(): string | undefined {
    return this.host.db ? undefined : (this.host.storageRefused ?? 'no IndexedDB');
  }

  async warmUp(): Promise<void> {
    // The seed rules whatever the pack: the warm-up readies code and workers, and the library would only cost its compilation twice.
    await this.host.warmUp?.(this.host.bundledRules, await this.libraryChosen());
  }

  /** Whether scans run the Elastic library: the chosen pack, in a build that carries it. */
  private async libraryChosen(): Promise<boolean> {
    return (await this.rules.packSetting()).pack === 'elastic' && this.host.library !== undefined;
  }

  start(files: readonly EvidenceFile[], options: ScanOptions, onProgress: (progress: ScanProgress) => void): ScanHandle {
    const startedAt = Date.now();
    const id = `${new Date(startedAt).toISOString().replace(/[-:.]/g, '')}-${++this.scanCount}`;
    let cancelled = false;
    let running: RunningScan | undefined;
    let stopPreparing!: () => void;
    // Cancel also ends the wait for the rules (read from IndexedDB) before any worker starts.
    const preparingStopped = new Promise<undefined>((resolve) => (stopPreparing = () => resolve(undefined)));
    const label = options.label ?? inputSetLabel(files.map((file) => file.path));
    const result = (async (): Promise<ScanResult> => {
      const base = { id, label, startedAt, bytes: files.reduce((sum, { file }) => sum + file.size, 0) };
      try {
        const request = await Promise.race([this.request(files, options, startedAt), preparingStopped]);
        if (cancelled || request === undefined) return this.ended(base, 'cancelled');
        const keep: ScanToKeep = { ...base, settings: settingsOf(options, startedAt) };
        // The scan worker saves the finished scan (the page would clone every alert to put it).
        running = this.host.startScan(this.host.db ? { ...request, keep } : request, onProgress, await this.libraryChosen());
        const run = await running.result;
        return await this.finished(run, run.kept ?? (await keepRun(this.host.db, keep, run)));
      } catch (error) {
        if (cancelled || this.host.isCancellation(error)) return this.ended(base, 'cancelled');
        return this.ended(base, 'failed', error instanceof Error ? error.message : String(error));
      }
    })();
    return {
      id,
      cancel: () => {
        cancelled = true;
        stopPreparing();
        running?.cancel();
      },
      result,
    };
  }

  hunt(files: readonly EvidenceFile[], query: HuntQuery, limit: number, onMatches: (matches: readonly HuntMatch[]) => void, onProgress: (progress: ScanProgress) => void): HuntHandle {
    const startedAt = Date.now();
    let cancelled = false;
    let events = 0;
    // The one hunt rule, every event (index patterns ignored), nothing kept but the matches.
    const rules = [{ file: HUNT_RULE_FILE, text: huntScanRule(query) }];
    const inputs = files.map(({ path, file }) => ({ name: path, size: file.size, mtimeMs: file.lastModified }));
    const plan: ScanPlan = {
      rules,
      disabled: [],
      now: startedAt,
      scanId: scanIdOf(inputs, rules.map((rule) => rule.text), { ignoreIndex: true, maxLineBytes: DEFAULT_MAX_LINE_BYTES, maxRatio: DEFAULT_LIMITS.maxRatio }),
      ignoreIndex: true,
      kibanaLimits: false,
      maxLineBytes: DEFAULT_MAX_LINE_BYTES,
      maxRatio: DEFAULT_LIMITS.maxRatio,
      keepProcessEvents: false,
      hunt: { limit },
    };
    // A hunt runs its one query, not the library (`false`).
    const running = this.host.startScan({ files: scanFiles(files), plan, useNewTermsState: false }, (progress) => {
      if (cancelled) return;
      events = progress.events;
      if (progress.matches) onMatches(progress.matches.map(({ text, file, line }) => ({ event: JSON.parse(text) as EventDoc, file, line })));
      onProgress(progress);
    }, false);
    const ended = (outcome: ScanOutcome, matched: number, error?: string): HuntResult => ({ outcome, matched, limit, events, elapsedMs: Date.now() - startedAt, ...(error !== undefined ? { error } : {}) });
    const result = running.result.then(
      (run) => ended(cancelled ? 'cancelled' : 'complete', run.matched ?? 0, run.files.filter((file) => file.status !== 'scanned').map((file) => `${file.file}: ${file.reason ?? file.status}`).join('; ') || undefined),
      (error: unknown) => (cancelled || this.host.isCancellation(error) ? ended('cancelled', 0) : ended('failed', 0, error instanceof Error ? error.message : String(error))),
    );
    return {
      cancel: () => {
        cancelled = true;
        running.cancel();
      },
      result,
    };
  }

  /**
   * Dropped MaxMind databases are kept (IndexedDB, geoip-store.ts) rather than scanned; the scan
   * gets every kept database, or without storage the ones dropped with it.
   */
  private async withGeoIp(files: readonly EvidenceFile[]): Promise<{ evidence: EvidenceFile[]; geoip: GeoIpFile[] }> {
    const evidence: EvidenceFile[] = [];
    const dropped: GeoIpFile[] = [];
    for (const item of files) {
      if (!(await looksLikeMmdb(item.file))) {
        evidence.push(item);
        continue;
      }
      const bytes = new Uint8Array(await item.file.arrayBuffer());
      try {
        if (this.host.db) await keepGeoIp(this.host.db, item.path, bytes);
        else new MmdbReader(bytes);
        dropped.push({ name: item.path, bytes });
      } catch {
        // Not a usable database: scanned as evidence, where it is named as unreadable.
        evidence.push(item);
      }
    }
    return { evidence, geoip: this.host.db ? await keptGeoIp(this.host.db) : dropped };
  }

  private async request(dropped: readonly EvidenceFile[], options: ScanOptions, startedAt: number): Promise<ScanWorkerRequest> {
    const { evidence: files, geoip } = await this.withGeoIp(dropped);
    const { bundled, packIndex, imported } = await this.rules.all();
    const rules = [...bundled, ...imported];
    const disabled = [...(await this.rules.disabled())];
    // A host name given for an item changes its mapped events, so it is part of what was read.
    const inputs = files.map(({ path, file, host }) => ({ name: host === undefined ? path : `${path}\u0000host=${host}`, size: file.size, mtimeMs: file.lastModified }));
    const maxRatio = options.maxRatio ?? DEFAULT_LIMITS.maxRatio;
    const plan: ScanPlan = {
      rules,
      disabled,
      now: options.now ?? startedAt,
      scanId: scanIdOf(inputs, await ruleDigests(rules), { ignoreIndex: false, maxLineBytes: DEFAULT_MAX_LINE_BYTES, maxRatio }),
      ignoreIndex: false,
      kibanaLimits: options.kibanaLimits ?? false,
      maxLineBytes: DEFAULT_MAX_LINE_BYTES,
      maxRatio,
      keepProcessEvents: true,
      ...(geoip.length > 0 ? { geoip } : {}),
      ...(packIndex !== undefined ? { packIndex } : {}),
    };
    // The scan worker keeps new-terms history in IndexedDB: without it there is none to judge against or add to.
    const useNewTermsState = options.useNewTermsState && this.storageRefused === undefined;
    return { files: scanFiles(files), plan, useNewTermsState };
  }

  exportEvents(files: readonly EvidenceFile[], format: EventsFormat): Promise<Blob> {
    return this.host.exportEvents(scanFiles(files), format);
  }

  private ended({ bytes: _bytes, ...base }: Omit<ScanToKeep, 'settings'>, outcome: 'cancelled' | 'failed', error?: string): ScanResult {
    return {
      ...base,
      finishedAt: Date.now(),
      outcome,
      ...(error !== undefined ? { error } : {}),
      alerts: [],
      stats: EMPTY_STATS,
      files: [],
      saved: { ok: false, error: outcome === 'cancelled' ? 'a cancelled scan is not kept' : 'a failed scan is not kept' },
    };
  }

  private async finished(run: ScanRunResult, { scan, saved }: KeptScan): Promise<ScanResult> {
    return (await this.remember(scan, run.alertsNdjson, new TextDecoder().decode(run.processNdjson), saved)).result;
  }

  /** `alerts` when parsed already; otherwise parsed here in slices, so a library scan's 100 MB of alerts never holds the page. */
  private async remember(scan: SavedScan, alertsNdjson: NdjsonChunks | string, processNdjson: string, saved: ScanResult['saved'], alerts?: AlertDocument[]): Promise<LoadedScan> {
    const { bytes: _bytes, alerts: _count, ...fields } = scan;
    const loaded: LoadedScan = { result: { ...fields, alerts: alerts ?? (await parseNdjsonInSlices<AlertDocument>(alertsNdjson)), saved }, alertsNdjson, processNdjson };
    this.loaded.delete(scan.id);
    this.loaded.set(scan.id, loaded);
    while (this.loaded.size > MEMORY_SCANS) this.loaded.delete(this.loaded.keys().next().value!);
    return loaded;
  }

  private async scan(id: string): Promise<LoadedScan> {
    const inMemory = this.loaded.get(id);
    if (inMemory) return inMemory;
    const stored = await this.archive.load(id);
    if (!stored) throw new Error(`no saved scan ${id} (it may have been deleted)`);
    return this.remember(stored.scan, stored.data.alerts, stored.data.processEvents, { ok: true });
  }

  async sampleCase(kind: SampleKind = 'defend'): Promise<readonly EvidenceFile[]> {
    return this.host.fetchSample(kind);
  }

  async explain(scanId: string, alertUuid: string): Promise<MatchExplanation | undefined> {
    const { result } = await this.scan(scanId);
    const alert = result.alerts.find((candidate) => candidate['kibana.alert.uuid'] === alertUuid);
    if (!alert) return undefined;
    const ruleId = alert['kibana.alert.rule.rule_id'];
    const entry = typeof ruleId === 'string' ? await this.ruleEntry(ruleId) : undefined;
    if (!entry) return undefined;
    const now = Date.parse(String(alert['@timestamp']));
    const newTerms = alert['kibana.alert.new_terms'];
    return explainMatch(entry, sourceEventOf(alert), { ...(Number.isNaN(now) ? {} : { now }), ...(newTerms !== undefined ? { newTerms } : {}) }) ?? undefined;
  }

  async processEvents(scanId: string): Promise<readonly EventDoc[]> {
    return parseNdjson<EventDoc>((await this.scan(scanId)).processNdjson);
  }

  async exportAlerts(scanId: string, format: AlertExportFormat, only?: readonly number[]): Promise<Blob> {
    const [{ result, alertsNdjson }, triage] = await Promise.all([this.scan(scanId), this.triageStore.forScan(scanId)]);
    const positions = only === undefined ? undefined : [...new Set(only)].filter((index) => index >= 0 && index < result.alerts.length).sort((a, b) => a - b);
    const triaged = (alert: AlertDocument) => withTriage(alert, triage.get(String(alert['kibana.alert.uuid'])));
    if (format === 'ndjson') {
      // The worker's text as written (the bytes `loupe scan` writes); only triaged alerts' lines are written anew.
      const rewrite = triage.size === 0 ? undefined : (_line: string, position: number) => {
        const alert = result.alerts[position]!;
        const written = triaged(alert);
        return written === alert ? undefined : formatNdjsonLine(written);
      };
      const parts = positions === undefined && rewrite === undefined ? ndjsonParts(alertsNdjson) : pickNdjsonLines(alertsNdjson, positions, rewrite);
      return new Blob(parts, { type: 'application/x-ndjson' });
    }
    const alerts = (positions === undefined ? result.alerts : positions.map((index) => result.alerts[index]!)).map(triaged);
    // One part per alert: a Blob of parts never needs one string of every alert (V8 strings stop at ~512 MiB).
    if (format === 'csv') return new Blob([formatCsvHeader(), ...alerts.map((alert) => formatCsvRow(alert))], { type: 'text/csv' });
    if (format === 'timeline') return new Blob([formatTimelineCsvHeader(), ...alerts.map((alert) => formatTimelineCsvRow(alert))], { type: 'text/csv' });
    if (format === 'kibana') return new Blob(alerts.map((alert) => formatKibanaBulkAlert(alert)), { type: 'application/x-ndjson' });
    const title = positions === undefined ? result.label : `${result.label} (${alerts.length} of ${plural(result.alerts.length, 'alert')}, as filtered)`;
    const report = htmlReportParts({ title, scanId: result.id, startedAt: result.startedAt, finishedAt: result.finishedAt, alerts, stats: result.stats, files: describedFiles(result.files) });
    return new Blob(report, { type: 'text/html' });
  }

  /** Digests already computed, per file object (a case's evidence is checked, then imported). */
  private readonly digests = new WeakMap<Blob, Promise<string>>();

  private digestsOf(files: readonly EvidenceFile[]): Promise<string[]> {
    const missing = files.filter(({ file }) => !this.digests.has(file));
    if (missing.length > 0) {
      const computed = this.host.digestFiles(missing.map(({ file }) => file));
      missing.forEach(({ file }, index) => this.digests.set(file, computed.then((digests) => digests[index]!)));
      // A failed digest is not kept: the next attempt reads the file again.
      computed.catch(() => missing.forEach(({ file }) => this.digests.delete(file)));
    }
    return Promise.all(files.map(({ file }) => this.digests.get(file)!));
  }

  async exportCase(scanId: string, evidence: readonly EvidenceFile[]): Promise<Blob> {
    const [loaded, triage, alerts, rules, digests] = await Promise.all([this.scan(scanId), this.triageStore.forScan(scanId), this.exportAlerts(scanId, 'ndjson'), this.exportRules(), this.digestsOf(evidence)]);
    const rulesNdjson = await rules.text();
    const newTermsState = this.host.db ? await (await this.exportNewTerms()).text() : undefined;
    const stored = (await this.archive.list()).find((scan) => scan.id === scanId);
    return caseFileOf({
      result: loaded.result,
      bytes: stored?.bytes ?? evidence.reduce((sum, { file }) => sum + file.size, 0),
      alertsNdjson: await alerts.text(),
      rulesNdjson,
      rules: rulesNdjson.split('\n').filter((line) => line.includes('"rule_id"')).length,
      ...(newTermsState !== undefined ? { newTermsState } : {}),
      triage,
      ...(stored?.settings ? { settings: stored.settings } : {}),
      evidence: caseEvidenceOf(evidence, digests),
      now: new Date(),
    });
  }

  async readCase(file: Blob): Promise<CaseManifest> {
    return (await readCase(file)).manifest;
  }

  async checkCaseEvidence(manifest: CaseManifest, evidence: readonly EvidenceFile[]): Promise<EvidenceCheck> {
    return evidenceCheckOf(manifest, evidence, await this.digestsOf(evidence));
  }

  async importCase(file: Blob, evidence: readonly EvidenceFile[]): Promise<ScanResult> {
    const parts = await readCase(file);
    const refusal = evidenceRefusal(evidenceCheckOf(parts.manifest, evidence, await this.digestsOf(evidence)));
    if (refusal !== undefined) throw new Error(refusal);
    const alerts = parseNdjson<AlertDocument>(parts.alertsNdjson);
    const { scan, triage } = savedScanOf(parts, alerts);
    const data = { alerts: parts.alertsNdjson, processEvents: '' };
    let saved: ScanResult['saved'] = { ok: true };
    try {
      await this.archive.save(scan, data);
      await this.triageStore.replace(scan.id, triage);
    } catch (error) {
      saved = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    return (await this.remember(scan, data.alerts, data.processEvents, saved, alerts)).result;
  }

  async triage(scanId: string): Promise<TriageMap> {
    return this.triageStore.forScan(scanId);
  }

  async setTriage(scanId: string, uuids: readonly string[], change: TriageChange): Promise<TriageMap> {
    return this.triageStore.change(scanId, uuids, change, new Date().toISOString());
  }

  /**
   * Rule texts loaded and checked, recomputed only when they change (checking compiles every
   * query); calls made while a check runs share it.
   */
  private checkedTexts(texts: readonly RuleText[], bundledFiles: ReadonlySet<string>): Promise<CheckedRules> {
    const key = texts.map(({ file, text }) => `${file}\u0000${text}`).join('\u0000');
    if (this.checked?.key !== key) {
      this.checked = { key, result: checkInSlices(loadRuleTexts(texts).entries).then((checks) => ({ checks, bundledFiles })) };
    }
    return this.checked.result;
  }

  /** Every rule of the chosen pack and the imports, checked (exporting the pack needs them compiled). */
  private async checkedRules(): Promise<CheckedRules> {
    const { bundled, imported } = await this.rules.all();
    return this.checkedTexts([...bundled, ...imported], new Set(bundled.map((rule) => rule.file)));
  }

  /**
   * What the Rules panel lists. With the library chosen its rules come from the catalogue (nothing
   * is compiled on the page: the scan worker compiles them); only imported rules are checked here,
   * with any library rule whose rule_id an import repeats, loaded first as a scan loads it, so the
   * import is the duplicate (an error) exactly as in the scan.
   */
  private async ruleListing(): Promise<RuleListing> {
    const library = await this.rules.chosenCatalogue();
    if (!library) return { library: [], ...(await this.checkedRules()) };
    const { positions, catalogue, shards } = library;
    const imported = await this.rules.imported();
    const importedIds = new Set(loadRuleTexts(imported).entries.map((entry) => entry.rule.rule_id));
    const repeated = new Set(positions.filter((position) => catalogue.entries[position]!.status === 'ok' && importedIds.has(catalogue.entries[position]!.rule_id)));
    const texts = repeated.size > 0 ? [...libraryTexts(shards, (position) => repeated.has(position)), ...imported] : imported;
    const checked = await this.checkedTexts(texts, new Set(repeated.size > 0 ? shards.map((shard) => shard.file) : []));
    const listed = positions.filter((position) => !repeated.has(position));
    return { library: listed.map((position) => ({ entry: catalogue.entries[position]!, file: shardLine(shards, position)?.file ?? '' })), ...checked };
  }

  /** The rule that raised an alert: the first loaded with that rule_id, as in the scan. */
  private async ruleEntry(ruleId: string): Promise<RuleEntry | undefined> {
    const library = await this.rules.chosenCatalogue();
    const position = library?.positions.find((candidate) => library.catalogue.entries[candidate]!.status === 'ok' && library.catalogue.entries[candidate]!.rule_id === ruleId);
    if (library && position !== undefined) return loadRuleTexts(libraryTexts(library.shards, (candidate) => candidate === position)).entries[0];
    return (await this.ruleListing()).checks.find((check) => check.entry.rule.rule_id === ruleId)?.entry;
  }

  async listRules(): Promise<readonly RuleSummary[]> {
    const { library, checks, bundledFiles } = await this.ruleListing();
    const disabled = await this.rules.disabled();
    return [
      ...library.map(({ entry, file }) => catalogueSummary(entry, file, entry.status === 'ok' && !disabled.has(entry.rule_id))),
      ...checks.map((check) => ruleSummary(check, bundledFiles.has(check.entry.source.file) ? 'bundled' : 'imported', !disabled.has(ruleKey(check.entry)))),
    ];
  }

  rulePack(): Promise<RulePackView> {
    return this.rules.packView();
  }

  async setRulePack(setting: PackSetting): Promise<void> {
    await this.rules.setPackSetting(setting);
  }

  async importRules(files: readonly EvidenceFile[]): Promise<RuleImportResult> {
    const problems: { file: string; message: string }[] = [];
    const texts: RuleText[] = [];
    for (const { path, file } of files) {
      if (!isRuleFileName(path)) {
        problems.push({ file: path, message: `'${path}' is not a rule file (expected .toml, .ndjson or .json)` });
        continue;
      }
      try {
        texts.push({ file: path, text: await file.text() });
      } catch (error) {
        problems.push({ file: path, message: `cannot read '${path}': ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    if (texts.length === 0) return { added: 0, problems };
    // As `loupe check`: a file that adds no rule is an error, and is not kept.
    const empty = new Set(filesWithoutRules(texts, loadRuleTexts(texts), { rulesElsewhere: true }));
    for (const file of empty) problems.push({ file, message: noRulesMessage(file) });
    const kept = texts.filter(({ file }) => !empty.has(file));
    await this.rules.import(kept);
    return { added: kept.length > 0 ? loadRuleTexts(kept).entries.length : 0, problems };
  }

  async setRuleEnabled(key: string, enabled: boolean): Promise<void> {
    await this.rules.setEnabled(key, enabled);
  }

  async exportRules(): Promise<Blob> {
    const disabled = await this.rules.disabled();
    const enabled = (await this.checkedRules()).checks.filter((check) => !disabled.has(ruleKey(check.entry)));
    return new Blob([kibanaExport(enabled).ndjson], { type: 'application/x-ndjson' });
  }

  private async withState<T>(work: (store: NewTermsStore) => Promise<T>): Promise<T> {
    const store = await this.host.openStateStore();
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  newTermsStats() {
    return this.withState((store) => store.stats());
  }

  newTermsRules(): Promise<readonly RuleState[]> {
    return this.withState((store) => listRuleStates(store));
  }

  resetNewTerms(): Promise<void> {
    return this.withState((store) => store.reset());
  }

  resetNewTermsRule(ruleId: string): Promise<boolean> {
    return this.withState((store) => resetRuleState(store, ruleId));
  }

  async exportNewTerms(): Promise<Blob> {
    // The CLI's `--state` file: one JSON document, keys sorted, newline-terminated.
    const document = await this.withState((store) => store.export());
    return new Blob([`${JSON.stringify(document)}\n`], { type: 'application/json' });
  }

  async importNewTerms(file: Blob, mode: ImportMode): Promise<void> {
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch (error) {
      throw new Error(`the file is not a new-terms state document (not JSON: ${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    await this.withState((store) => store.import(document, mode));
  }

  async listScans(): Promise<readonly PastScan[]> {
    return (await this.archive.list()).map((scan) => ({
      id: scan.id,
      label: scan.label,
      startedAt: scan.startedAt,
      finishedAt: scan.finishedAt,
      outcome: scan.outcome,
      files: scan.files.length,
      bytes: scan.bytes,
      events: scan.stats.events,
      alerts: scan.alerts,
    }));
  }

  async loadScan(id: string): Promise<ScanResult> {
    return (await this.scan(id)).result;
  }

  async deleteScan(id: string): Promise<void> {
    this.loaded.delete(id);
    try {
      await Promise.all([this.archive.delete(id), this.triageStore.deleteScan(id)]);
    } catch (error) {
      throw storageError(error, 'the change');
    }
  }

  async storageInfo(): Promise<StorageInfo | undefined> {
    const storage = this.host.storage;
    if (!storage?.estimate) return undefined;
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? Promise.resolve(false)]);
    return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
  }
}

/** The settings a scan ran with, for its saved record and case files. */
function settingsOf(options: ScanOptions, startedAt: number): ScanSettings {
  return {
    useNewTermsState: options.useNewTermsState,
    kibanaLimits: options.kibanaLimits ?? false,
    now: options.now ?? startedAt,
    ...(options.maxRatio !== undefined ? { maxRatio: options.maxRatio } : {}),
  };
}

/** The files as readers take them, each with its host name for raw evidence. */
function scanFiles(files: readonly EvidenceFile[]): ScanFile[] {
  return files.map((file) => ({ name: file.path, blob: file.file, host: hostHintOf(file) }));
}

function ruleSummary(check: RuleCheck, origin: 'bundled' | 'imported', enabled: boolean): RuleSummary {
  const { entry } = check;
  const { rule } = entry;
  const tactics = [...new Set((rule.threat ?? []).map((threat) => threat.tactic?.name).filter((name): name is string => typeof name === 'string'))];
  return {
    key: ruleKey(entry),
    ...(rule.rule_id !== undefined ? { ruleId: rule.rule_id } : {}),
    name: rule.name ?? '(unnamed rule)',
    type: rule.type ?? '',
    ...(rule.language !== undefined ? { language: rule.language } : {}),
    ...(rule.severity !== undefined ? { severity: rule.severity } : {}),
    ...(rule.risk_score !== undefined ? { riskScore: rule.risk_score } : {}),
    file: entry.source.file,
    origin,
    enabled,
    status: check.status,
    errors: check.errors,
    ...(check.reason !== undefined ? { reason: check.reason } : {}),
    tactics,
  };
}

/**
 * Each rule file's SHA-256 for the scan id: the browser's native digest (the library's 15 MB through
 * the engine's JavaScript SHA-256 would hold the page for most of a second), or that one where
 * there is no SubtleCrypto (a page that is not a secure context).
 */
async function ruleDigests(rules: readonly RuleText[]): Promise<string[]> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return rules.map((rule) => sha256Hex(rule.text));
  const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return Promise.all(
    rules.map(async ({ text }) => {
      // The same text as the last scan's (the library kept by RuleLibrary) is not encoded and hashed again.
      const known = digested.get(text);
      if (known !== undefined) return known;
      const digest = hex(await subtle.digest('SHA-256', new TextEncoder().encode(text)));
      if (digested.size >= DIGESTS_KEPT) digested.delete(digested.keys().next().value!);
      digested.set(text, digest);
      return digest;
    }),
  );
}

/** Rule texts' digests lately computed, by text (a few: the library's shards and some imports). */
const digested = new Map<string, string>();
const DIGESTS_KEPT = 32;

/** A library rule listed from the catalogue (those Loupe cannot run with the reason, never loaded). */
function catalogueSummary(entry: CatalogueEntry, file: string, enabled: boolean): RuleSummary {
  return {
    key: entry.rule_id,
    ruleId: entry.rule_id,
    name: entry.name,
    type: entry.type,
    ...(entry.language !== undefined ? { language: entry.language } : {}),
    ...(entry.severity !== undefined ? { severity: entry.severity } : {}),
    file,
    origin: 'bundled',
    enabled,
    status: entry.status,
    errors: [],
    ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
    tactics: entry.tactics,
  };
}

interface CheckedRules {
  readonly checks: readonly RuleCheck[];
  readonly bundledFiles: ReadonlySet<string>;
}

interface RuleListing extends CheckedRules {
  /** Library rules listed from the catalogue, not loaded, with the shard each is in. */
  readonly library: readonly { readonly entry: CatalogueEntry; readonly file: string }[];
}

/** Checks every rule on the page's thread in slices: the whole public pack takes ~0.5 s, which must not freeze the page. */
async function checkInSlices(entries: readonly RuleEntry[]): Promise<RuleCheck[]> {
  const checks: RuleCheck[] = [];
  await forEachInSlices(entries, (entry) => checks.push(checkRule(entry)));
  return checks;
}
