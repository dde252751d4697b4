/**
 * The one interface between the screens and the scan machinery (worker pool, rule store, IndexedDB).
 * The screens never parse evidence or evaluate rules: they hand files to a `ScanClient` and render
 * what comes back. The real implementation lives with the platform (Web Workers through Comlink);
 * `fake-scan-client.ts` is an in-memory stand-in for tests and for `?fake` in development.
 *
 * Everything crossing this interface is structured-cloneable plain data (or File/Blob), so the
 * real client can forward it to workers unchanged.
 */
import type { TriageChange } from '../engine/alerts/triage.ts';
import type { HuntQuery } from '../engine/hunt/hunt-rule.ts';
import type { EvidenceCheck } from '../engine/case/evidence-check.ts';
import type { CaseManifest } from '../engine/case/manifest.ts';
import type { AlertDocument } from '../engine/alerts/types.ts';
import type { ScanStats } from '../engine/detect/contract.ts';
import type { NewTermsReason } from '../engine/explain/new-terms.ts';
import type { EventDoc } from '../engine/query/event.ts';
import type { RuleIssue } from '../engine/rules/model.ts';
import type { StateStats } from '../engine/state/model.ts';
import type { RuleState } from '../engine/state/rule-states.ts';
import type { ImportMode } from '../engine/state/store.ts';
import type { PackSetting, RulePackView } from '../workers/rule-library.ts';
import type { EventsFormat } from '../ingest/derived-events.ts';
import type { FileSummary } from '../ingest/summary.ts';
import type { TriageMap } from '../workers/triage-store.ts';

/**
 * One file of evidence with its path relative to what was dropped (`case/logs/a.ndjson`).
 * Dropped folders are walked on the page into files: `FileSystemEntry` objects cannot be sent to
 * a worker, `File` objects can.
 */
export interface EvidenceFile {
  readonly path: string;
  readonly file: File;
  /** Host name for raw evidence without host fields (eslogger); default: the top folder or file name of `path`. */
  readonly host?: string;
}

export interface ScanOptions {
  /** Shown in the past-scans list and as the HTML report's title; defaults to the input set (`inputSetLabel`). */
  readonly label?: string;
  /** Judge new_terms rules against the stored history and add this scan's terms to it. */
  readonly useNewTermsState: boolean;
  /** Drop alerts Kibana would not write because of max_signals (default: keep and flag them). */
  readonly kibanaLimits?: boolean;
  /** Alert creation time, epoch ms (default: when the scan starts), as `loupe scan --now`. */
  readonly now?: number;
  /** Decompression ratio limit, as `loupe scan --max-ratio` (default 500x, past 1 GiB of output). */
  readonly maxRatio?: number;
}

export interface FileProgress {
  readonly path: string;
  readonly bytes: number;
  /** Total bytes when known (an archive entry may not say). */
  readonly size?: number;
  readonly events: number;
  readonly done: boolean;
}

export interface ScanProgress {
  readonly files: readonly FileProgress[];
  readonly bytes: number;
  readonly totalBytes?: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  /** Seconds left, when it can be estimated. */
  readonly etaSeconds?: number;
  /** Alerts decided so far by rules that decide per event; the final count once complete. */
  readonly alerts: number;
  /** Rules (sequences, new_terms, threshold) that decide only when every event is in: their alerts are not in `alerts` yet. */
  readonly rulesDecidedAtEnd: number;
  readonly elapsedMs: number;
  /** The file or archive member being read. */
  readonly currentFile?: string;
}

export type ScanOutcome = 'complete' | 'cancelled' | 'failed';

export interface ScanResult {
  readonly id: string;
  readonly label: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly outcome: ScanOutcome;
  /** What went wrong, for `failed` (and partial-failure notes for `complete`). */
  readonly error?: string;
  readonly alerts: readonly AlertDocument[];
  readonly stats: ScanStats;
  readonly files: readonly FileSummary[];
  /** Whether the scan was saved for later; a quota problem is reported here, never swallowed. */
  readonly saved: { readonly ok: true } | { readonly ok: false; readonly error: string };
}

