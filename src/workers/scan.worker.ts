/**
 * The scan worker: `connect` once with the ports of its readers (pool workers) or, reading itself,
 * of its inflate worker; then `start` runs one scan at a time (intake → candidate filter → detector
 * with the IndexedDB new-terms store), saves the finished scan when asked (here, not on the page:
 * see keepRun) and returns the alerts as NDJSON chunks (transferred).
 * The page keeps a finished pool for the next scan (scan-pool.ts); cancel = the page terminates
 * this worker and the pool.
 */
import * as Comlink from 'comlink';
import { createIntakeApi } from './intake-api.ts';
import { remoteDeflate, type InflatePort } from '../ingest/containers/inflate-service.ts';
import type { EventsFormat } from '../ingest/derived-events.ts';
import { eventsBlob } from './events-export.ts';
import { digestBlobs } from './file-digest.ts';
import { localReader, remoteReader } from './readers.ts';
import { runScan, type IntakeReader, type ScanFile, type ScanRunProgress, type ScanRunResult } from './scan-run.ts';
import type { ScanPlan } from './scan-plan.ts';
import { openIdbStateStore } from './state-idb.ts';
import { openLoupeDb } from './loupe-db.ts';
import { keepRun, type KeptScan, type ScanToKeep } from './saved-scan.ts';

export interface ScanWorkerConnection {
  /** One port per pool worker; empty to read in this worker. */
  readonly readerPorts: readonly MessagePort[];
  /** When this worker reads: the port of its inflate worker (gzip); without it, it inflates itself. */
  readonly inflatePort?: MessagePort;
}

export interface ScanWorkerRequest {
  readonly files: readonly ScanFile[];
  readonly plan: ScanPlan;
  /** Judge new_terms against IndexedDB history and commit this scan's terms to it. */
  readonly useNewTermsState: boolean;
  /** Save the finished scan (summary and alerts) in IndexedDB before returning it. */
  readonly keep?: ScanToKeep;
}

export interface ScanWorkerResult extends ScanRunResult {
  /** With `keep`: the saved record and whether saving worked. */
  readonly kept?: KeptScan;
}

export interface ScanWorkerApi {
  connect(connection: ScanWorkerConnection): void;
  start(request: ScanWorkerRequest, onProgress: (progress: ScanRunProgress) => void): Promise<ScanWorkerResult>;
  /** The files' derived ECS events (`loupe events`), read by this worker's readers: between scans only. */
  exportEvents(files: readonly ScanFile[], format: EventsFormat): Promise<Blob>;
  /** SHA-256 of each file (a case file's evidence digests), streamed: between scans only. */
  digest(files: readonly Blob[]): Promise<string[]>;
}

let readers: readonly IntakeReader[] | undefined;

const api: ScanWorkerApi = {
  connect({ readerPorts, inflatePort }) {
    if (readers) throw new Error('scan worker: already connected');
    const inflate = inflatePort ? { decompressors: { gzip: remoteDeflate(inflatePort as unknown as InflatePort) } } : {};
    readers = readerPorts.length === 0 ? [localReader(createIntakeApi(inflate))] : readerPorts.map(remoteReader);
  },

  async start(request, onProgress) {
    if (!readers) throw new Error('scan worker: start before connect');
    const store = request.useNewTermsState ? await openIdbStateStore() : undefined;
    try {
      const run = await runScan(request.files, request.plan, readers, { ...(store ? { store } : {}), onProgress });
      const result: ScanWorkerResult = request.keep ? { ...run, kept: await keepInDb(request.keep, run) } : run;
      return Comlink.transfer(result, [...result.alertsNdjson.map((chunk) => chunk.buffer), result.processNdjson.buffer]);
    } finally {
      await store?.close();
      // The callback's channel would otherwise stay open for as long as the pool is kept.
      (onProgress as unknown as Comlink.Remote<unknown>)[Comlink.releaseProxy]();
    }
  },

  exportEvents(files, format) {
    if (!readers) throw new Error('scan worker: exportEvents before connect');
    return eventsBlob(files, format, readers);
  },

  digest(files) {
    return digestBlobs(files);
  },
};

async function keepInDb(keep: ScanToKeep, run: ScanRunResult): Promise<KeptScan> {
  const db = await openLoupeDb().catch(() => undefined);
  try {
    return await keepRun(db, keep, run);
  } finally {
    db?.close();
  }
}

Comlink.expose(api);
