/**
 * The browser half of `npm run bench`: headless Chromium (Debian's, through playwright-core) on a
 * production build of the bench page (bench/browser/, the app's worker pool and seed rules,
 * built by Vite like the app) served from 127.0.0.1 by a small static server. In the same page:
 * fflate alone gunzipping the bench `.ndjson.gz`, Loupe end to end on that file, the multi-member
 * zip and the plain `.ndjson`, each with 1 and 2 readers.
 *
 *   CHROME_PATH=/path/to/chromium npm run bench     # default /usr/bin/chromium
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { packIndexPlugin } from '../scripts/vite-pack-index.ts';
import type { BenchFiles } from './data/files.ts';
import type { BenchPage, FflateRun, LoupeRun } from './browser/page.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const PAGE_DIR = join(ROOT, 'bench/browser');
export const SITE_DIR = join(ROOT, '.bench-data/browser-site');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.gz': 'application/gzip', '.zip': 'application/zip' };

export interface BrowserFigures {
  readonly fflate: FflateRun;
  /** Loupe on the .ndjson.gz, by reader count. */
  readonly gzip: Readonly<Record<number, LoupeRun>>;
  /** Loupe on the multi-member zip, by reader count. */
  readonly zip: Readonly<Record<number, LoupeRun>>;
  /** Loupe on the plain .ndjson (cut into a part per reader), by reader count. */
  readonly plain: Readonly<Record<number, LoupeRun>>;
  /** Wall seconds of fflate gunzipping the .ndjson.gz in 1 and in 2 workers at once (each the whole file). */
  readonly threads: Readonly<Record<number, number>>;
  /** Loupe with the public rule corpus on `corpus.url` (1 reader, warm), when a corpus was given. */
  readonly corpus?: LoupeRun;
  /** Loupe on the multi-member gzip (2+ GB of NDJSON), with the RSS of all Chromium processes sampled. */
  readonly memory: { readonly run: LoupeRun; readonly baselineMiB: number; readonly peakMiB: number; readonly bytes: number };
  readonly userAgent: string;
}

/** Resident memory of every Chromium process on the machine, MiB (Linux `ps`). */
function chromiumRssMiB(): number {
  const table = execFileSync('ps', ['-eo', 'rss=,comm='], { encoding: 'utf8' });
  let kib = 0;
  for (const row of table.split('\n')) {
    const [rss, command] = row.trim().split(/\s+/, 2);
    if (command !== undefined && /^(chromium|chrome)/.test(command)) kib += Number(rss);
  }
  return kib / 1024;
}

/** The public rule corpus and the (small) bench file to run it over in the page. */
export interface CorpusBench {
  readonly rules: string;
  readonly gzip: string;
}

