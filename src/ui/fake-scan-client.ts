/**
 * FAKE ScanClient: an in-memory stand-in for the worker-backed client, for component tests and
 * for developing the screens without workers (`?fake` in `npm run dev`). It runs no rules: it
 * replays a scenario's alerts with simulated progress. Never used by a production build.
 */
import { withTriage, type TriageChange } from '../engine/alerts/triage.ts';
import type { AlertDocument } from '../engine/alerts/types.ts';
import type { HuntQuery } from '../engine/hunt/hunt-rule.ts';
import { compileKql } from '../engine/kql/compile.ts';
import { parseKql } from '../engine/kql/parser.ts';
import { formatCsv, formatKibanaBulkAlert, formatNdjson, formatTimelineCsvHeader, formatTimelineCsvRow } from '../engine/output/index.ts';
import { sourceEventOf } from './detail/alert-facts.ts';
import type { EventDoc } from '../engine/query/event.ts';
import type { StateStats } from '../engine/state/model.ts';
import type { RuleState } from '../engine/state/rule-states.ts';
import type { ImportMode } from '../engine/state/store.ts';
import type { EventsFormat } from '../ingest/derived-events.ts';
import { newFileSummary } from '../ingest/summary.ts';
import { TriageStore, type TriageMap } from '../workers/triage-store.ts';
import type { EvidenceCheck } from '../engine/case/evidence-check.ts';
import type { CaseManifest } from '../engine/case/manifest.ts';
import { digestBlobs } from '../workers/file-digest.ts';
import { caseEvidenceOf, caseFileOf, evidenceCheckOf, evidenceRefusal, readCase, savedScanOf } from './case-files.ts';
import { hostHintOf } from './evidence/dropped-items.ts';
import { inputSetLabel } from './scan/input-label.ts';
import type { RuleStats } from './rules/rule-outcome.ts';
import type {
  HuntHandle,
  HuntMatch,
  HuntResult,
  AlertExportFormat,
  EvidenceFile,
  MatchExplanation,
  PastScan,
  RuleImportResult,
  RuleSummary,
  SampleKind,
  ScanClient,
  ScanHandle,
  ScanOptions,
  ScanProgress,
  ScanResult,
} from './scan-client.ts';

export interface FakeScenario {
  rules?: RuleSummary[];
  alerts?: AlertDocument[];
  ruleStats?: RuleStats[];
  explanations?: Record<string, MatchExplanation>;
  processEvents?: EventDoc[];
  sample?: EvidenceFile[];
  /** Progress ticks per file, and the delay between them. */
  steps?: number;
  tickMs?: number;
  /** Makes every scan fail with this message. */
  failWith?: string;
  /** Makes saving scans fail with this message (a storage quota problem). */
  saveError?: string;
  newTerms?: StateStats;
  /** Paths of files to account as eslogger captures (raw evidence named by its host hint). */
  rawEvidence?: readonly string[];
  /** Rules with stored new-terms history. */
  newTermsRules?: RuleState[];
  /** The browser refused storage, with this reason. */
  storageRefused?: string;
}

export class FakeScanClient implements ScanClient {
  /** Every call, by method name, for tests to assert on. */
  readonly calls: { method: string; args: unknown[] }[] = [];
  private rules: RuleSummary[];
  private newTerms: StateStats;
  private newTermsRuleStates: RuleState[];
  readonly storageRefused: string | undefined;
  private readonly scans = new Map<string, ScanResult>();
  /** In memory (no database): the fake keeps triage for the page's life, as the real client does when storage is refused. */
  private readonly triageStore = new TriageStore(undefined);
  private scanCount = 0;

  constructor(private readonly scenario: FakeScenario = {}) {
    this.rules = [...(scenario.rules ?? [])];
    this.newTerms = scenario.newTerms ?? { rules: 0, terms: 0, runs: 0, scans: 0, bytes: 0 };
    this.newTermsRuleStates = [...(scenario.newTermsRules ?? [])];
    this.storageRefused = scenario.storageRefused;
  }

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  start(files: readonly EvidenceFile[], options: ScanOptions, onProgress: (progress: ScanProgress) => void): ScanHandle {
    this.record('start', files, options);
    const id = `fake-${++this.scanCount}`;
    let cancelled = false;
    const result = this.simulate(id, files, options, onProgress, () => cancelled);
    return { id, cancel: () => (cancelled = true), result };
  }

