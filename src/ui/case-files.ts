/**
 * Case files for the real client (the format: src/engine/case/): what goes into one from a
 * saved scan, and how one becomes a saved scan again once its evidence checks out.
 */
import { countByStatus, triageOf, type Triage } from '../engine/alerts/triage.ts';
import type { AlertDocument } from '../engine/alerts/types.ts';
import type { ScanStats } from '../engine/detect/contract.ts';
import { readCaseFile, writeCaseFile, type CaseParts } from '../engine/case/case-file.ts';
import { checkEvidence, type EvidenceCheck } from '../engine/case/evidence-check.ts';
import { CASE_FORMAT, CASE_VERSION, CaseFileError, type CaseEvidence, type CaseManifest } from '../engine/case/manifest.ts';
import type { FileSummary } from '../ingest/summary.ts';
import type { SavedScan, ScanSettings } from '../workers/saved-scan.ts';
import type { EvidenceFile, ScanResult } from './scan-client.ts';

/** What scan.json holds: the saved scan's account, not its alerts. */
interface CaseScan {
  readonly outcome: SavedScan['outcome'];
  readonly stats: ScanStats;
  readonly files: readonly FileSummary[];
  readonly bytes: number;
  /** How the scan was run (absent for scans saved before settings were recorded). */
  readonly settings?: ScanSettings;
}

export interface CaseSource {
  readonly result: ScanResult;
  readonly bytes: number;
  readonly alertsNdjson: string;
  readonly rulesNdjson: string;
  readonly rules: number;
  readonly newTermsState?: string;
  readonly triage: ReadonlyMap<string, Triage>;
  readonly settings?: ScanSettings;
  readonly evidence: readonly CaseEvidence[];
  readonly now: Date;
}

export function caseFileOf(source: CaseSource): Blob {
  const { result } = source;
  const uuids = result.alerts.map((alert) => String(alert['kibana.alert.uuid']));
  const manifest: CaseManifest = {
    format: CASE_FORMAT,
    version: CASE_VERSION,
    createdAt: source.now.toISOString(),
    scan: { id: result.id, label: result.label, startedAt: new Date(result.startedAt).toISOString(), finishedAt: new Date(result.finishedAt).toISOString() },
    evidence: source.evidence,
    counts: { alerts: result.alerts.length, rules: source.rules, ...countByStatus(uuids, source.triage) },
  };
  const scan: CaseScan = { outcome: result.outcome, stats: result.stats, files: result.files, bytes: source.bytes, ...(source.settings ? { settings: source.settings } : {}) };
  const parts: CaseParts = { manifest, scan, alertsNdjson: source.alertsNdjson, rulesNdjson: source.rulesNdjson, ...(source.newTermsState !== undefined ? { newTermsState: source.newTermsState } : {}) };
  return new Blob([writeCaseFile(parts) as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}

export function caseEvidenceOf(files: readonly EvidenceFile[], digests: readonly string[]): CaseEvidence[] {
  return files.map((file, index) => ({ path: file.path, size: file.file.size, sha256: digests[index]!, ...(file.host !== undefined ? { host: file.host } : {}) }));
}

export async function readCase(file: Blob): Promise<CaseParts> {
  return readCaseFile(new Uint8Array(await file.arrayBuffer()));
}

export function evidenceCheckOf(manifest: CaseManifest, files: readonly EvidenceFile[], digests: readonly string[]): EvidenceCheck {
  return checkEvidence(
    manifest.evidence,
    files.map((file, index) => ({ path: file.path, size: file.file.size, sha256: digests[index]! })),
  );
}

/** Why the evidence does not make the case, naming each file; undefined when it does. */
export function evidenceRefusal(check: EvidenceCheck): string | undefined {
  if (check.complete) return undefined;
  const problems = check.verdicts.flatMap((verdict) =>
    verdict.status === 'changed' ? [`${verdict.offered.path} is not the case's ${verdict.evidence.path} (its SHA-256 differs: the file changed)`] : verdict.status === 'missing' ? [`${verdict.evidence.path} is missing`] : [],
  );
  return `the evidence does not match the case: ${problems.join('; ')}`;
}

function isSettings(value: unknown): value is ScanSettings {
  if (value === null || typeof value !== 'object') return false;
  const settings = value as Record<string, unknown>;
  return typeof settings['useNewTermsState'] === 'boolean' && typeof settings['kibanaLimits'] === 'boolean' && typeof settings['now'] === 'number' && (settings['maxRatio'] === undefined || typeof settings['maxRatio'] === 'number');
}

/** Only the fields Loupe writes: a case file is hostile input. */
function cleanSettings({ useNewTermsState, kibanaLimits, now, maxRatio }: ScanSettings): ScanSettings {
  return { useNewTermsState, kibanaLimits, now, ...(maxRatio !== undefined ? { maxRatio } : {}) };
}

function isCaseScan(value: unknown): value is CaseScan {
  if (value === null || typeof value !== 'object') return false;
  const scan = value as Record<string, unknown>;
  const stats = scan['stats'] as Record<string, unknown> | null;
  return ['complete', 'cancelled', 'failed'].includes(String(scan['outcome'])) && typeof scan['bytes'] === 'number' && Array.isArray(scan['files']) && stats !== null && typeof stats === 'object' && Array.isArray(stats['rules']) && typeof stats['events'] === 'number';
}

/** The saved scan a case becomes, with its alerts' triage read back from their Kibana fields. */
export function savedScanOf(parts: CaseParts, alerts: readonly AlertDocument[]): { scan: SavedScan; triage: Map<string, Triage> } {
  if (!isCaseScan(parts.scan)) throw new CaseFileError('scan.json: not a scan account this Loupe wrote');
  const { manifest } = parts;
  const triage = new Map<string, Triage>();
  for (const alert of alerts) {
    const entry = triageOf(alert);
    if (entry !== undefined) triage.set(String(alert['kibana.alert.uuid']), entry);
  }
  const scan: SavedScan = {
    id: manifest.scan.id,
    label: manifest.scan.label,
    startedAt: Date.parse(manifest.scan.startedAt),
    finishedAt: Date.parse(manifest.scan.finishedAt),
    outcome: parts.scan.outcome,
    stats: parts.scan.stats,
    files: parts.scan.files,
    bytes: parts.scan.bytes,
    alerts: alerts.length,
    ...(isSettings(parts.scan.settings) ? { settings: cleanSettings(parts.scan.settings) } : {}),
  };
  return { scan, triage };
}
