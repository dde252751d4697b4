/**
 * The page's side of a scan (Squoosh-style): a scan worker and, for more than one reader, a pool
 * of intake workers wired to it by MessageChannels, so candidate events go worker to worker and
 * never through the page. Each reader also gets an inflate worker of its own, wired the same way,
 * which inflates gzip while the reader scans lines (a gzip stream cannot be split across readers,
 * but its two halves of work can run on two cores).
 *
 * A pool that finished a scan is kept for the next one: starting five workers, loading their code
 * and warming it up costs a few hundred milliseconds, a tenth of a 300 MB scan. Cancel, or a
 * worker failing, terminates the whole pool: nothing half-done survives, and the new-terms history
 * is untouched because it is committed only at the end.
 */
import * as Comlink from 'comlink';
import type { EventsFormat } from '../ingest/derived-events.ts';
import type { IntakeWorkerApi } from './intake.worker.ts';
import type { ScanWorkerApi, ScanWorkerRequest, ScanWorkerResult } from './scan.worker.ts';
import { readerCount, type ScanFile, type ScanRunProgress } from './scan-run.ts';

const cores = () => (typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined);

export function defaultReaders(): number {
  return readerCount(cores());
}

/** Readers for a scan of the Elastic library (`library`: its plan carries the pack index) or of other rules, on this host. */
export function scanReaders(library: boolean): number {
  return readerCount(cores(), library);
}

export class ScanCancelledError extends Error {
  override readonly name = 'ScanCancelledError';
  constructor() {
    super('scan cancelled');
  }
}

export interface PooledScan {
  readonly result: Promise<ScanWorkerResult>;
  cancel(): void;
}

/** The workers of one pool, wired together; runs one scan at a time. */
class WorkerPool {
  readonly #workers: Worker[] = [];
  readonly #api: Comlink.Remote<ScanWorkerApi>;
  /** Rejects the running scan when any worker of the pool fails. */
  #onCrash: ((error: Error) => void) | undefined;
  terminated = false;

  constructor(readonly readers: number) {
    const scanWorker = this.#start(new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module', name: 'loupe-scan' }));
    const readerPorts: MessagePort[] = [];
    // One reader reads in the scan worker itself: no pool worker, no channel.
    for (let i = 0; readers > 1 && i < readers; i++) {
      const worker = this.#start(new Worker(new URL('./intake.worker.ts', import.meta.url), { type: 'module', name: `loupe-intake-${i + 1}` }));
      const channel = new MessageChannel();
      const inflate = this.#inflater(`loupe-inflate-${i + 1}`);
      void Comlink.wrap<IntakeWorkerApi>(worker).connect(Comlink.transfer(channel.port2, [channel.port2]), Comlink.transfer(inflate, [inflate]));
      readerPorts.push(channel.port1);
    }
    const inflatePort = readers > 1 ? undefined : this.#inflater('loupe-inflate');
    this.#api = Comlink.wrap<ScanWorkerApi>(scanWorker);
    const ports = inflatePort ? [...readerPorts, inflatePort] : readerPorts;
    void this.#api.connect(Comlink.transfer({ readerPorts, ...(inflatePort ? { inflatePort } : {}) }, ports));
  }

  run(request: ScanWorkerRequest, onProgress: (progress: ScanRunProgress) => void): Promise<ScanWorkerResult> {
    return this.#unlessCrashed(this.#api.start(request, Comlink.proxy(onProgress)));
  }

  events(files: readonly ScanFile[], format: EventsFormat): Promise<Blob> {
    return this.#unlessCrashed(this.#api.exportEvents(files, format));
  }

  digest(files: readonly Blob[]): Promise<string[]> {
    return this.#unlessCrashed(this.#api.digest(files));
  }

  #unlessCrashed<T>(work: Promise<T>): Promise<T> {
    const crashed = new Promise<never>((_, reject) => (this.#onCrash = reject));
    return Promise.race([work, crashed]).finally(() => (this.#onCrash = undefined));
  }

  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    for (const worker of this.#workers) worker.terminate();
    this.#api[Comlink.releaseProxy]();
  }

  #start(worker: Worker): Worker {
    this.#workers.push(worker);
    worker.addEventListener('error', (event) => {
      this.#onCrash?.(new Error(`a scan worker failed: ${event.message || 'unknown error (could the worker script not be loaded?)'}`));
      this.terminate();
    });
    return worker;
  }

  /** A new inflate worker; the returned port leads to it. */
  #inflater(name: string): MessagePort {
    const worker = this.#start(new Worker(new URL('./inflate.worker.ts', import.meta.url), { type: 'module', name }));
    const channel = new MessageChannel();
    worker.postMessage(channel.port2, [channel.port2]);
    return channel.port1;
  }
}

/** The pool kept from the last finished scan, if any. */
let idle: WorkerPool | undefined;
/** A warm-up scan under way (warm-up.ts): work asked for meanwhile waits for its pool. */
let warming: Promise<void> | undefined;
/** Pools running work now. */
let running = 0;

/**
 * Runs `request` (a warm-up scan) on a new pool that is then kept for the next scan; nothing when
 * a pool is kept, busy or warming already. Its result is dropped, and so is a failure.
 */
export function warmPool(request: ScanWorkerRequest, readers: number): Promise<void> {
  if (idle !== undefined || warming !== undefined || running > 0) return warming ?? Promise.resolve();
  const done = withPool(readers, (pool) => pool.run(request, () => undefined)).then(
    () => undefined,
    () => undefined,
  );
  warming = done.finally(() => (warming = undefined));
  return warming;
}

export function startPooledScan(request: ScanWorkerRequest, readers: number, onProgress: (progress: ScanRunProgress) => void): PooledScan {
  let cancel!: () => void;
  const cancelled = new Promise<never>((_, reject) => (cancel = () => reject(new ScanCancelledError())));
  return { result: withPool(readers, (pool) => Promise.race([pool.run(request, onProgress), cancelled])), cancel };
}

/** The files' derived ECS events (the app's "Export events"), read by a pool's readers as a scan reads them. */
export function pooledEventsExport(files: readonly ScanFile[], format: EventsFormat, readers: number): Promise<Blob> {
  return withPool(readers, (pool) => pool.events(files, format));
}

/** SHA-256 of each file, hashed in the pool's scan worker (the page stays responsive). */
export function pooledDigest(files: readonly Blob[], readers: number): Promise<string[]> {
  return withPool(readers, (pool) => pool.digest(files));
}

/** Runs `work` on the kept pool (or a new one), keeping the pool when it succeeds and ending it when not. */
function withPool<T>(readers: number, work: (pool: WorkerPool) => Promise<T>): Promise<T> {
  if (warming !== undefined) return warming.then(() => withPool(readers, work));
  let pool = idle;
  idle = undefined;
  if (pool === undefined || pool.readers !== readers || pool.terminated) {
    pool?.terminate();
    pool = new WorkerPool(readers);
  }
  const used = pool;
  running++;
  return work(used)
    .then(
      (done) => {
        // Kept for the next scan; a pool already kept (scans started side by side) makes room.
        if (idle !== undefined) idle.terminate();
        idle = used;
        return done;
      },
      (error: unknown) => {
        used.terminate();
        throw error;
      },
    )
    .finally(() => running--);
}