  /**
   * A hunt over the scenario's alerts' source events (the fake has no evidence): KQL queries are
   * compiled and matched by the engine; EQL matches nothing here.
   */
  hunt(files: readonly EvidenceFile[], query: HuntQuery, limit: number, onMatches: (matches: readonly HuntMatch[]) => void, onProgress: (progress: ScanProgress) => void): HuntHandle {
    this.record('hunt', files, query, limit);
    let cancelled = false;
    const startedAt = Date.now();
    const result = (async (): Promise<HuntResult> => {
      await new Promise((resolve) => setTimeout(resolve, this.scenario.tickMs ?? 0));
      const events = (this.scenario.alerts ?? []).map(sourceEventOf);
      const elapsed = () => ({ events: events.length, limit, elapsedMs: Date.now() - startedAt });
      if (cancelled) return { outcome: 'cancelled', matched: 0, ...elapsed() };
      const filter = query.language === 'kuery' ? compileKql(parseKql(query.query)) : undefined;
      const matches = events.flatMap((event, index) => (filter?.matches(event) === true ? [{ event, file: files[0]?.path ?? 'fake.ndjson', line: index + 1 }] : []));
      onMatches(matches.slice(0, limit));
      onProgress({ files: [], bytes: 0, events: events.length, eventsPerSecond: 0, alerts: 0, rulesDecidedAtEnd: 0, elapsedMs: Date.now() - startedAt });
      return { outcome: 'complete', matched: matches.length, ...elapsed() };
    })();
    return { cancel: () => (cancelled = true), result };
  }

  private async simulate(id: string, files: readonly EvidenceFile[], options: ScanOptions, onProgress: (progress: ScanProgress) => void, isCancelled: () => boolean): Promise<ScanResult> {
    const startedAt = Date.now();
    const steps = this.scenario.steps ?? 4;
    const alerts = this.scenario.alerts ?? [];
    const totalBytes = files.reduce((sum, { file }) => sum + file.size, 0);
    const eventsPerFile = 100;
    const done = new Array<number>(files.length).fill(0);
    let outcome: ScanResult['outcome'] = 'complete';
    let fraction = 0;
    const total = files.length * steps;
    for (let tick = 1; tick <= total; tick++) {
      await new Promise((resolve) => setTimeout(resolve, this.scenario.tickMs ?? 0));
      if (isCancelled()) {
        outcome = 'cancelled';
        break;
      }
      done[Math.floor((tick - 1) / steps)]! += 1;
      fraction = tick / total;
      const elapsedMs = Date.now() - startedAt;
      const events = Math.round(fraction * files.length * eventsPerFile);
      onProgress({
        files: files.map(({ path, file }, index) => ({ path, size: file.size, bytes: Math.round((file.size * done[index]!) / steps), events: Math.round((eventsPerFile * done[index]!) / steps), done: done[index] === steps })),
        bytes: Math.round(fraction * totalBytes),
        totalBytes,
        events,
        eventsPerSecond: elapsedMs > 0 ? (events * 1000) / elapsedMs : 0,
        etaSeconds: fraction > 0 ? ((1 - fraction) * elapsedMs) / fraction / 1000 : undefined,
        alerts: Math.floor(fraction * alerts.length),
        rulesDecidedAtEnd: 0,
        elapsedMs,
      });
    }
    if (this.scenario.failWith !== undefined) outcome = 'failed';
    const kept = outcome === 'complete' ? alerts : alerts.slice(0, Math.floor(fraction * alerts.length));
    const result: ScanResult = {
      id,
      label: options.label ?? inputSetLabel(files.map((file) => file.path)),
      startedAt,
      finishedAt: Date.now(),
      outcome,
      ...(this.scenario.failWith !== undefined ? { error: this.scenario.failWith } : {}),
      alerts: kept,
      stats: { events: Math.round(fraction * files.length * eventsPerFile), eventsWithoutIndex: 0, eventsWithoutTimestamp: 0, rules: this.scenario.ruleStats ?? [] },
      files: files.map((evidence) => ({
        ...newFileSummary(evidence.path),
        bytes: evidence.file.size,
        events: eventsPerFile,
        lines: eventsPerFile,
        ...(this.scenario.rawEvidence?.includes(evidence.path) ? { source: { name: 'eslogger', host: hostHintOf(evidence), records: eventsPerFile, events: eventsPerFile, notMapped: {} } } : {}),
      })),
      saved: this.scenario.saveError === undefined ? { ok: true } : { ok: false, error: this.scenario.saveError },
    };
    if (this.scenario.saveError === undefined) this.scans.set(id, result);
    return result;
  }

