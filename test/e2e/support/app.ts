/**
 * Driving the Loupe page the way a responder does (file picker, buttons, downloads) and running
 * the `loupe` CLI on the same input, for comparing the two.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../../scripts/build-stamp.ts';

/** Waits until the app has started: the evidence picker is there and enabled. */
export async function waitForApp(page: Page): Promise<void> {
  try {
    await page.waitForSelector('[data-testid="evidence-input"]:not([disabled])', { state: 'attached', timeout: 30_000 });
  } catch (error) {
    // Say what the page shows instead ("Loupe could not start: ...").
    const shown = await page.locator('body').innerText().catch(() => '(page unreadable)');
    throw new Error(`the app did not start; the page shows: ${shown.slice(0, 500)}`, { cause: error });
  }
}

/**
 * In-page code as text: a function compiled by tsx (the screenshot script) would refer to its
 * helpers (`__name`), which do not exist in the page.
 */
const WATCH_STATUS = `(() => {
  const log = [];
  const read = () => document.querySelector('[data-testid="scan-status"]')?.textContent ?? '';
  let last = read();
  new MutationObserver(() => {
    const text = read();
    if (text !== last) log.push((last = text));
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
  window.__scanStatusLog = log;
})()`;

/**
 * Runs `start` (which starts a scan) and waits for that scan to end; returns the final status.
 * The status line is watched for changes from before `start`, so the previous scan's "complete"
 * is never mistaken for this one's.
 */
export async function runScan(page: Page, start: () => Promise<void>, timeoutMs = 90_000): Promise<string> {
  await page.evaluate(WATCH_STATUS);
  await start();
  const handle = await page.waitForFunction(
    () => (window as unknown as { __scanStatusLog: string[] }).__scanStatusLog.find((text) => /complete|failed|cancelled/i.test(text)),
    undefined,
    { timeout: timeoutMs },
  );
  return String(await handle.jsonValue());
}

export async function scanFiles(page: Page, paths: readonly string[]): Promise<string> {
  return runScan(page, () => page.getByTestId('evidence-input').setInputFiles([...paths]));
}

/** Clicks "Export NDJSON" and returns the downloaded file's bytes. */
export async function exportNdjson(page: Page): Promise<Buffer> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-ndjson').click();
  return readFileSync(await (await download).path());
}

/** Clicks "Export events (NDJSON)" or "… for Elasticsearch _bulk" and returns the downloaded file's bytes. */
export async function exportEvents(page: Page, format: 'ndjson' | 'bulk'): Promise<Buffer> {
  const download = page.waitForEvent('download');
  await page.getByTestId(`export-events-${format}`).click();
  return readFileSync(await (await download).path());
}

export function alertCount(ndjson: Buffer): number {
  return ndjson.toString('utf8').split('\n').filter((line) => line !== '').length;
}

/** The scan's `now`: every alert's `@timestamp` (the app has no way to set it, the CLI has `--now`). */
export function scanNow(ndjson: Buffer): string {
  const first = ndjson.toString('utf8').split('\n')[0];
  if (!first) throw new Error('no alert in the export');
  const timestamp = (JSON.parse(first) as Record<string, unknown>)['@timestamp'];
  if (typeof timestamp !== 'string') throw new Error('the first alert has no @timestamp');
  return timestamp;
}

/**
 * `loupe scan <name> ...` run from `dir`: alerts name their input as it was given, so the CLI is
 * given the bare file name, as the app is given the picked file's name. Returns stdout's bytes.
 */
export function loupeScan(dir: string, name: string, options: { now: string; state?: string; rules?: string }): Buffer {
  const args = [join(ROOT, 'bin/loupe.mjs'), 'scan', name, '--now', options.now];
  if (options.state) args.push('--state', options.state);
  // The app's built-in pack is the seed pack (the CLI's default is the Elastic library).
  if (options.rules) args.push('--rules', options.rules);
  else args.push('--pack', 'seed');
  const result = spawnSync(process.execPath, args, { cwd: dir, maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`loupe scan ${name} exited ${result.status}: ${result.stderr.toString('utf8')}`);
  return result.stdout;
}

/** `loupe events <name> [--bulk]` run from `dir` (see loupeScan); returns stdout's bytes. */
export function loupeEvents(dir: string, name: string, format: 'ndjson' | 'bulk'): Buffer {
  const args = [join(ROOT, 'bin/loupe.mjs'), 'events', name, ...(format === 'bulk' ? ['--bulk'] : [])];
  const result = spawnSync(process.execPath, args, { cwd: dir, maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`loupe events ${name} exited ${result.status}: ${result.stderr.toString('utf8')}`);
  return result.stdout;
}

/** Requests that left the page's origin (blob: and data: URLs are the page's own memory). */
export function foreignRequests(requests: readonly string[], origin: string): string[] {
  return requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(blob|data):/.test(url));
}
