/**
 * Issue 14 item 8's figure: the longest main-thread task of the app's page (the production site,
 * headless Chromium) with Elastic's whole library chosen, while the page loads and lists the rules,
 * and while it scans a generated fleet-mix file (~100 MB by default). Tasks come from the page's
 * own PerformanceObserver ('longtask': every task over 50 ms), installed before the app starts, and
 * from a Chromium trace of the main thread, which also gives each task's CPU time (the machine is
 * shared: a task's wall time includes waiting for a core, its CPU time does not).
 *
 *   npx tsx bench/page-longtask.ts [--events N]      # default 70,000 fleet events (~100 MB)
 */
import { loadavg } from 'node:os';
import { statSync } from 'node:fs';
import { ensureBenchFiles } from './data/files.ts';
import { fleetLines } from './fleet/events.ts';
import { taskSummary, traceMainThread, type MainThreadTask } from './page/main-thread-trace.ts';
import { runScan, waitForApp } from '../test/e2e/support/app.ts';
import { launchChromium } from '../test/e2e/support/browser.ts';
import { ensureBuilt, SITE_DIR } from '../test/e2e/support/build.ts';
import { serveStatic } from '../test/e2e/support/static-server.ts';

/** In-page code as text (see WATCH_STATUS in test/e2e/support/app.ts for why). */
const OBSERVE_LONG_TASKS = `(() => {
  const tasks = [];
  window.__longTasks = tasks;
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) tasks.push([entry.startTime, entry.duration]); }).observe({ type: 'longtask', buffered: true });
  const frames = [];
  window.__longFrames = frames;
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (entry.duration > 150) frames.push({ start: entry.startTime, duration: entry.duration, render: entry.renderStart ? entry.startTime + entry.duration - entry.renderStart : 0, scripts: entry.scripts.map((script) => [script.invoker, script.sourceFunctionName, script.sourceURL.split('/').at(-1) + ':' + script.sourceCharPosition, Math.round(script.duration)]) }); }).observe({ type: 'long-animation-frame', buffered: true });
})()`;

interface Phase {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly traced: readonly MainThreadTask[];
}

const arg = (name: string) => {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
};
const events = Number(arg('--events') ?? 70_000);
const log = (text: string) => console.log(text);
const load = () => `load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} (2 cores shared)`;

const files = await ensureBenchFiles(events, log, { prefix: 'fleet', lines: (count) => fleetLines(count), zip: false });
await ensureBuilt('site');
const server = await serveStatic(SITE_DIR);
const browser = await launchChromium();
try {
  const { page, context } = browser;
  await context.addInitScript({ content: OBSERVE_LONG_TASKS });
  const now = () => page.evaluate(() => performance.now());
  // First visit: choose the library (kept in IndexedDB), then measure a fresh load with it chosen.
  await page.goto(`${server.origin}/`);
  await waitForApp(page);
  await page.getByTestId('pack-select').selectOption('elastic');
  await page.waitForFunction(() => document.querySelectorAll('tr[data-rule-key]').length > 0 && /of [0-9]{4}/.test(document.getElementById('rules-title')?.textContent ?? ''), undefined, { timeout: 120_000 });
  const tracing = await context.newCDPSession(page);
  const stopLoadTrace = await traceMainThread(tracing);
  const started = performance.now();
  await page.reload();
  await waitForApp(page);
  await page.waitForFunction(() => /of [0-9]{4}/.test(document.getElementById('rules-title')?.textContent ?? ''), undefined, { timeout: 120_000 });
  const listed = await now();
  const listSeconds = (performance.now() - started) / 1000;
  const loadTasks = await stopLoadTrace();
  const rulesTitle = await page.locator('#rules-title').innerText();
  const profiler = process.argv.includes('--profile') ? await context.newCDPSession(page) : undefined;
  await profiler?.send('Profiler.enable');
  await profiler?.send('Profiler.start');
  const stopScanTrace = await traceMainThread(tracing);
  const scanStart = await now();
  const status = await runScan(page, () => page.getByTestId('evidence-input').setInputFiles([files.ndjson]), 30 * 60_000);
  const scanEnd = await now();
  const scanTasks = await stopScanTrace();
  if (profiler) {
    // Self time by function (the bundle is minified: line:column points into dist/assets).
    const { profile } = await profiler.send('Profiler.stop');
    const self = new Map<number, number>();
    const gaps = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (gaps[index + 1] ?? 0)));
    const rows = profile.nodes.map((node) => ({ ms: (self.get(node.id) ?? 0) / 1000, where: `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').at(-1)}:${node.callFrame.lineNumber}:${node.callFrame.columnNumber}` }));
    const byWhere = new Map<string, number>();
    for (const row of rows) byWhere.set(row.where, (byWhere.get(row.where) ?? 0) + row.ms);
    for (const [where, ms] of [...byWhere].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`  profile ${ms.toFixed(0).padStart(6)} ms ${where}`);
  }
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: [number, number][] }).__longTasks);
  if (process.argv.includes('--tasks')) {
    // Long animation frames over 150 ms, with the scripts that ran in them (what a long task was).
    const frames = await page.evaluate(() => (window as unknown as { __longFrames: unknown[] }).__longFrames);
    for (const frame of frames) log(`  frame ${JSON.stringify(frame)}`);
  }
  const phases: Phase[] = [
    { name: 'load and list the library', from: 0, to: listed, traced: loadTasks },
    { name: 'scan', from: scanStart, to: scanEnd, traced: scanTasks },
  ];
  const mb = (statSync(files.ndjson).size / 1e6).toFixed(0);
  log(`\npage with the whole library (${rulesTitle.replace(/\s+/g, ' ')}), ${events.toLocaleString('en-US')} fleet events (${mb} MB .ndjson); ${load()}`);
  log(`  loaded and listed in ${listSeconds.toFixed(1)} s; scan: ${status.replace(/\s+/g, ' ').slice(0, 160)} in ${((scanEnd - scanStart) / 1000).toFixed(1)} s`);
  for (const phase of phases) {
    const inside = tasks.filter(([start]) => start >= phase.from && start < phase.to).map(([, duration]) => duration);
    const longest = inside.reduce((max, duration) => Math.max(max, duration), 0);
    if (process.argv.includes('--tasks')) log(`  ${phase.name}: ${tasks.filter(([start]) => start >= phase.from && start < phase.to).map(([start, duration]) => `+${((start - phase.from) / 1000).toFixed(1)}s ${duration.toFixed(0)}ms`).join(', ')}`);
    log(`  ${phase.name.padEnd(26)} longest main-thread task ${longest.toFixed(0).padStart(5)} ms, ${inside.length} tasks over 50 ms, ${inside.filter((duration) => duration > 200).length} over 200 ms (wall, PerformanceObserver)`);
    log(`  ${''.padEnd(26)} traced: ${taskSummary(phase.traced)}`);
    if (process.argv.includes('--tasks')) log(`  ${''.padEnd(26)} traced over 50 ms CPU: ${phase.traced.filter((task) => task.threadMs > 50).map((task) => `+${((task.start - (phase.traced[0]?.start ?? 0)) / 1000).toFixed(1)}s ${task.threadMs.toFixed(0)}ms (${task.wallMs.toFixed(0)} wall)`).join(', ')}`);
  }
} finally {
  await browser.close();
  await server.close();
}
