/**
 * EVTX parsing in a Chromium Web Worker against Node, on the same log, through the same code:
 * `readEvtx` over a Blob's stream (bench/browser-evtx/pieces.ts). The page is built by Vite in
 * production mode, like the app; Chromium is Debian's (`CHROME_PATH` to change it). Runs alternate
 * between the two so a burst of load on the shared machine hits both alike; the best of each is
 * reported.
 */
import { openAsBlob, readFileSync } from 'node:fs';
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

async function nodeParse(path: string, mode: EvtxParseMode): Promise<EvtxParseRun> {
  const blob = await openAsBlob(path);
  const bytes = mode === 'memory' ? new Uint8Array(readFileSync(path)) : undefined;
  const started = performance.now();
  let records = 0;
  for await (const out of readEvtx(bytes ? memoryPieces(bytes) : blobPieces(blob))) if (out.kind === 'record') records++;
  return { seconds: (performance.now() - started) / 1000, records };
}

const best = (a: EvtxParseRun | undefined, b: EvtxParseRun) => (a === undefined || b.seconds < a.seconds ? b : a);

export type Comparison = Record<EvtxParseMode, { readonly node: EvtxParseRun; readonly browser: EvtxParseRun }>;

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
    const found: Partial<Record<EvtxParseMode, { node?: EvtxParseRun; browser?: EvtxParseRun }>> = {};
    for (let run = 0; run < runs; run++) {
      for (const mode of ['stream', 'memory'] as const) {
        const pair = (found[mode] ??= {});
        pair.node = best(pair.node, await nodeParse(path, mode));
        pair.browser = best(pair.browser, await bench('parse', mode));
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
