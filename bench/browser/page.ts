/**
 * The browser bench page (built by bench/browser.ts with Vite in production mode, like the app):
 * in one page, fflate alone gunzipping a file, and Loupe's real worker pool (scan-pool.ts: scan
 * worker, intake workers, seed rules built in) scanning the same file end to end.
 */
import { Gunzip, gzipSync, zipSync } from 'fflate';
import { DEFAULT_MAX_LINE_BYTES } from '../../src/ingest/lines.ts';
import { BUNDLED_RULES } from '../../src/workers/bundled-rules.ts';
import { selectLibrary } from '../../src/engine/rules/pack/catalogue.ts';
import type { RuleText } from '../../src/engine/rules/load.ts';
import { libraryFromSite } from '../../src/workers/library-pack.ts';
import { defaultReaders, scanReaders, startPooledScan } from '../../src/workers/scan-pool.ts';
import { warmUpScanPool } from '../../src/workers/warm-up.ts';
import type { NdjsonChunks } from '../../src/workers/ndjson-chunks.ts';

export interface FflateRun {
  readonly seconds: number;
  readonly bytes: number;
}

export interface LoupeRun {
  readonly seconds: number;
  readonly events: number;
  readonly alerts: number;
}

export interface BenchPage {
  load(url: string): Promise<number>;
  /** The reader count the app uses on this machine. */
  defaultReaders(): number;
  /** The reader count the app uses on this machine for a scan of the Elastic library (`library`) or of other rules. */
  scanReaders(library: boolean): number;
  /** Seconds the warm-up at load took, once done; undefined without one. */
  warmUpSeconds(): Promise<number | undefined>;
  fflate(url: string): Promise<FflateRun>;
  /**
   * fflate gunzipping `url` in `threads` workers at once (each the whole file): wall seconds. One
   * against two shows how much two busy threads can gain on this machine at best.
   */
  fflateThreads(url: string, threads: number): Promise<number>;
  /**
   * Loupe end to end on `url`; with `rulesUrl`, that rule file instead of the bundled seed rules,
   * or with 'library' Elastic's whole library as the app selects it (its runnable rules).
   */
  loupe(url: string, readers: number, now: string, rulesUrl?: string): Promise<LoupeRun>;
  /** SHA-256 (hex) of the last `loupe` run's alerts NDJSON (compared with the CLI's file). */
  alertsSha256(): Promise<string>;
  /** The naive baseline in the page: fflate gunzipping `url` and `JSON.parse` of every line. */
  naive(url: string): Promise<{ seconds: number; events: number }>;
  /**
   * A small scan of the same kind (first 4 MB of `ndjsonUrl` as gzip, zip or plain) with `readers`:
   * the app keeps its worker pool between scans, so this measures the steady state, as fflate alone
   * is measured warm in the same page.
   */
  warm(ndjsonUrl: string, kind: 'gzip' | 'zip' | 'plain', readers: number, now: string): Promise<number>;
}

const blobs = new Map<string, Blob>();
let lastAlerts: NdjsonChunks = [];

/** The library's runnable rules, as the app's pack chooser selects them with no filter, and the build's pack index. */
async function libraryRules(): Promise<{ rules: RuleText[]; packIndex?: string }> {
  const { catalogue, shards, packIndex } = await libraryFromSite()!();
  return { rules: selectLibrary(catalogue, shards, {}).texts, ...(packIndex !== undefined ? { packIndex } : {}) };
}
let warmedUp: Promise<number | undefined> = Promise.resolve(undefined);

function blobOf(url: string): Blob {
  const blob = blobs.get(url);
  if (!blob) throw new Error(`${url} not loaded`);
  return blob;
}