  async sampleCase(kind: SampleKind = 'defend'): Promise<readonly EvidenceFile[]> {
    this.record('sampleCase', kind);
    return this.scenario.sample ?? [{ path: 'sample/macos-case.ndjson', file: new File(['{}\n'.repeat(64)], 'macos-case.ndjson') }];
  }

  async explain(scanId: string, alertUuid: string): Promise<MatchExplanation | undefined> {
    this.record('explain', scanId, alertUuid);
    return this.scenario.explanations?.[alertUuid];
  }

  async processEvents(scanId: string): Promise<readonly EventDoc[]> {
    this.record('processEvents', scanId);
    return this.scenario.processEvents ?? [];
  }

  async exportAlerts(scanId: string, format: AlertExportFormat, only?: readonly number[]): Promise<Blob> {
    this.record('exportAlerts', scanId, format, ...(only === undefined ? [] : [only]));
    const all = this.scans.get(scanId)?.alerts ?? [];
    const triage = await this.triageStore.forScan(scanId);
    const alerts = (only === undefined ? all : [...only].sort((a, b) => a - b).map((index) => all[index]!)).map((alert) => withTriage(alert, triage.get(String(alert['kibana.alert.uuid']))));
    if (format === 'ndjson') return new Blob([formatNdjson(alerts)], { type: 'application/x-ndjson' });
    if (format === 'csv') return new Blob([formatCsv(alerts)], { type: 'text/csv' });
    if (format === 'kibana') return new Blob(alerts.map((alert) => formatKibanaBulkAlert(alert)), { type: 'application/x-ndjson' });
    if (format === 'timeline') return new Blob([formatTimelineCsvHeader(), ...alerts.map((alert) => formatTimelineCsvRow(alert))], { type: 'text/csv' });
    return new Blob([`<!doctype html><title>Loupe (fake report)</title><p>${alerts.length} alerts</p>`], { type: 'text/html' });
  }

  /** One line per file naming it and its host (the real client writes the derived events). */
  async exportEvents(files: readonly EvidenceFile[], format: EventsFormat): Promise<Blob> {
    this.record('exportEvents', files, format);
    const lines = files.map((file) => `${format === 'bulk' ? '{"create":{"_index":"logs-fake-default"}}\n' : ''}${JSON.stringify({ log: { file: { path: file.path } }, host: { name: hostHintOf(file) } })}\n`);
    return new Blob(lines, { type: 'application/x-ndjson' });
  }

  async triage(scanId: string): Promise<TriageMap> {
    this.record('triage', scanId);
    return this.triageStore.forScan(scanId);
  }

  async setTriage(scanId: string, uuids: readonly string[], change: TriageChange): Promise<TriageMap> {
    this.record('setTriage', scanId, uuids, change);
    return this.triageStore.change(scanId, uuids, change, new Date().toISOString());
  }

  async exportCase(scanId: string, evidence: readonly EvidenceFile[]): Promise<Blob> {
    this.record('exportCase', scanId, evidence);
    const result = this.scans.get(scanId);
    if (!result) throw new Error(`no scan ${scanId}`);
    const alerts = await (await this.exportAlerts(scanId, 'ndjson')).text();
    const evidenceDigests = caseEvidenceOf(evidence, await digestBlobs(evidence.map(({ file }) => file)));
    return caseFileOf({ result, bytes: 0, alertsNdjson: alerts, rulesNdjson: '', rules: 0, triage: await this.triageStore.forScan(scanId), evidence: evidenceDigests, now: new Date() });
  }

  async readCase(file: Blob): Promise<CaseManifest> {
    this.record('readCase', file);
    return (await readCase(file)).manifest;
  }

  async checkCaseEvidence(manifest: CaseManifest, evidence: readonly EvidenceFile[]): Promise<EvidenceCheck> {
    this.record('checkCaseEvidence', manifest, evidence);
    return evidenceCheckOf(manifest, evidence, await digestBlobs(evidence.map(({ file }) => file)));
  }