export interface ScanHandle {
  readonly id: string;
  /** Stops the scan; `result` then resolves with outcome `cancelled`. */
  cancel(): void;
  /** Resolves when the scan ends, whatever the outcome; rejects only on a broken client. */
  readonly result: Promise<ScanResult>;
}

/** The engine's account of one match: the fields it read and the clauses that held. */
export interface MatchExplanation {
  readonly fields: readonly string[];
  readonly clauses: readonly string[];
  /** new_terms alerts: the combination that was new, when, and the history window it was new in. */
  readonly newTerms?: NewTermsReason;
}

export type { PackSetting, RulePackView };

export interface RuleSummary {
  /** Stable key for the UI: rule_id when there is one, else file and line. */
  readonly key: string;
  readonly ruleId?: string;
  readonly name: string;
  readonly type: string;
  readonly language?: string;
  readonly severity?: string;
  readonly riskScore?: number;
  readonly file: string;
  readonly origin: 'bundled' | 'imported';
  readonly enabled: boolean;
  readonly status: 'ok' | 'error' | 'unsupported';
  /** Validation problems with their line and column in `file`. */
  readonly errors: readonly RuleIssue[];
  /** Why Loupe cannot run the rule (status `unsupported`). */
  readonly reason?: string;
  readonly tactics: readonly string[];
}

export interface RuleImportResult {
  readonly added: number;
  /**
   * Files that could not be read as rule files at all, or held no rules (per-rule problems are in
   * `RuleSummary.errors`); `message` names the file.
   */
  readonly problems: readonly { readonly file: string; readonly message: string }[];
}

export interface PastScan {
  readonly id: string;
  readonly label: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly outcome: ScanOutcome;
  readonly files: number;
  readonly bytes: number;
  readonly events: number;
  readonly alerts: number;
}

/**
 * `kibana`: `_bulk` lines into Kibana's security alerts index (`_id` = alert uuid), to load a case
 * into Elastic Security; `timeline`: CSV in Kibana Timeline's columns.
 */
export type AlertExportFormat = 'ndjson' | 'csv' | 'html' | 'kibana' | 'timeline';

/** `navigator.storage.estimate()` for this site, and whether storage is persistent. */
export interface StorageInfo {
  readonly usage: number;
  readonly quota: number;
  readonly persisted: boolean;
}

/**
 * The sample case's files (`sample/index.json`, written by scripts/make-sample.ts): the case
 * (Elastic Defend events, four days), its later day (to scan after it, judged against the case's
 * new-terms history), the eslogger capture of a fourth Mac, and the training exercise built on
 * the case (an exercise bundle, opened rather than scanned).
 */
export type SampleKind = 'defend' | 'later-day' | 'eslogger' | 'exercise';

/** One event a hunt's query matched, and where it was read. */
export interface HuntMatch {
  readonly event: EventDoc;
  readonly file: string;
  readonly line: number;
}

export interface HuntResult {
  readonly outcome: ScanOutcome;
  readonly error?: string;
  /** Events the query matched; only the first `limit` were sent to `onMatches`. */
  readonly matched: number;
  readonly limit: number;
  /** Events read. */
  readonly events: number;
  readonly elapsedMs: number;
}

export interface HuntHandle {
  /** Stops the hunt (its workers are terminated); `result` then resolves with outcome `cancelled`. */
  cancel(): void;
  readonly result: Promise<HuntResult>;
}

