/**
 * EVTX parsing in a Chromium Web Worker against Node, on the same log, through the same code:
 * `readEvtx` over a Blob's stream (bench/browser-evtx/pieces.ts). The page is built by Vite in
 * production mode, like the app; Chromium is Debian's (`CHROME_PATH` to change it). Runs alternate
 * between the two so a burst of load on the shared machine hits both alike; the best of each is
 * reported. Beside wall seconds, CPU seconds: Node's own (`process.cpuUsage`), and every Chromium
 * process's (`/proc/<pid>/stat`, Linux) while the Worker parses, the page being otherwise idle. On
 * a loaded machine the CPU figures compare the two engines; the wall figures mostly the load.
 */
import { openAsBlob, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { readEvtx } from '../src/sources/evtx/reader.ts';
import { serve } from './browser.ts';
import type { EvtxBenchPage } from './browser-evtx/page.ts';
import { blobPieces, memoryPieces, type EvtxParseMode, type EvtxParseRun } from './browser-evtx/pieces.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const PAGE_DIR = join(ROOT, 'bench/browser-evtx');
const SITE_DIR = join(ROOT, '.bench-data/browser-evtx-site');

export interface TimedRun extends EvtxParseRun {
  readonly cpuSeconds: number;
}

async function nodeParse(path: string, mode: EvtxParseMode): Promise<TimedRun> {
  const blob = await openAsBlob(path);
  const bytes = mode === 'memory' ? new Uint8Array(readFileSync(path)) : undefined;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let records = 0;
  for await (const out of readEvtx(bytes ? memoryPieces(bytes) : blobPieces(blob))) if (out.kind === 'record') records++;
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, records, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** User + system CPU seconds of every Chromium process (Linux: /proc, 100 ticks a second). */
function chromiumCpuSeconds(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!/^(chrom|headless)/.test(comm)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks / 100;
}

/** Best wall time and best CPU time, each over the runs. */
const best = (a: TimedRun | undefined, b: TimedRun): TimedRun =>
  a === undefined ? b : { records: b.records, seconds: Math.min(a.seconds, b.seconds), cpuSeconds: Math.min(a.cpuSeconds, b.cpuSeconds) };

export type Comparison = Record<EvtxParseMode, { readonly node: TimedRun; readonly browser: TimedRun }>;

export async function evtxBrowserVsNode(path: string, runs: number): Promise<{ figures: Comparison; userAgent: string }> {
  await build({ configFile: false, root: PAGE_DIR, base: './', logLevel: 'warn', mode: 'production', build: { outDir: SITE_DIR, emptyOutDir: true, target: 'es2022', sourcemap: false }, worker: { format: 'es' } });
  const server = await serve({ '/': SITE_DIR, '/data/': dirname(path) });
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
    const bench = <M extends keyof EvtxBenchPage>(method: M, ...args: Parameters<EvtxBenchPage[M]>) =>
      page.evaluate(([name, values]) => (globalThis as unknown as { evtxBench: Record<string, (...a: unknown[]) => unknown> }).evtxBench[name]!(...values), [method, args] as const) as Promise<Awaited<ReturnType<EvtxBenchPage[M]>>>;
    await bench('load', `/data/${path.split('/').at(-1)}`);
    const found: Partial<Record<EvtxParseMode, { node?: TimedRun; browser?: TimedRun }>> = {};
    const workerParse = async (mode: EvtxParseMode): Promise<TimedRun> => {
      const cpu = chromiumCpuSeconds();
      const run = await bench('parse', mode);
      return { ...run, cpuSeconds: chromiumCpuSeconds() - cpu };
    };
    for (let run = 0; run < runs; run++) {
      for (const mode of ['stream', 'memory'] as const) {
        const pair = (found[mode] ??= {});
        pair.node = best(pair.node, await nodeParse(path, mode));
        pair.browser = best(pair.browser, await workerParse(mode));
        if (pair.node.records !== pair.browser.records) throw new Error(`${mode}: Node read ${pair.node.records} records, the Worker ${pair.browser.records}`);
      }
    }
    const figures = Object.fromEntries(Object.entries(found).map(([mode, pair]) => [mode, { node: pair.node!, browser: pair.browser! }])) as Comparison;
    return { figures, userAgent: await page.evaluate(() => navigator.userAgent) };
  } finally {
    await browser.close();
    await server.close();
  }
}