  async importCase(file: Blob, evidence: readonly EvidenceFile[]): Promise<ScanResult> {
    this.record('importCase', file, evidence);
    const parts = await readCase(file);
    const refusal = evidenceRefusal(evidenceCheckOf(parts.manifest, evidence, await digestBlobs(evidence.map(({ file: blob }) => blob))));
    if (refusal !== undefined) throw new Error(refusal);
    const alerts = parts.alertsNdjson.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as AlertDocument);
    const { scan, triage } = savedScanOf(parts, alerts);
    await this.triageStore.replace(scan.id, triage);
    const result: ScanResult = { id: scan.id, label: scan.label, startedAt: scan.startedAt, finishedAt: scan.finishedAt, outcome: scan.outcome, alerts, stats: scan.stats, files: scan.files, saved: { ok: true } };
    this.scans.set(scan.id, result);
    return result;
  }

  async listRules(): Promise<readonly RuleSummary[]> {
    this.record('listRules');
    return this.rules;
  }

  async importRules(files: readonly EvidenceFile[]): Promise<RuleImportResult> {
    this.record('importRules', files);
    const added = files.filter(({ path }) => /\.(toml|ndjson|json)$/i.test(path));
    // A new array: the page keeps rules as `$state.raw`, and the same array again would not redraw.
    this.rules = this.rules.concat(added.map(({ path }): RuleSummary => ({ key: path, name: path, type: 'query', file: path, origin: 'imported', enabled: true, status: 'ok', errors: [], tactics: [] })));
    const problems = files.filter((file) => !added.includes(file)).map(({ path }) => ({ file: path, message: `'${path}' is not a rule file (expected .toml, .ndjson, .json)` }));
    return { added: added.length, problems };
  }

  async setRuleEnabled(key: string, enabled: boolean): Promise<void> {
    this.record('setRuleEnabled', key, enabled);
    this.rules = this.rules.map((rule) => (rule.key === key ? { ...rule, enabled } : rule));
  }

  async exportRules(): Promise<Blob> {
    this.record('exportRules');
    return new Blob([this.rules.map((rule) => JSON.stringify({ rule_id: rule.ruleId, name: rule.name })).join('\n')]);
  }

  async newTermsStats(): Promise<StateStats> {
    this.record('newTermsStats');
    return this.newTerms;
  }

  async newTermsRules(): Promise<readonly RuleState[]> {
    this.record('newTermsRules');
    return this.newTermsRuleStates;
  }

  async resetNewTermsRule(ruleId: string): Promise<boolean> {
    this.record('resetNewTermsRule', ruleId);
    const before = this.newTermsRuleStates.length;
    this.newTermsRuleStates = this.newTermsRuleStates.filter((rule) => rule.ruleId !== ruleId);
    return this.newTermsRuleStates.length < before;
  }

  async resetNewTerms(): Promise<void> {
    this.record('resetNewTerms');
    this.newTerms = { rules: 0, terms: 0, runs: 0, scans: 0, bytes: 0 };
  }

  async exportNewTerms(): Promise<Blob> {
    this.record('exportNewTerms');
    return new Blob([JSON.stringify({ format: 'loupe-new-terms-state', version: 1, rules: {}, scans: {} })], { type: 'application/json' });
  }

  async importNewTerms(file: Blob, mode: ImportMode): Promise<void> {
    this.record('importNewTerms', file, mode);
  }

  async listScans(): Promise<readonly PastScan[]> {
    this.record('listScans');
    return [...this.scans.values()].map((scan) => ({
      id: scan.id,
      label: scan.label,
      startedAt: scan.startedAt,
      finishedAt: scan.finishedAt,
      outcome: scan.outcome,
      files: scan.files.length,
      bytes: scan.files.reduce((sum, file) => sum + file.bytes, 0),
      events: scan.stats.events,
      alerts: scan.alerts.length,
    }));
  }

  async loadScan(id: string): Promise<ScanResult> {
    this.record('loadScan', id);
    const scan = this.scans.get(id);
    if (!scan) throw new Error(`no saved scan ${id}`);
    return scan;
  }

  async deleteScan(id: string): Promise<void> {
    this.record('deleteScan', id);
    this.scans.delete(id);
    await this.triageStore.deleteScan(id);
  }
}

const TACTICS = [
  { id: 'TA0006', name: 'Credential Access', reference: 'https://attack.mitre.org/tactics/TA0006/' },
  { id: 'TA0002', name: 'Execution', reference: 'https://attack.mitre.org/tactics/TA0002/' },
  { id: 'TA0003', name: 'Persistence', reference: 'https://attack.mitre.org/tactics/TA0003/' },
];
const SEVERITY_RISK = [
  ['critical', 99],
  ['high', 73],
  ['medium', 47],
  ['low', 21],
] as const;
const FAKE_RULES = ['Dumping of Keychain Content via Security Command', 'SystemKey Access via Command Line', 'Kerberos Cached Credentials Dumping', 'Access to Keychain Credentials Directories'];

/**
 * A deterministic alert shaped like the engine's (dotted `kibana.alert.*` keys, nested event
 * fields); `index` picks rule, severity, host and time.
 */