export interface ScanClient {
  /**
   * Why the browser refused storage (private mode, blocked site data), when it did: the app then
   * runs without saved scans, kept rule imports or new-terms history, and says so.
   */
  readonly storageRefused?: string;
  /** Readies the scan workers (started, code loaded, warmed) so the first drop scans at full speed; the app calls it once loaded. */
  warmUp?(): Promise<void>;
  start(files: readonly EvidenceFile[], options: ScanOptions, onProgress: (progress: ScanProgress) => void): ScanHandle;
  /**
   * A hunt: `files` read again (as a scan reads them: prefilter, readers, intake) with `query` as
   * the only rule; matching events stream to `onMatches` in input order, at most `limit` of them.
   * The query must check clean (`checkHunt`). Nothing is saved.
   */
  hunt(files: readonly EvidenceFile[], query: HuntQuery, limit: number, onMatches: (matches: readonly HuntMatch[]) => void, onProgress: (progress: ScanProgress) => void): HuntHandle;
  /** One file of the bundled sample case, ready to scan (`defend`, the case, by default). */
  sampleCase(kind?: SampleKind): Promise<readonly EvidenceFile[]>;
  /** Why one alert matched, when the engine can say. */
  explain(scanId: string, alertUuid: string): Promise<MatchExplanation | undefined>;
  /**
   * Process events of a scan's evidence (events with `process.entity_id`) for ancestry and
   * children; the real client may cap how many it keeps. Empty when none were kept.
   */
  processEvents(scanId: string): Promise<readonly EventDoc[]>;
  /**
   * Alerts of a scan as NDJSON (the documents `loupe scan` writes), CSV or an HTML report: all of
   * them, or only those at the positions `only` (in `ScanResult.alerts`; the filtered view), in
   * scan order. Each NDJSON line is the same bytes either way. Triaged alerts carry their triage
   * (`kibana.alert.workflow_status`, `workflow_reason`, `workflow_status_updated_at`, `loupe.notes`).
   */
  exportAlerts(scanId: string, format: AlertExportFormat, only?: readonly number[]): Promise<Blob>;
  /**
   * The ECS events Loupe derives from `files` (what `loupe events [--bulk]` writes, byte for byte):
   * the files are read again, as no events are kept after a scan.
   */
  exportEvents(files: readonly EvidenceFile[], format: EventsFormat): Promise<Blob>;

  /** A scan's triage by alert uuid; an alert without an entry is open and untouched. */
  triage(scanId: string): Promise<TriageMap>;
  /** Applies one change (status, closing reason, notes) to the alerts `uuids` of a scan; returns the scan's triage after it. */
  setTriage(scanId: string, uuids: readonly string[], change: TriageChange): Promise<TriageMap>;

  /**
   * A case file of a scan (src/engine/case/case-file.ts): its alerts with their triage, the
   * enabled rules, the new-terms history and each evidence file's SHA-256, read now from
   * `evidence` (the files the scan read).
   */
  exportCase(scanId: string, evidence: readonly EvidenceFile[]): Promise<Blob>;
  /** A case file's manifest, checked (a `CaseFileError` says what is wrong); nothing is imported. */
  readCase(file: Blob): Promise<CaseManifest>;
  /** Each offered file digested and matched against the case's evidence. */
  checkCaseEvidence(manifest: CaseManifest, evidence: readonly EvidenceFile[]): Promise<EvidenceCheck>;
  /**
   * Imports a case whose evidence checks out (every file, by SHA-256): its scan, alerts and
   * triage join the past scans. Refused, naming each changed or missing file, otherwise.
   */
  importCase(file: Blob, evidence: readonly EvidenceFile[]): Promise<ScanResult>;

  listRules(): Promise<readonly RuleSummary[]>;
  /** The bundled pack in use and what the chooser offers (absent: this client has no choice of pack). */
  rulePack?(): Promise<RulePackView>;
  setRulePack?(setting: PackSetting): Promise<void>;
  importRules(files: readonly EvidenceFile[]): Promise<RuleImportResult>;
  setRuleEnabled(key: string, enabled: boolean): Promise<void>;
  /** The enabled rule pack as Kibana NDJSON. */
  exportRules(): Promise<Blob>;

  newTermsStats(): Promise<StateStats>;
  /** Each rule with stored history (engine/state/rule-states.ts, as `loupe state list`). */
  newTermsRules(): Promise<readonly RuleState[]>;
  resetNewTerms(): Promise<void>;
  /** Forgets one rule's history, as `loupe state reset RULE_ID`; false when it had none. */
  resetNewTermsRule(ruleId: string): Promise<boolean>;
  /** The state document in the CLI's `--state` format. */
  exportNewTerms(): Promise<Blob>;
  importNewTerms(file: Blob, mode: ImportMode): Promise<void>;

  listScans(): Promise<readonly PastScan[]>;
  loadScan(id: string): Promise<ScanResult>;
  deleteScan(id: string): Promise<void>;
  /** Storage used and available; undefined where the browser cannot say. */
  storageInfo?(): Promise<StorageInfo | undefined>;
}
