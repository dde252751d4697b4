/**
 * The app's state and the actions that change it, over one `ScanClient`. Large data (alerts and
 * their rows) is held with `$state.raw`: reassigned whole, never proxied, so 100,000 alerts cost
 * one array, not 100,000 reactive proxies.
 */
import { type Triage, type TriageChange, type WorkflowStatus } from '../../engine/alerts/triage.ts';
import type { AlertDocument } from '../../engine/alerts/types.ts';
import { compileFieldGetter } from '../../engine/fields/access.ts';
import type { EvidenceCheck } from '../../engine/case/evidence-check.ts';
import type { CaseManifest } from '../../engine/case/manifest.ts';
import { looksLikeExerciseBundle, readExerciseBundle } from '../../engine/exercise/bundle.ts';
import { ExerciseRun } from './exercise.svelte.ts';
import { HuntSession } from './hunt.svelte.ts';
import type { EventDoc } from '../../engine/query/event.ts';
import type { StateStats } from '../../engine/state/model.ts';
import type { RuleState } from '../../engine/state/rule-states.ts';
import type { ImportMode } from '../../engine/state/store.ts';
import type { EventsFormat } from '../../ingest/derived-events.ts';
import { alertRowsInSlices, withStatuses, type AlertRow } from '../alerts/alert-row.ts';
import { filterRows, NO_FILTER, type AlertFilter } from '../alerts/filter.ts';
import { saveBlob } from '../download.ts';
import { rawEvidenceItems, withItemHost, type RawEvidenceItem } from '../evidence/dropped-items.ts';
import type { RuleStats } from '../rules/rule-outcome.ts';
import type { AlertExportFormat, EvidenceFile, MatchExplanation, PackSetting, PastScan, RuleImportResult, RulePackView, RuleSummary, SampleKind, ScanClient, ScanHandle, ScanProgress, ScanResult } from '../scan-client.ts';
import { trustWarnings } from '../../engine/output/scan-account.ts';
import { inputSetLabel } from '../scan/input-label.ts';
import { resultAccount } from '../scan/result-account.ts';
import type { ScanPhase } from '../scan/scan-status.ts';

export type ExportScope = 'shown' | 'all';

export interface OpenAlert {
  readonly alert: AlertDocument;
  readonly explanation?: MatchExplanation;
  readonly processEvents: readonly EventDoc[];
}

const entityIdOf = compileFieldGetter('process.entity_id');

function alertedProcessIds(alerts: readonly AlertDocument[]): ReadonlySet<string> {
  return new Set(alerts.flatMap((alert) => entityIdOf(alert).map(String)));
}

/** File name endings per alert export format. */
const EXTENSIONS: Record<AlertExportFormat, string> = { ndjson: '.ndjson', csv: '.csv', html: '.html', kibana: '.kibana-bulk.ndjson', timeline: '.timeline.csv' };

/** Exercise bundles are small zips whose central directory (at their end) names exercise.json. */
async function isExerciseBundle(file: Blob): Promise<boolean> {
  if (file.size < 22 || file.size > 1024 * 1024 * 1024) return false;
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - 65_536)).arrayBuffer());
  return looksLikeExerciseBundle(tail);
}

/** Replaced whole, never changed in place: a plain map is enough for `$state.raw`. */
const NO_TRIAGE: ReadonlyMap<string, Triage> = new Map<string, Triage>();

