/**
 * Hunt on a large evidence file in the production site (Chromium): the file is scanned once (the
 * hunt re-reads the scan's evidence), then a selective KQL hunt runs over it. Prints the time to
 * the first matching events, the time to the end, the matches, the peak memory of this run's Chromium
 * processes (RSS, sampled with ps) next to their level before the hunt, and whether Cancel stops
 * a second hunt at once. `npm run bench:hunt [-- --events N]` (default 1,000,000 events, ~1.07 GB
 * of NDJSON, gzip -6).
 */
import { execFileSync } from 'node:child_process';
import { ensureBenchFiles, megabytes } from './data/files.ts';
import { runScan, waitForApp } from '../test/e2e/support/app.ts';
import { launchChromium } from '../test/e2e/support/browser.ts';
import { ensureBuilt, SITE_DIR } from '../test/e2e/support/build.ts';
import { serveStatic } from '../test/e2e/support/static-server.ts';

const eventsOption = process.argv.indexOf('--events');
const EVENTS = eventsOption === -1 ? 1_000_000 : Number(process.argv[eventsOption + 1]);
const QUERY = 'process.name : "security" and event.category : "process"';

/** Resident memory of this run's Chromium (every process descending from this one), in MiB. */
function chromiumRss(): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (ours.has(ppid) && !ours.has(pid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  ours.delete(process.pid);
  return Math.round(rows.filter(([pid]) => ours.has(pid)).reduce((sum, [, , rss]) => sum + rss, 0) / 1024);
}

const log = (text: string) => console.log(text);
const files = await ensureBenchFiles(EVENTS, log);
log(`input: ${files.gzip} (${await megabytes(files.gzip)} MB gzip of ${await megabytes(files.ndjson)} MB NDJSON, ${EVENTS.toLocaleString('en-US')} events); load average ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ')}`);
await ensureBuilt('site');
const server = await serveStatic(SITE_DIR);
const browser = await launchChromium({ viewport: { width: 1366, height: 768 } });
const { page } = browser;
try {
  await page.goto(`${server.origin}/`);
  await waitForApp(page);
  let started = performance.now();
  const idle = chromiumRss();
  let scanPeak = idle;
  const scanSampler = setInterval(() => (scanPeak = Math.max(scanPeak, chromiumRss())), 250);
  const status = await runScan(page, () => page.getByTestId('evidence-input').setInputFiles(files.gzip), 1_800_000);
  clearInterval(scanSampler);
  log(`scan: ${status} (${((performance.now() - started) / 1000).toFixed(1)} s); Chromium RSS ${idle} MiB before, peak ${scanPeak} MiB during it (+${scanPeak - idle} MiB), for comparison`);

  const before = chromiumRss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, chromiumRss())), 250);
  await page.getByTestId('hunt-query').fill(QUERY);
  started = performance.now();
  await page.getByTestId('hunt-run').click();
  await page.getByTestId('hunt-row').first().waitFor({ timeout: 1_800_000 });
  const first = (performance.now() - started) / 1000;
  const done = await page.waitForFunction(() => /matching events of [\d,]+ read/.test(document.querySelector('[data-testid="hunt-status"]')?.textContent ?? '') && !document.querySelector('[data-testid="hunt-cancel"]'), undefined, { timeout: 1_800_000, polling: 250 });
  await done.dispose();
  const all = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const huntStatus = await page.getByTestId('hunt-status').textContent();
  log(`hunt \`${QUERY}\`: first matching events shown after ${first.toFixed(1)} s; done after ${all.toFixed(1)} s: ${huntStatus}`);
  log(`Chromium RSS: ${before} MiB before the hunt, peak ${peak} MiB during it (+${peak - before} MiB)`);

  // Cancel: a second hunt stopped after a second.
  await page.getByTestId('hunt-run').click();
  await page.waitForTimeout(1000);
  const cancelled = performance.now();
  await page.getByTestId('hunt-cancel').click();
  await page.waitForFunction(() => /cancel/i.test(document.querySelector('[data-testid="hunt-status"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
  log(`Cancel: the hunt stopped ${((performance.now() - cancelled) / 1000).toFixed(2)} s after the click: ${await page.getByTestId('hunt-status').textContent()}`);
} finally {
  await browser.close();
  await server.close();
}