/** The bench page, built by Vite in production mode as the app is (unminified for a readable profile). */
export async function buildBenchPage(log: (text: string) => void, minify = true): Promise<void> {
  const started = performance.now();
  await build({
    configFile: false,
    root: PAGE_DIR,
    base: './',
    logLevel: 'warn',
    mode: 'production',
    plugins: [packIndexPlugin()],
    build: { outDir: SITE_DIR, emptyOutDir: true, target: 'es2022', sourcemap: false, minify },
    worker: { format: 'es' },
  });
  log(`built the bench page (production) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export const launch = (args: readonly string[] = []) => chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...args] });

/** A new page on the bench site, its script loaded and ready. */
export async function openBenchPage(browser: Browser, origin: string, log: (text: string) => void, query = ''): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  await page.goto(`${origin}/index.html${query}`);
  await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
  return page;
}

export async function browserBench(files: BenchFiles, multiMember: string, corpus: CorpusBench | undefined, runs: number, now: string, log: (text: string) => void): Promise<BrowserFigures> {
  await buildBenchPage(log);
  const server = await serve({ '/': SITE_DIR, '/data/': join(ROOT, '.bench-data'), ...(corpus ? { '/corpus/': dirname(corpus.rules) } : {}) });
  const browser = await launch();
  try {
    const page = await openBenchPage(browser, server.origin, log);
    const gz = `/data/${files.gzip.split('/').at(-1)}`;
    const zip = `/data/${files.zip.split('/').at(-1)}`;
    const plain = `/data/${files.ndjson.split('/').at(-1)}`;
    for (const url of [gz, zip, plain]) await call(page, 'load', url);
    // Alternate the measurements so a burst of load on the shared machine hits them alike.
    let fflate: FflateRun | undefined;
    const gzip: Record<number, LoupeRun> = {};
    const zipRuns: Record<number, LoupeRun> = {};
    const plainRuns: Record<number, LoupeRun> = {};
    // The app keeps its worker pool between scans: each Loupe run follows a small warm-up scan of the
    // same kind with the same pool, as fflate alone runs warm in the same page.
    const loupe = async (url: string, kind: 'gzip' | 'zip' | 'plain', readers: number) => {
      await call(page, 'warm', plain, kind, readers, now);
      return call(page, 'loupe', url, readers, now);
    };
    for (let run = 0; run < runs; run++) {
      fflate = best(fflate, await call(page, 'fflate', gz));
      for (const readers of [1, 2]) gzip[readers] = best(gzip[readers], await loupe(gz, 'gzip', readers));
      fflate = best(fflate, await call(page, 'fflate', gz));
      for (const readers of [1, 2]) zipRuns[readers] = best(zipRuns[readers], await loupe(zip, 'zip', readers));
      for (const readers of [1, 2]) plainRuns[readers] = best(plainRuns[readers], await loupe(plain, 'plain', readers));
    }
    const threads: Record<number, number> = {};
    for (let run = 0; run < runs; run++) for (const count of [1, 2]) threads[count] = Math.min(threads[count] ?? Infinity, await call(page, 'fflateThreads', gz, count));
    // Memory: the multi-member gzip is loaded into the page first (the baseline holds it), then scanned.
    const big = `/data/${multiMember.split('/').at(-1)}`;
    const bytes = await call(page, 'load', big);
    await call(page, 'warm', plain, 'gzip', 1, now);
    const baselineMiB = chromiumRssMiB();
    let peakMiB = baselineMiB;
    const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, chromiumRssMiB())), 250);
    const memoryRun = await call(page, 'loupe', big, 1, now).finally(() => clearInterval(sampler));
    peakMiB = Math.max(peakMiB, chromiumRssMiB());
    // After the memory run, so the corpus's compiled rules are not in its figures.
    let corpusRun: LoupeRun | undefined;
    if (corpus) {
      const url = `/data/${corpus.gzip.split('/').at(-1)}`;
      const rulesUrl = `/corpus/${corpus.rules.split('/').at(-1)}`;
      await call(page, 'load', url);
      for (let run = 0; run < runs; run++) corpusRun = best(corpusRun, await call(page, 'loupe', url, 1, now, rulesUrl));
    }
    return { fflate: fflate!, gzip, zip: zipRuns, plain: plainRuns, threads, ...(corpusRun ? { corpus: corpusRun } : {}), memory: { run: memoryRun, baselineMiB, peakMiB, bytes }, userAgent: await page.evaluate(() => navigator.userAgent) };
  } finally {
    await browser.close();
    await server.close();
  }
}

export interface ColdRun {
  /** Whether the page warmed its pool once loaded, as the app does (warm-up.ts), or not (`?no-warm-up`). */
  readonly warmUp: boolean;
  /** Wall seconds of the warm-up, from the page's start to the pool ready. */
  readonly warmUpSeconds?: number;
  /** fflate alone gunzipping the file in the page, after the scans. */
  readonly fflate: FflateRun;
  /** The first scan of a fresh page: the file handed over (the drop) to the scan's result. */
  readonly cold: LoupeRun;
  /** The next scan of the same file in the same page (the pool kept). */
  readonly warm: LoupeRun;
  /** CPU seconds of every Chromium process during the cold scan, the warm scan and fflate. */
  readonly cpu: { readonly cold: number; readonly warm: number; readonly fflate: number };
}

/**
 * A responder's first drop: for each run, a fresh browser (no cached code, no warm pool) opens the
 * bench page, gets the file, and scans it at once with the seed rules and the app's default reader
 * count, the pool's start and the rules' compilation included (with the app's warm-up once loaded,
 * still under way at the drop, and without it); then scans it again in the same page and gunzips it
 * with fflate alone there.
 */
export async function coldPageBench(gzip: string, runs: number, now: string, log: (text: string) => void): Promise<ColdRun[]> {
  await buildBenchPage(log);
  const server = await serve({ '/': SITE_DIR, '/data/': dirname(gzip) });
  const url = `/data/${gzip.split('/').at(-1)}`;
  const figures: ColdRun[] = [];
  try {
    for (let run = 0; run < runs * 2; run++) {
      const warmUp = run % 2 === 0;
      const browser = await launch();
      try {
        const page = await openBenchPage(browser, server.origin, log, warmUp ? '' : '?no-warm-up');
        await call(page, 'load', url);
        const readers = await call(page, 'defaultReaders');
        const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
          const before = chromiumCpuSeconds();
          const result = await work();
          return [result, chromiumCpuSeconds() - before];
        };
        const [cold, coldCpu] = await timed(() => call(page, 'loupe', url, readers, now));
        const [warm, warmCpu] = await timed(() => call(page, 'loupe', url, readers, now));
        const [fflate, fflateCpu] = await timed(() => call(page, 'fflate', url));
        const warmUpSeconds = await call(page, 'warmUpSeconds');
        figures.push({ ...(warmUpSeconds !== undefined ? { warmUpSeconds } : {}), warmUp, fflate, cold, warm, cpu: { cold: coldCpu, warm: warmCpu, fflate: fflateCpu } });
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  return figures;
}

/** CPU seconds (user + system) used so far by the Chromium processes this bench started (Linux /proc; other helpers' browsers left out). */
function chromiumCpuSeconds(): number {
  const ticks = 100;
  const processes = new Map<number, { parent: number; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the command (in parentheses, which may hold spaces): state, parent, ..., utime (12th), stime (13th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(Number(entry), { parent: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / ticks });
    } catch {
      // The process ended meanwhile.
    }
  }
  let total = 0;
  for (const [pid, { seconds }] of processes) {
    if (pid === process.pid) continue;
    for (let up = processes.get(pid)?.parent; up !== undefined && up > 1; up = processes.get(up)?.parent) {
      if (up !== process.pid) continue;
      total += seconds;
      break;
    }
  }
  return total;
}

/** One Loupe run of the library bench: the scan, and CPU seconds of every Chromium process during it. */
export interface LibraryRun {
  readonly readers: number;
  readonly loupe: LoupeRun;
  readonly cpuSeconds: number;
  readonly alertsSha256: string;
}

/**
 * Elastic's whole library in the page (issue 14: ≥ 0.3x the naive rate in the browser): the naive
 * baseline (fflate + JSON.parse of every line) and Loupe with the library's runnable rules on the
 * same .ndjson.gz, with each reader count in `readerCounts`, each in a fresh page (a first scan:
 * the pool's start and rule loading included).
 */
export async function libraryBrowserBench(gzip: string, now: string, readerCounts: readonly number[], log: (text: string) => void): Promise<{ naive: { seconds: number; events: number }; runs: LibraryRun[]; appReaders: number }> {
  await buildBenchPage(log);
  const server = await serve({ '/': SITE_DIR, '/data/': dirname(gzip) });
  const url = `/data/${gzip.split('/').at(-1)}`;
  const browser = await launch();
  try {
    let naive: { seconds: number; events: number } | undefined;
    let appReaders = 0;
    const runs: LibraryRun[] = [];
    for (const readers of readerCounts) {
      const page = await openBenchPage(browser, server.origin, log, '?no-warm-up');
      await call(page, 'load', url);
      appReaders = await call(page, 'scanReaders', true);
      naive = best(naive, await call(page, 'naive', url));
      const before = chromiumCpuSeconds();
      const loupe = await call(page, 'loupe', url, readers, now, 'library');
      const cpuSeconds = chromiumCpuSeconds() - before;
      runs.push({ readers, loupe, cpuSeconds, alertsSha256: await call(page, 'alertsSha256') });
      await page.close();
    }
    return { naive: naive!, runs, appReaders };
  } finally {
    await browser.close();
    await server.close();
  }
}

function best<T extends { readonly seconds: number }>(current: T | undefined, next: T): T {
  return current === undefined || next.seconds < current.seconds ? next : current;
}

type Method = keyof BenchPage;

export function call<M extends Method>(page: Page, method: M, ...args: Parameters<BenchPage[M]>): Promise<Awaited<ReturnType<BenchPage[M]>>> {
  return page.evaluate(
    ([name, values]) => (globalThis as unknown as { loupeBench: Record<string, (...args: unknown[]) => unknown> }).loupeBench[name]!(...values),
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<BenchPage[M]>>>;
}

/** Static files from `mounts` (URL prefix → folder), streamed, on 127.0.0.1 and a free port. */
export async function serve(mounts: Readonly<Record<string, string>>): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const prefix = Object.keys(mounts)
      .filter((mount) => path.startsWith(mount))
      .sort((a, b) => b.length - a.length)[0];
    const folder = prefix === undefined ? undefined : mounts[prefix];
    const file = folder === undefined ? undefined : normalize(join(folder, path.slice(prefix!.length)));
    if (folder === undefined || file === undefined || !file.startsWith(normalize(folder + sep))) {
      response.writeHead(404).end();
      return;
    }
    void stat(file)
      .then((info) => {
        if (!info.isFile()) throw new Error('not a file');
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': info.size, 'cache-control': 'no-store' });
        createReadStream(file).pipe(response);
      })
      .catch(() => response.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
