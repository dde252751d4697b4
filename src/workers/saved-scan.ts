/**
 * Finished scans kept in IndexedDB so a reload loses no work: the summary (listed without
 * reading any alerts) in `scans`, the alerts (NDJSON chunks) and kept process events (NDJSON text)
 * in `scanData`, both written in one transaction. A quota failure is an error with a message that
 * says what to do, never a silent loss.
 */
import type { ScanStats } from '../engine/detect/contract.ts';
import type { FileSummary } from '../ingest/summary.ts';
import type { IDBPTransaction } from 'idb';
import type { LoupeDb, LoupeSchema } from './loupe-db.ts';
import type { NdjsonChunks } from './ndjson-chunks.ts';
import type { ScanRunResult } from './scan-run.ts';

/** How a scan was run, as the app asked for it (a case file carries it; `loupe scan` flags in brackets). */
export interface ScanSettings {
  /** Judged against the new-terms history kept in this browser (`--state`). */
  readonly useNewTermsState: boolean;
  /** Alerts past max_signals dropped rather than flagged (`--kibana-limits`). */
  readonly kibanaLimits: boolean;
  /** Alert creation time, epoch ms (`--now`). */
  readonly now: number;
  /** Decompression ratio limit (`--max-ratio`), when not the default. */
  readonly maxRatio?: number;
}

export interface SavedScan {
  readonly id: string;
  readonly label: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly outcome: 'complete' | 'cancelled' | 'failed';
  readonly error?: string;
  readonly stats: ScanStats;
  readonly files: readonly FileSummary[];
  readonly bytes: number;
  readonly alerts: number;
  /** Scans saved before this was recorded have none. */
  readonly settings?: ScanSettings;
}

export interface SavedScanData {
  /** NDJSON chunks (ndjson-chunks.ts); scans saved by earlier versions hold one string. */
  readonly alerts: NdjsonChunks | string;
  readonly processEvents: string;
}

/** Whether a scan was kept; a quota problem is reported here, never swallowed. */
export type SaveOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** What the page knows of a scan before it runs, recorded with it once it finishes. */
export interface ScanToKeep {
  readonly id: string;
  readonly label: string;
  readonly startedAt: number;
  /** Bytes of the evidence as given (archives compressed). */
  readonly bytes: number;
  readonly settings: ScanSettings;
}

/** A finished scan's record and whether it was saved. */
export interface KeptScan {
  readonly scan: SavedScan;
  readonly saved: SaveOutcome;
}

/** A finished run's record: the file problems and the new-terms error, if any, as its error. */
export function scanRecord({ settings, ...base }: ScanToKeep, run: Pick<ScanRunResult, 'files' | 'stats' | 'alertCount' | 'stateError'>, finishedAt: number): SavedScan {
  const problems = [...run.files.filter((file) => file.status !== 'scanned').map((file) => `${file.file}: ${file.reason ?? file.status}`), ...(run.stateError !== undefined ? [run.stateError] : [])];
  return { ...base, finishedAt, outcome: 'complete', ...(problems.length > 0 ? { error: problems.join('; ') } : {}), stats: run.stats, files: run.files, alerts: run.alertCount, settings };
}

/**
 * Records a finished run and saves it with its alerts. The scan worker calls this before it hands
 * the alerts to the page: IndexedDB clones a value when it is put, and a library scan's 100 MB of
 * alerts cloned on the page held it for half a second.
 */
export async function keepRun(db: LoupeDb | undefined, keep: ScanToKeep, run: ScanRunResult): Promise<KeptScan> {
  const scan = scanRecord(keep, run, Date.now());
  return { scan, saved: await new ScanArchive(db).keep(scan, { alerts: run.alertsNdjson, processEvents: new TextDecoder().decode(run.processNdjson) }) };
}

export class StorageQuotaError extends Error {
  override readonly name = 'StorageQuotaError';
}

/**
 * Without a database (the browser refused storage) nothing is kept: saving says so, and there
 * are no past scans.
 */
export class ScanArchive {
  constructor(private readonly db: LoupeDb | undefined) {}

  async save(scan: SavedScan, data: SavedScanData): Promise<void> {
    if (!this.db) throw new Error('this browser refused storage, so scans are not kept after the page closes');
    const requests: Promise<unknown>[] = [];
    // Every request gets a handler at once: an abort rejects them all, and only the first failure counts.
    const track = (request: Promise<unknown>) => {
      request.catch(() => undefined);
      requests.push(request);
    };
    let tx: IDBPTransaction<LoupeSchema, ('scans' | 'scanData')[], 'readwrite'> | undefined;
    try {
      tx = this.db.transaction(['scans', 'scanData'], 'readwrite');
      track(tx.done);
      track(tx.objectStore('scans').put(scan));
      track(tx.objectStore('scanData').put({ id: scan.id, ...data }));
      await Promise.all(requests);
    } catch (error) {
      // A request that throws (as a full disk can) must not leave the other half committed.
      try {
        tx?.abort();
      } catch {
        // Already finished or aborted by the failure itself.
      }
      throw storageError(error, 'the scan');
    }
  }

  /** `save`, with a failure as the outcome rather than thrown. */
  async keep(scan: SavedScan, data: SavedScanData): Promise<SaveOutcome> {
    try {
      await this.save(scan, data);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Newest first. */
  async list(): Promise<SavedScan[]> {
    if (!this.db) return [];
    const scans = await this.db.getAll('scans');
    return scans.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? -1 : 1));
  }

  async load(id: string): Promise<{ scan: SavedScan; data: SavedScanData } | undefined> {
    if (!this.db) return undefined;
    const tx = this.db.transaction(['scans', 'scanData'], 'readonly');
    const [scan, data] = await Promise.all([tx.objectStore('scans').get(id), tx.objectStore('scanData').get(id)]);
    if (!scan) return undefined;
    return { scan, data: { alerts: data?.alerts ?? '', processEvents: data?.processEvents ?? '' } };
  }

  async delete(id: string): Promise<void> {
    if (!this.db) return;
    const tx = this.db.transaction(['scans', 'scanData'], 'readwrite');
    await Promise.all([tx.objectStore('scans').delete(id), tx.objectStore('scanData').delete(id), tx.done]);
  }
}

export function isQuotaError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'QuotaExceededError';
}

/** A write failure as a message for the user; quota problems say how to make room. */
export function storageError(error: unknown, what: string): Error {
  if (isQuotaError(error)) {
    return new StorageQuotaError(`the browser refused to store ${what} (storage quota exceeded): delete past scans you no longer need, or free space for this site`, { cause: error });
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new Error(`IndexedDB could not store ${what} (${message})`, { cause: error });
}