const page: BenchPage = {
  defaultReaders,
  scanReaders,
  warmUpSeconds: () => warmedUp,

  async load(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const blob = await response.blob();
    blobs.set(url, blob);
    return blob.size;
  },

  async fflate(url) {
    const started = performance.now();
    let bytes = 0;
    const gunzip = new Gunzip((data) => (bytes += data.length));
    const reader = blobOf(url).stream().getReader();
    for (let step = await reader.read(); !step.done; step = await reader.read()) gunzip.push(step.value);
    gunzip.push(new Uint8Array(0), true);
    return { seconds: (performance.now() - started) / 1000, bytes };
  },

  async fflateThreads(url, threads) {
    const workers = Array.from({ length: threads }, () => new Worker(new URL('./gunzip.worker.ts', import.meta.url), { type: 'module' }));
    try {
      // A first pass warms each worker's code, as the other measurements run warm.
      const run = () => Promise.all(workers.map((worker) => new Promise((resolve) => {
        worker.addEventListener('message', resolve, { once: true });
        worker.postMessage(blobOf(url));
      })));
      await run();
      const started = performance.now();
      await run();
      return (performance.now() - started) / 1000;
    } finally {
      for (const worker of workers) worker.terminate();
    }
  },

  async warm(ndjsonUrl, kind, readers, now) {
    const head = new Uint8Array(await blobOf(ndjsonUrl).slice(0, 4 * 1024 * 1024).arrayBuffer());
    const lines = head.subarray(0, head.lastIndexOf(10) + 1);
    const half = lines.subarray(0, lines.indexOf(10, lines.length >> 1) + 1);
    const bytes = kind === 'gzip' ? gzipSync(lines, { level: 6 }) : kind === 'zip' ? zipSync({ 'a.ndjson': half, 'b.ndjson': lines.subarray(half.length) }) : lines;
    const name = `warm-up.${kind === 'gzip' ? 'ndjson.gz' : kind === 'zip' ? 'zip' : 'ndjson'}`;
    blobs.set(name, new Blob([bytes]));
    return (await page.loupe(name, readers, now)).seconds;
  },

  async naive(url) {
    const started = performance.now();
    let events = 0;
    let rest = '';
    const decoder = new TextDecoder();
    const gunzip = new Gunzip((data, final) => {
      const lines = (rest + decoder.decode(data, { stream: !final })).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line !== '') events += JSON.parse(line) === undefined ? 0 : 1;
      if (final && rest !== '') events += JSON.parse(rest) === undefined ? 0 : 1;
    });
    const reader = blobOf(url).stream().getReader();
    for (let step = await reader.read(); !step.done; step = await reader.read()) gunzip.push(step.value);
    gunzip.push(new Uint8Array(0), true);
    return { seconds: (performance.now() - started) / 1000, events };
  },

  async loupe(url, readers, now, rulesUrl) {
    const { rules, packIndex } = rulesUrl === undefined ? { rules: BUNDLED_RULES } : rulesUrl === 'library' ? await libraryRules() : { rules: [{ file: rulesUrl.split('/').at(-1) ?? rulesUrl, text: await (await fetch(rulesUrl)).text() }] };
    const started = performance.now();
    const scan = startPooledScan(
      {
        files: [{ name: url.split('/').at(-1) ?? url, blob: blobOf(url) }],
        plan: { rules, disabled: [], now: Date.parse(now), scanId: 'bench', ignoreIndex: false, kibanaLimits: false, maxLineBytes: DEFAULT_MAX_LINE_BYTES, keepProcessEvents: true, ...(packIndex !== undefined ? { packIndex } : {}) },
        useNewTermsState: false,
      },
      readers,
      () => undefined,
    );
    const result = await scan.result;
    const seconds = (performance.now() - started) / 1000;
    lastAlerts = result.alertsNdjson;
    return { seconds, events: result.stats.events, alerts: result.alertCount };
  },

  async alertsSha256() {
    const digest = await crypto.subtle.digest('SHA-256', await new Blob([...lastAlerts]).arrayBuffer());
    return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  },
};

(globalThis as unknown as { loupeBench: BenchPage }).loupeBench = page;
document.getElementById('state')!.textContent = 'ready';
// As the app does once loaded (session.svelte.ts init): the pool started and warmed before the first drop.
const warmUpStarted = performance.now();
warmedUp = new URLSearchParams(location.search).has('no-warm-up') ? Promise.resolve(undefined) : warmUpScanPool(BUNDLED_RULES, defaultReaders()).then(() => (performance.now() - warmUpStarted) / 1000);