function countStatuses(rows: readonly AlertRow[]): Record<WorkflowStatus, number> {
  const counts: Record<WorkflowStatus, number> = { open: 0, acknowledged: 0, closed: 0 };
  for (const row of rows) counts[row.status]++;
  return counts;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class LoupeSession {
  phase: ScanPhase = $state('idle');
  progress: ScanProgress | undefined = $state.raw();
  result: ScanResult | undefined = $state.raw();
  rows: readonly AlertRow[] = $state.raw([]);
  /** The alert filters (kept across scans), and the rows they leave: what the table shows and exports offer. */
  filter: AlertFilter = $state.raw(NO_FILTER);
  readonly shown: readonly AlertRow[] = $derived(filterRows(this.rows, this.filter));
  /** Alerts per workflow status among those the filters show. */
  readonly statusCounts: Readonly<Record<WorkflowStatus, number>> = $derived(countStatuses(this.shown));
  /** `process.entity_id`s of the shown scan's alerts (the process graph marks them). */
  readonly alertedProcesses: ReadonlySet<string> = $derived(alertedProcessIds(this.result?.alerts ?? []));
  /** The shown scan's triage by alert uuid (kept in IndexedDB per scan). */
  triage: ReadonlyMap<string, Triage> = $state.raw(NO_TRIAGE);
  error: string | undefined = $state();
  rules: readonly RuleSummary[] = $state.raw([]);
  /** The pack chooser's view; undefined when the client offers no choice. */
  rulePack: RulePackView | undefined = $state.raw(undefined);
  lastImport: RuleImportResult | undefined = $state.raw();
  newTerms: StateStats | undefined = $state.raw();
  newTermsRules: readonly RuleState[] = $state.raw([]);
  /** Decompression ratio limit for the next scans (`loupe scan --max-ratio`); the default while undefined. */
  maxRatio: number | undefined = $state();
  pastScans: readonly PastScan[] = $state.raw([]);
  opened: OpenAlert | undefined = $state.raw();
  /** Problems of actions other than the scan itself (storage, imports, exports): shown, never swallowed. */
  notices: readonly string[] = $state.raw([]);
  exportingEvents = $state(false);
  /** The training exercise being worked, if any. */
  exercise: ExerciseRun | undefined = $state.raw();
  /** A case file being imported: its manifest, and the check of the evidence offered for it. */
  caseImport: { readonly file: File; readonly name: string; readonly manifest: CaseManifest; readonly evidence?: readonly EvidenceFile[]; readonly check?: EvidenceCheck; readonly checking: boolean } | undefined = $state.raw();
  /**
   * The files of the last scan run in this page (File handles, not their content): exporting its
   * events and renaming a host read them again. Past scans and scans before a reload have none.
   */
  private evidence: { readonly scanId: string; readonly files: readonly EvidenceFile[] } | undefined = $state.raw();

  private handle: ScanHandle | undefined;
  /** Bumped by every `show`: the last one asked for is the one shown. */
  private showing = 0;
  /** Bumped by every scan and by Cancel: a scan whose number is no longer current has been left. */
  private scanNumber = 0;
  /** Process events are fetched once per scan, on the first detail view that needs them. */
  private processEventsOf: { scanId: string; events: Promise<readonly EventDoc[]> } | undefined;

  /** The hunt panel (ad-hoc KQL/EQL over the shown scan's files). */
  readonly hunt: HuntSession;

  constructor(private readonly client: ScanClient) {
    this.hunt = new HuntSession(client, { evidence: () => this.evidenceFiles, rulesChanged: () => this.refreshRules(), notice: (text) => this.notice(text) });
  }

  /** A finished scan that raised no alerts, with what it covered and what to read before trusting that; undefined otherwise. */
  get noAlerts(): { events: number; files: number; rules: number; warnings: string[] } | undefined {
    const result = this.result;
    if (this.phase !== 'complete' || !result || result.alerts.length > 0) return undefined;
    const rules = result.stats.rules.filter((rule) => rule.status === 'ok').length;
    return { events: result.stats.events, files: result.files.length, rules, warnings: trustWarnings(resultAccount(result)) };
  }

  /** The shown scan's evidence files, when this page ran it. */
  get evidenceFiles(): readonly EvidenceFile[] | undefined {
    return this.result !== undefined && this.evidence?.scanId === this.result.id ? this.evidence.files : undefined;
  }

  /** Why the shown scan cannot be exported as a case file; undefined when it can. */
  get caseExportBlocked(): string | undefined {
    if (!this.result) return 'Scan or open a scan first.';
    if (!this.evidenceFiles) return 'A case file records each evidence file\'s SHA-256: scan the evidence in this page (or import a case with it) to export this scan.';
    return undefined;
  }

  exportCase(): Promise<void> {
    const result = this.result;
    const files = this.evidenceFiles;
    if (!result || !files) return Promise.resolve();
    return this.attempt('Exporting the case file', async () => saveBlob(await this.client.exportCase(result.id, files), `loupe-case-${result.id}.zip`));
  }

  openCaseFile(file: File): Promise<void> {
    return this.attempt(`Reading the case file ${file.name}`, async () => {
      this.caseImport = undefined;
      this.caseImport = { file, name: file.name, manifest: await this.client.readCase(file), checking: false };
    });
  }

  attachCaseEvidence(files: readonly EvidenceFile[]): Promise<void> {
    const pending = this.caseImport;
    if (!pending) return Promise.resolve();
    // Files offered again add to those offered before (a colleague may bring them one by one).
    const offered = [...(pending.evidence ?? []).filter((old) => !files.some((file) => file.path === old.path)), ...files];
    this.caseImport = { ...pending, evidence: offered, checking: true };
    return this.attempt('Checking the evidence', async () => {
      try {
        const check = await this.client.checkCaseEvidence(pending.manifest, offered);
        if (this.caseImport?.file === pending.file) this.caseImport = { ...this.caseImport, check, checking: false };
      } finally {
        if (this.caseImport?.file === pending.file && this.caseImport.checking) this.caseImport = { ...this.caseImport, checking: false };
      }
    });
  }

  importCase(): Promise<void> {
    const pending = this.caseImport;
    if (!pending?.evidence || !pending.check?.complete || this.busy) return Promise.resolve();
    const evidence = pending.evidence;
    return this.attempt('Importing the case', async () => {
      const result = await this.client.importCase(pending.file, evidence);
      this.caseImport = undefined;
      this.scanNumber++;
      this.evidence = { scanId: result.id, files: evidence };
      await this.show(result);
      await this.refreshPastScans();
    });
  }

  cancelCaseImport(): void {
    this.caseImport = undefined;
  }

  /** Dropped items of the shown scan holding raw evidence, with the host name it was given (editable). */
  get rawEvidence(): readonly RawEvidenceItem[] {
    const files = this.evidenceFiles;
    return files && this.result ? rawEvidenceItems(files, this.result.files) : [];
  }

  get ruleStats(): readonly RuleStats[] | undefined {
    return this.result?.stats.rules;
  }

  /** Lines the prefilter skipped unparsed: per-rule counts then cover candidate events only. */
  get eventsNotParsed(): number {
    return this.result?.stats.eventsNotParsed ?? 0;
  }

  notice(text: string): void {
    this.notices = [...this.notices, text];
  }

  dismissNotice(index: number): void {
    this.notices = this.notices.filter((_, position) => position !== index);
  }

  /** Runs an action, turning a failure into a notice. */
  private async attempt(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.notice(`${what} failed: ${message(error)}`);
    }
  }

  /** Why the browser refused storage, when it did: nothing is kept, no new-terms history is used. */
  get storageRefused(): string | undefined {
    return this.client.storageRefused;
  }

  async init(): Promise<void> {
    await Promise.all([this.refreshRules(), this.refreshNewTerms(), this.refreshPastScans()]);
    // Not awaited: the page is ready now; a scan started meanwhile waits for the warm pool.
    void this.client.warmUp?.();
  }

  refreshRules(): Promise<void> {
    return this.attempt('Loading rules', async () => {
      [this.rules, this.rulePack] = await Promise.all([this.client.listRules(), this.client.rulePack?.()]);
    });
  }

  /** Switches the bundled pack (seed or the Elastic library, narrowed); the next scan uses it. */
  setRulePack(setting: PackSetting): Promise<void> {
    return this.attempt('Choosing the rule pack', async () => {
      await this.client.setRulePack?.(setting);
      [this.rules, this.rulePack] = await Promise.all([this.client.listRules(), this.client.rulePack?.()]);
    });
  }

  refreshNewTerms(): Promise<void> {
    if (this.storageRefused !== undefined) return Promise.resolve();
    return this.attempt('Reading the new-terms history', async () => {
      [this.newTerms, this.newTermsRules] = await Promise.all([this.client.newTermsStats(), this.client.newTermsRules()]);
    });
  }

  refreshPastScans(): Promise<void> {
    return this.attempt('Listing past scans', async () => {
      this.pastScans = await this.client.listScans();
    });
  }

  get busy(): boolean {
    return this.phase === 'running' || this.phase === 'starting';
  }

  async scan(files: readonly EvidenceFile[]): Promise<void> {
    if (this.busy || files.length === 0) return;
    // One dropped exercise bundle opens the exercise (which scans its evidence).
    if (files.length === 1 && (await isExerciseBundle(files[0]!.file))) {
      await this.openExercise(files[0]!.file);
      return;
    }
    await this.run(++this.scanNumber, files);
  }

  /**
   * Opens a training exercise: its rules (if it brings any) join the imported rules, its evidence
   * is scanned, and the questions wait for answers.
   */
  openExercise(bundle: Blob): Promise<void> {
    if (this.busy) return Promise.resolve();
    return this.attempt('Opening the exercise', async () => {
      const { manifest, evidence, rules } = readExerciseBundle(new Uint8Array(await bundle.arrayBuffer()));
      if (rules.length > 0) {
        this.lastImport = await this.client.importRules(rules.map(({ file, text }) => ({ path: file, file: new File([text], file.slice(file.lastIndexOf('/') + 1)) })));
        await this.refreshRules();
      }
      this.exercise = new ExerciseRun(manifest, Date.now());
      const files = evidence.map(({ path, bytes }) => ({ path: path.slice(path.lastIndexOf('/') + 1), file: new File([bytes as Uint8Array<ArrayBuffer>], path.slice(path.lastIndexOf('/') + 1)) }));
      await this.run(++this.scanNumber, files);
    });
  }

  startSampleExercise(): Promise<void> {
    return this.attempt('Loading the sample exercise', async () => {
      const [bundle] = await this.client.sampleCase('exercise');
      if (bundle) await this.openExercise(bundle.file);
    });
  }

  closeExercise(): void {
    this.exercise = undefined;
  }

  private async run(scanNumber: number, files: readonly EvidenceFile[]): Promise<void> {
    // A scan being shown (opened from the past scans) gives way to this one.
    this.showing++;
    this.phase = 'running';
    this.error = undefined;
    this.progress = undefined;
    this.opened = undefined;
    const current = () => scanNumber === this.scanNumber;
    let result: ScanResult;
    try {
      const options = { useNewTermsState: true, label: inputSetLabel(files.map((file) => file.path)), ...(this.maxRatio !== undefined ? { maxRatio: this.maxRatio } : {}) };
      // The handle exists from the first moment: Cancel works while rules load and compile.
      const handle = this.client.start(files, options, (progress) => {
        if (current()) this.progress = progress;
      });
      this.handle = handle;
      result = await handle.result;
    } catch (error) {
      if (!current()) return;
      this.phase = 'failed';
      this.error = message(error);
      return;
    } finally {
      if (current()) this.handle = undefined;
    }
    if (!current()) return;
    this.evidence = result.outcome === 'complete' ? { scanId: result.id, files } : undefined;
    await this.show(result);
    await Promise.all([this.refreshNewTerms(), this.refreshPastScans()]);
  }

  /** Scans the shown scan's files again with `host` for the raw evidence of one dropped item (empty: its own name). */
  async rescanWithHost(item: string, host: string): Promise<void> {
    const files = this.evidenceFiles;
    if (files) await this.scan(withItemHost(files, item, host));
  }

  async scanSample(kind: SampleKind = 'defend'): Promise<void> {
    if (this.busy) return;
    const scanNumber = ++this.scanNumber;
    this.phase = 'starting';
    this.error = undefined;
    let files: readonly EvidenceFile[];
    try {
      files = await this.client.sampleCase(kind);
    } catch (error) {
      if (scanNumber !== this.scanNumber) return;
      this.phase = 'failed';
      this.error = `the sample case could not be loaded: ${message(error)}`;
      return;
    }
    // Cancelled while the sample was loading.
    if (scanNumber !== this.scanNumber) return;
    await this.run(scanNumber, files);
  }

  /**
   * Stops the scan at once, whatever it is doing (loading the sample, compiling rules, reading):
   * the client terminates its workers, and the page does not wait for them to wind down. What the
   * abandoned scan reports afterwards is ignored.
   */
  cancel(): void {
    if (!this.busy) return;
    this.scanNumber++;
    this.showing++;
    this.handle?.cancel();
    this.handle = undefined;
    // As the client's cancelled result would: no alerts, nothing saved.
    this.result = undefined;
    this.rows = [];
    this.evidence = undefined;
    this.phase = 'cancelled';
  }

  /**
   * Shows a scan: its rows built in slices of the page's time and its triage read meanwhile, then
   * shown at once (one update of the table, filters and counts, not a second one for the triage).
   * A scan shown later wins over one still being prepared.
   */
  private async show(result: ScanResult): Promise<void> {
    const showing = ++this.showing;
    let triage = NO_TRIAGE;
    const [rows] = await Promise.all([
      alertRowsInSlices(result.alerts),
      this.attempt('Reading the triage', async () => void (triage = await this.client.triage(result.id))),
    ]);
    if (showing !== this.showing) return;
    this.result = result;
    this.triage = triage;
    this.rows = triage.size === 0 ? rows : withStatuses(rows, (uuid) => triage.get(uuid)?.status);
    this.error = result.error;
    this.phase = result.outcome;
    this.opened = undefined;
  }

  /** Triage read or changed for a scan: shown if that scan still is. */
  private showTriage(scanId: string, triage: ReadonlyMap<string, Triage>): void {
    if (this.result?.id !== scanId) return;
    this.triage = triage;
    this.rows = withStatuses(this.rows, (uuid) => triage.get(uuid)?.status);
  }

  /** The opened alert's triage. */
  get openedTriage(): Triage | undefined {
    const uuid = this.opened?.alert['kibana.alert.uuid'];
    return typeof uuid === 'string' ? this.triage.get(uuid) : undefined;
  }

  /** Applies a triage change to the given alerts of the shown scan, kept at once. */
  setTriage(uuids: readonly string[], change: TriageChange): Promise<void> {
    const result = this.result;
    if (!result || uuids.length === 0) return Promise.resolve();
    return this.attempt('Saving the triage', async () => this.showTriage(result.id, await this.client.setTriage(result.id, uuids, change)));
  }

  /** A bulk action: the change applies to every alert the filters show. */
  triageShown(change: TriageChange): Promise<void> {
    return this.setTriage(this.shown.map((row) => row.uuid), change);
  }

  /** A change to the opened alert. */
  triageOpened(change: TriageChange): Promise<void> {
    const uuid = this.opened?.alert['kibana.alert.uuid'];
    return typeof uuid === 'string' ? this.setTriage([uuid], change) : Promise.resolve();
  }

  async open(row: AlertRow): Promise<void> {
    const result = this.result;
    const alert = result?.alerts[row.index];
    if (!result || !alert) return;
    this.opened = { alert, processEvents: [] };
    const [explanation, processEvents] = await Promise.all([
      this.client.explain(result.id, row.uuid).catch((error: unknown) => {
        this.notice(`Explaining the alert failed: ${message(error)}`);
        return undefined;
      }),
      this.processEvents(result.id),
    ]);
    // The user may have opened another alert meanwhile.
    if (this.opened?.alert !== alert) return;
    this.opened = { alert, processEvents, ...(explanation ? { explanation } : {}) };
  }

  close(): void {
    this.opened = undefined;
  }

  private processEvents(scanId: string): Promise<readonly EventDoc[]> {
    if (this.processEventsOf?.scanId !== scanId) {
      const events = this.client.processEvents(scanId).catch((error: unknown) => {
        this.notice(`Loading process events failed: ${message(error)}`);
        return [] as readonly EventDoc[];
      });
      this.processEventsOf = { scanId, events };
    }
    return this.processEventsOf.events;
  }

  /** `shown`: only the alerts the filters leave (when they leave out any), else all of the scan's. */
  exportAlerts(format: AlertExportFormat, scope: ExportScope = 'all'): Promise<void> {
    const result = this.result;
    if (!result) return Promise.resolve();
    const filtered = scope === 'shown' && this.shown.length !== this.rows.length;
    return this.attempt(`Exporting ${format.toUpperCase()}`, async () => {
      if (filtered) {
        const only = this.shown.map((row) => row.index);
        saveBlob(await this.client.exportAlerts(result.id, format, only), `loupe-alerts-${result.id}-${only.length}-of-${this.rows.length}${EXTENSIONS[format]}`);
      } else {
        saveBlob(await this.client.exportAlerts(result.id, format), `loupe-alerts-${result.id}${EXTENSIONS[format]}`);
      }
    });
  }

  /** The ECS events derived from the shown scan's files (`loupe events`, `--bulk`), read again. */
  exportEvents(format: EventsFormat): Promise<void> {
    const files = this.evidenceFiles;
    const result = this.result;
    if (!files || !result || this.exportingEvents) return Promise.resolve();
    this.exportingEvents = true;
    return this.attempt('Exporting events', async () => {
      saveBlob(await this.client.exportEvents(files, format), `loupe-events-${result.id}.${format === 'bulk' ? 'bulk.ndjson' : 'ndjson'}`);
    }).finally(() => (this.exportingEvents = false));
  }

  exportRules(): Promise<void> {
    return this.attempt('Exporting rules', async () => saveBlob(await this.client.exportRules(), 'loupe-rules.ndjson'));
  }

  importRules(files: readonly EvidenceFile[]): Promise<void> {
    return this.attempt('Importing rules', async () => {
      this.lastImport = await this.client.importRules(files);
      await this.refreshRules();
    });
  }

  toggleRule(key: string, enabled: boolean): Promise<void> {
    return this.attempt(enabled ? 'Enabling the rule' : 'Disabling the rule', async () => {
      await this.client.setRuleEnabled(key, enabled);
      await this.refreshRules();
    });
  }

  resetNewTerms(): Promise<void> {
    return this.attempt('Resetting the new-terms history', async () => {
      await this.client.resetNewTerms();
      await this.refreshNewTerms();
    });
  }

  resetNewTermsRule(ruleId: string): Promise<void> {
    return this.attempt(`Resetting the new-terms history of ${ruleId}`, async () => {
      if (!(await this.client.resetNewTermsRule(ruleId))) this.notice(`${ruleId} had no new-terms history to reset`);
      await this.refreshNewTerms();
    });
  }

  exportNewTerms(): Promise<void> {
    return this.attempt('Exporting the new-terms history', async () => saveBlob(await this.client.exportNewTerms(), 'loupe-new-terms-state.json'));
  }

  importNewTerms(file: File, mode: ImportMode): Promise<void> {
    return this.attempt('Importing the new-terms history', async () => {
      await this.client.importNewTerms(file, mode);
      await this.refreshNewTerms();
    });
  }

  loadScan(id: string): Promise<void> {
    if (this.busy) return Promise.resolve();
    return this.attempt('Opening the scan', async () => this.show(await this.client.loadScan(id)));
  }

  deleteScan(id: string): Promise<void> {
    return this.attempt('Deleting the scan', async () => {
      await this.client.deleteScan(id);
      await this.refreshPastScans();
    });
  }
}