export function fakeAlert(index: number, overrides: Record<string, unknown> = {}): AlertDocument {
  const [severity, risk] = SEVERITY_RISK[index % SEVERITY_RISK.length]!;
  const tactic = TACTICS[index % TACTICS.length]!;
  const time = new Date(Date.UTC(2024, 4, 1) + index * 60_000).toISOString();
  const rule = FAKE_RULES[index % FAKE_RULES.length]!;
  return {
    '@timestamp': '2024-06-01T00:00:00.000Z',
    host: { name: `host-${index % 7}`, os: { family: 'macos' } },
    user: { name: `user-${index % 5}` },
    process: { name: 'security', pid: 1000 + index, entity_id: `proc-${index}`, parent: { entity_id: `proc-parent-${index % 3}`, name: 'zsh' }, args: ['security', 'dump-keychain', '-d'] },
    event: { category: ['process'], type: ['start'] },
    'kibana.alert.original_time': time,
    'kibana.alert.reason': `process event with process security, by user-${index % 5} on host-${index % 7} created ${severity} alert ${rule}.`,
    'kibana.alert.severity': severity,
    'kibana.alert.risk_score': risk,
    'kibana.alert.rule.name': rule,
    'kibana.alert.rule.rule_id': `rule-${index % FAKE_RULES.length}`,
    'kibana.alert.rule.description': `Detects **${rule}**.`,
    'kibana.alert.rule.note': '## Triage and analysis\n\n- Review the process command line.\n- Check the parent process.',
    'kibana.alert.rule.references': ['https://attack.mitre.org/techniques/T1555/001/'],
    'kibana.alert.rule.false_positives': ['Administrators backing up keychains.'],
    'kibana.alert.rule.threat': [{ framework: 'MITRE ATT&CK', tactic, technique: [{ id: 'T1555', name: 'Credentials from Password Stores', reference: 'https://attack.mitre.org/techniques/T1555/' }] }],
    'kibana.alert.uuid': `uuid-${index}`,
    ...overrides,
  };
}

export function fakeAlerts(count: number): AlertDocument[] {
  return Array.from({ length: count }, (_, index) => fakeAlert(index));
}

/** Scan stats of one rule: a clean run that saw nothing, with `fields` on top. */
export function fakeRuleStats(fields: Partial<RuleStats> & Pick<RuleStats, 'ruleId' | 'name'>): RuleStats {
  return {
    type: 'query',
    status: 'ok',
    eventsSeen: 0,
    eventsMatched: 0,
    eventsExcepted: 0,
    eventsWithoutTimestamp: 0,
    duplicateEvents: 0,
    alerts: 0,
    alertsOverLimit: 0,
    alertsInScheduleGaps: 0,
    executions: 0,
    millis: 0,
    messages: [],
    ...fields,
  };
}

/** What `?fake` shows in development: `alertCount` alerts, some rules, one broken rule file. */
export function demoScenario(alertCount = 2500): FakeScenario {
  const rules: RuleSummary[] = FAKE_RULES.map((name, index) => ({
    key: `rule-${index}`,
    ruleId: `rule-${index}`,
    name,
    type: index % 2 === 0 ? 'eql' : 'query',
    language: index % 2 === 0 ? 'eql' : 'kuery',
    severity: SEVERITY_RISK[index]![0],
    file: `rules/macos/rule-${index}.toml`,
    origin: 'bundled',
    enabled: true,
    status: 'ok',
    errors: [],
    tactics: ['Credential Access'],
  }));
  rules.push({ key: 'broken.toml:1', name: 'Broken rule', type: 'query', file: 'broken.toml', origin: 'imported', enabled: false, status: 'error', errors: [{ line: 12, column: 9, message: "expected ')' but found end of input" }], tactics: [] });
  const alerts = fakeAlerts(alertCount);
  return {
    rules,
    alerts,
    ruleStats: FAKE_RULES.map((name, index) => fakeRuleStats({ ruleId: `rule-${index}`, name, eventsSeen: 1000, eventsMatched: index === 3 ? 0 : 625, alerts: index === 3 ? 0 : 625, millis: 12 + index })),
    explanations: Object.fromEntries(alerts.map((alert) => [String(alert['kibana.alert.uuid']), { fields: ['process.name', 'process.args'], clauses: ['process.name : "security"', 'process.args : "dump-keychain"'] }])),
    processEvents: [0, 1, 2].map((index) => ({ process: { entity_id: `proc-parent-${index}`, name: 'zsh', pid: 500 + index, parent: { entity_id: 'proc-launchd', name: 'launchd', pid: 1 } } })),
    steps: 20,
    tickMs: 50,
  };
}
