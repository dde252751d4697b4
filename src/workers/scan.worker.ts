/**
 * The scan worker: ONE Comlink API, `start`, which runs a whole scan (intake → candidate filter →
 * detector with the IndexedDB new-terms store) and returns the alerts as one NDJSON buffer
 * (transferred). Reading is spread over the pool workers whose ports come with the request; with
 * none, this worker reads too. Cancel = the page terminates this worker and the pool.
 */
import * as Comlink from 'comlink';
import { createIntakeApi } from './intake-api.ts';
import { remoteDeflate, type InflatePort } from '../ingest/containers/inflate-service.ts';
import { localReader, remoteReader } from './readers.ts';
import { runScan, type ScanFile, type ScanRunProgress, type ScanRunResult } from './scan-run.ts';
import type { ScanPlan } from './scan-plan.ts';
import { openIdbStateStore } from './state-idb.ts';

export interface ScanWorkerRequest {
  readonly files: readonly ScanFile[];
  readonly plan: ScanPlan;
  /** One port per pool worker; empty to read in this worker. */
  readonly readerPorts: readonly MessagePort[];
  /** When this worker reads: the port of its inflate worker (gzip); without it, it inflates itself. */
  readonly inflatePort?: MessagePort;
  /** Judge new_terms against IndexedDB history and commit this scan's terms to it. */
  readonly useNewTermsState: boolean;
}

export interface ScanWorkerApi {
  start(request: ScanWorkerRequest, onProgress: (progress: ScanRunProgress) => void): Promise<ScanRunResult>;
}

const api: ScanWorkerApi = {
  async start(request, onProgress) {
    const readers = request.readerPorts.length === 0 ? [localReader(createIntakeApi(request.inflatePort ? { decompressors: { gzip: remoteDeflate(request.inflatePort as unknown as InflatePort) } } : {}))] : request.readerPorts.map(remoteReader);
    const store = request.useNewTermsState ? await openIdbStateStore() : undefined;
    try {
      const result = await runScan(request.files, request.plan, readers, { ...(store ? { store } : {}), onProgress });
      return Comlink.transfer(result, [result.alertsNdjson.buffer, result.processNdjson.buffer]);
    } finally {
      await store?.close();
    }
  },
};
Comlink.expose(api);
