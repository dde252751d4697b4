/**
 * The page's side of a scan (Squoosh-style): start a scan worker and, for more than one reader,
 * a pool of intake workers wired to it by MessageChannels, so candidate events go worker to
 * worker and never through the page. Each reader also gets an inflate worker of its own, wired
 * the same way, which inflates gzip while the reader scans lines (a gzip stream cannot be split
 * across readers, but its two halves of work can run on two cores). Cancel terminates them all: nothing half-done survives,
 * and the new-terms history is untouched because it is committed only at the end.
 */
import * as Comlink from 'comlink';
import type { IntakeWorkerApi } from './intake.worker.ts';
import type { ScanWorkerApi, ScanWorkerRequest } from './scan.worker.ts';
import type { ScanRunProgress, ScanRunResult } from './scan-run.ts';

/** More readers than this rarely helps: the detector and decompression become the limit. */
export const MAX_READERS = 4;

export function defaultReaders(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  return Math.min(MAX_READERS, Math.max(1, cores ?? 2));
}

export class ScanCancelledError extends Error {
  override readonly name = 'ScanCancelledError';
  constructor() {
    super('scan cancelled');
  }
}

export interface PooledScan {
  readonly result: Promise<ScanRunResult>;
  cancel(): void;
}

export function startPooledScan(request: Omit<ScanWorkerRequest, 'readerPorts' | 'inflatePort'>, readers: number, onProgress: (progress: ScanRunProgress) => void): PooledScan {
  const workers: Worker[] = [];
  const scanWorker = new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module', name: 'loupe-scan' });
  workers.push(scanWorker);
  /** A new inflate worker; the returned port leads to it. */
  const inflater = (name: string): MessagePort => {
    const worker = new Worker(new URL('./inflate.worker.ts', import.meta.url), { type: 'module', name });
    workers.push(worker);
    const channel = new MessageChannel();
    worker.postMessage(channel.port2, [channel.port2]);
    return channel.port1;
  };
  const ports: MessagePort[] = [];
  // One reader reads in the scan worker itself: no pool worker, no channel.
  for (let i = 0; readers > 1 && i < readers; i++) {
    const worker = new Worker(new URL('./intake.worker.ts', import.meta.url), { type: 'module', name: `loupe-intake-${i + 1}` });
    workers.push(worker);
    const channel = new MessageChannel();
    const inflate = inflater(`loupe-inflate-${i + 1}`);
    void Comlink.wrap<IntakeWorkerApi>(worker).connect(Comlink.transfer(channel.port2, [channel.port2]), Comlink.transfer(inflate, [inflate]));
    ports.push(channel.port1);
  }
  const inflatePort = readers > 1 ? undefined : inflater('loupe-inflate');

  let cancel!: () => void;
  const cancelled = new Promise<never>((_, reject) => (cancel = () => reject(new ScanCancelledError())));
  const crashed = new Promise<never>((_, reject) => {
    for (const worker of workers) worker.addEventListener('error', (event) => reject(new Error(`a scan worker failed: ${event.message || 'unknown error (could the worker script not be loaded?)'}`)));
  });
  const api = Comlink.wrap<ScanWorkerApi>(scanWorker);
  const transferred = inflatePort ? [...ports, inflatePort] : ports;
  const running = api.start(Comlink.transfer({ ...request, readerPorts: ports, ...(inflatePort ? { inflatePort } : {}) }, transferred), Comlink.proxy(onProgress));
  const result = Promise.race([running, cancelled, crashed]).finally(() => {
    for (const worker of workers) worker.terminate();
  });
  return { result, cancel };
}
