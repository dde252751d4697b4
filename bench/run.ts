/**
 * `npm run bench`: Loupe's CLI scan path against the naive baseline (stream, decompress,
 * JSON.parse every line), measured in the same run, on generated ECS events (see data/).
 *
 *   npm run bench                     # seed rules on 300k events, the public corpus on 10k
 *   npm run bench -- --events 1000000 # more data (generated once into .bench-data/)
 *   npm run bench -- --corpus-events 100000
 *   npm run bench -- --runs 3         # best of 3 per measurement
 *   npm run bench -- --no-corpus      # seed rules only
 *   npm run bench -- --no-browser     # CLI only (the browser half: bench/browser.ts)
 *   npm run bench -- --only evtx      # only the EVTX line (bench/evtx.ts), on a ≥ 500 MB log
 *   npm run bench -- --evtx-mb 1000   # a larger EVTX log; --evtx-corpus adds the public pack end to end
 *   npm run bench -- --only fleet     # only the whole public pack on the fleet mix (bench/fleet/)
 *   npm run bench -- --fleet-events N # its size (default 300k); --no-fleet leaves it out
 *   npm run bench -- --only cold      # only the cold-page line (a fresh page's first scan, bench/browser.ts)
 *   npm run bench -- --only library-browser [--fleet-browser-events N]  # the whole library in the page vs naive there
 *
 * Exits 1 when the alerts differ with and without the prefilter, between --jobs 1 and 2 on the
 * fleet mix, or between the CLI and the browser.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';
import { ensureBenchFiles, ensureMultiMemberGzip, MULTIMEMBER_COPIES } from './data/files.ts';
import { evtxBench } from './evtx.ts';
import { fleetBench } from './fleet/bench.ts';
import { naiveScan } from './naive.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const at = argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(argv[at + 1]);
};
const EVENTS = option('events', 300_000);
const CORPUS_EVENTS = option('corpus-events', 10_000);
const RUNS = option('runs', 1);
const ONLY = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
if (ONLY !== undefined && ONLY !== 'evtx' && ONLY !== 'fleet' && ONLY !== 'cold' && ONLY !== 'library-browser') throw new Error(`--only ${ONLY}: the parts that run alone are evtx, fleet, cold and library-browser`);
const FLEET_EVENTS = option('fleet-events', 300_000);
const NOW = '2024-05-02T00:00:00Z';
const CORPUS = new URL('../../shared/corpus/detection-rules.ndjson', import.meta.url).pathname;
const MB = 1e6;
const work = mkdtempSync(join(tmpdir(), 'loupe-bench-'));

interface Measured {
  readonly seconds: number;
  readonly peakRss: number;
  readonly alerts?: string;
  readonly stderr?: string[];
}

/** Best of RUNS, with peak RSS sampled every 20 ms while it runs. */
async function measure(run: () => Promise<Partial<Measured>>): Promise<Measured> {
  let best: Measured | undefined;
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const result = await run();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (!best || seconds < best.seconds) best = { ...result, seconds, peakRss };
  }
  return best!;
}

async function loupeScan(file: string, rules: readonly string[], extra: readonly string[]): Promise<Partial<Measured>> {
  const out = join(work, 'alerts.ndjson');
  const stderr: string[] = [];
  const chosen = rules.length === 0 ? ['--pack', 'seed'] : rules.flatMap((rule) => ['--rules', rule]);
  const code = await main(['scan', file, '--now', NOW, '--out', out, ...chosen, ...extra], {
    out: () => undefined,
    err: (text) => void stderr.push(...text.split('\n')),
    write: async () => undefined,
  });
  if (code === 2) throw new Error(`loupe scan failed:\n${stderr.join('\n')}`);
  return { alerts: readFileSync(out, 'utf8'), stderr };
}

const log = (text: string) => console.log(text);
const alertCount = (ndjson: string | undefined) => (ndjson === undefined || ndjson === '' ? 0 : ndjson.split('\n').length - 1);
const rate = (bytes: number, seconds: number) => `${(bytes / MB / seconds).toFixed(0).padStart(5)} MB/s`;
const perSecond = (events: number, seconds: number) => `${Math.round(events / seconds).toLocaleString('en-US').padStart(9)} events/s`;
const rss = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

const packs: { name: string; rules: string[]; events: number }[] = ONLY ? [] : [{ name: 'seed rules', rules: [], events: EVENTS }];
if (!ONLY && !flag('no-corpus')) packs.push({ name: 'public corpus', rules: [CORPUS], events: CORPUS_EVENTS });
const load = () => `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`;
log(`loupe bench: Node ${process.version}, best of ${RUNS}; ${ONLY ? '' : 'MB/s are of decompressed NDJSON; the naive baseline parses every line and runs no rules; '}${load()}`);
let identical = true;
let seedAlerts: number | undefined;
let corpusAlerts: number | undefined;
for (const pack of packs) {
  const files = await ensureBenchFiles(pack.events, log);
  const ndjsonBytes = statSync(files.ndjson).size;
  log(`\n${pack.name}: ${pack.events.toLocaleString('en-US')} events, ${(ndjsonBytes / MB).toFixed(1)} MB NDJSON (${(statSync(files.gzip).size / MB).toFixed(1)} MB gzip -6)`);
  for (const input of [files.gzip, files.ndjson]) {
    const label = input.endsWith('.gz') ? '.ndjson.gz' : '.ndjson';
    const naive = await measure(async () => {
      await naiveScan(input);
      return {};
    });
    const ratio = (scan: Measured) => `${(naive.seconds / scan.seconds).toFixed(2)}x naive`;
    log(`  ${label.padEnd(11)} naive                 ${rate(ndjsonBytes, naive.seconds)} ${perSecond(pack.events, naive.seconds)}                 peak RSS ${rss(naive.peakRss)}`);
    const fast = await measure(() => loupeScan(input, pack.rules, []));
    const full = await measure(() => loupeScan(input, pack.rules, ['--no-prefilter']));
    const same = fast.alerts === full.alerts;
    identical &&= same;
    const alerts = alertCount(fast.alerts);
    if (pack.name === 'seed rules') seedAlerts = alerts;
    else corpusAlerts = alerts;
    log(`  ${label.padEnd(11)} loupe                 ${rate(ndjsonBytes, fast.seconds)} ${perSecond(pack.events, fast.seconds)}   ${ratio(fast).padStart(11)}   peak RSS ${rss(fast.peakRss)}   ${alerts} alerts`);
    log(`  ${label.padEnd(11)} loupe --no-prefilter  ${rate(ndjsonBytes, full.seconds)} ${perSecond(pack.events, full.seconds)}   ${ratio(full).padStart(11)}   peak RSS ${rss(full.peakRss)}   alerts ${same ? 'identical' : 'DIFFER'}`);
  }
}
if (!ONLY) log(`\nalerts with and without the prefilter: ${identical ? 'identical' : 'DIFFERENT'}`);
if (!identical) process.exitCode = 1;

if ((ONLY === undefined && !flag('no-fleet')) || ONLY === 'fleet') {
  if (!(await fleetBench({ events: FLEET_EVENTS, corpus: CORPUS, work, runs: RUNS, now: NOW, log, load, measure }))) process.exitCode = 1;
}
if (ONLY === undefined || ONLY === 'evtx') await evtxBench({
  minBytes: option('evtx-mb', 500) * MB,
  work,
  log,
  measure: (run) => measure(async () => (await run(), {})),
  scan: async (file, rules) => alertCount((await loupeScan(file, rules, [])).alerts),
  ...(flag('evtx-corpus') ? { corpus: CORPUS } : {}),
  ...(flag('no-browser') ? {} : { browserRuns: Math.max(RUNS, 3) }),
});
rmSync(work, { recursive: true, force: true });

if (!ONLY && !flag('no-browser')) {
  const files = await ensureBenchFiles(EVENTS, log);
  const ndjsonBytes = statSync(files.ndjson).size;
  log(`\nbrowser, seed rules: ${EVENTS.toLocaleString('en-US')} events; ${load()}`);
  // Loaded only now: Vite and Playwright would add to the CLI runs' peak RSS.
  const { browserBench } = await import('./browser.ts');
  const corpus = flag('no-corpus') ? undefined : { rules: CORPUS, gzip: (await ensureBenchFiles(CORPUS_EVENTS, log)).gzip };
  const figures = await browserBench(files, await ensureMultiMemberGzip(files, log), corpus, RUNS, NOW, log);
  log(`  ${figures.userAgent}`);
  const { fflate } = figures;
  log(`  .ndjson.gz  fflate alone (page)   ${rate(ndjsonBytes, fflate.seconds)} ${perSecond(EVENTS, fflate.seconds)}`);
  const rows: [string, Readonly<Record<number, { seconds: number; alerts: number; events: number }>>][] = [['.ndjson.gz', figures.gzip], ['.zip (4 members)', figures.zip], ['.ndjson', figures.plain]];
  let same = true;
  for (const [label, runs] of rows) {
    for (const readers of [1, 2]) {
      const run = runs[readers]!;
      same &&= run.alerts === seedAlerts && run.events === EVENTS;
      const versus = label === '.ndjson.gz' ? `   ${(fflate.seconds / run.seconds).toFixed(2)}x fflate alone` : readers === 2 ? `   ${(runs[1]!.seconds / run.seconds).toFixed(2)}x 1 reader` : '';
      log(`  ${label.padEnd(16)} loupe, ${readers} reader${readers === 1 ? ' ' : 's'} ${rate(ndjsonBytes, run.seconds)} ${perSecond(run.events, run.seconds)}   ${run.alerts} alerts${versus}`);
    }
  }
  const { memory } = figures;
  log(
    `  .ndjson.gz x${MULTIMEMBER_COPIES} (${((ndjsonBytes * MULTIMEMBER_COPIES) / 1e9).toFixed(2)} GB NDJSON, ${(memory.bytes / MB).toFixed(0)} MB gzip) loupe, 1 reader ${rate(ndjsonBytes * MULTIMEMBER_COPIES, memory.run.seconds)} ${perSecond(memory.run.events, memory.run.seconds)}   ` +
      `${memory.run.alerts} alerts; all Chromium processes: ${memory.baselineMiB.toFixed(0)} MiB before (file loaded), peak ${memory.peakMiB.toFixed(0)} MiB (+${(memory.peakMiB - memory.baselineMiB).toFixed(0)} MiB while scanning)`,
  );
  if (figures.corpus) {
    const run = figures.corpus;
    const sameCorpus = run.alerts === corpusAlerts;
    same &&= sameCorpus;
    log(`  public corpus, ${CORPUS_EVENTS.toLocaleString('en-US')} events .ndjson.gz, 1 reader: ${perSecond(run.events, run.seconds)} (rules loaded and compiled in 2 threads included)   ${run.alerts} alerts (${sameCorpus ? 'as' : 'DIFFERENT from'} the CLI)`);
  }
  const ceiling = (2 * figures.threads[1]!) / figures.threads[2]!;
  log(`  ceiling: fflate alone in 2 workers at once does ${ceiling.toFixed(2)}x the work of 1 in the same time (the most 2 readers could gain here)`);
  log(`  alerts in the browser and the CLI: ${same ? 'same count' : 'DIFFERENT'}; ${load()}`);
  if (!same) process.exitCode = 1;
}

if ((!ONLY && !flag('no-browser')) || ONLY === 'cold') {
  // A responder's first drop: a fresh browser and page, the pool's start and the rules' compilation included.
  const files = await ensureBenchFiles(EVENTS, log);
  const ndjsonBytes = statSync(files.ndjson).size;
  const { coldPageBench } = await import('./browser.ts');
  const runs = await coldPageBench(files.gzip, Math.max(RUNS, 2), NOW, log);
  log(`
browser, cold page (a fresh browser per run), seed rules: ${EVENTS.toLocaleString('en-US')} events .ndjson.gz, the app's reader count; ${load()}`);
  for (const run of runs) {
    const versus = (scan: { seconds: number }) => `${(run.fflate.seconds / scan.seconds).toFixed(2)}x fflate alone`;
    log(
      `  ${run.warmUp ? `warm-up at load (${run.warmUpSeconds?.toFixed(2)} s)` : 'no warm-up           '}  fflate alone ${rate(ndjsonBytes, run.fflate.seconds)} (${run.fflate.seconds.toFixed(2)} s, ${run.cpu.fflate.toFixed(2)} CPU-s)   ` +
        `cold ${rate(ndjsonBytes, run.cold.seconds)} ${versus(run.cold)} (${run.cold.seconds.toFixed(2)} s, ${run.cpu.cold.toFixed(2)} CPU-s)   ` +
        `warm ${rate(ndjsonBytes, run.warm.seconds)} ${versus(run.warm)} (${run.warm.seconds.toFixed(2)} s, ${run.cpu.warm.toFixed(2)} CPU-s)   ${run.cold.alerts} alerts`,
    );
  }
  for (const warmUp of [true, false]) {
    const these = runs.filter((run) => run.warmUp === warmUp);
    const best = (pick: (run: (typeof runs)[number]) => { seconds: number }) => Math.max(...these.map((run) => run.fflate.seconds / pick(run).seconds));
    log(`  ${warmUp ? 'warm-up at load (the app)' : 'no warm-up'}, best of ${these.length}: cold ${best((run) => run.cold).toFixed(2)}x, warm ${best((run) => run.warm).toFixed(2)}x fflate alone (bar: cold ≥ 0.8x)`);
  }
  log(`  ${load()}`);
}

if (ONLY === 'library-browser') {
  // The issue's figure is for a ~100 MB evidence file (70,000 fleet events, 102 MB of NDJSON).
  const events = option('fleet-browser-events', 70_000);
  const { fleetLines } = await import('./fleet/events.ts');
  const files = await ensureBenchFiles(events, log, { prefix: 'fleet', lines: (count) => fleetLines(count), zip: false });
  const { libraryBrowserBench } = await import('./browser.ts');
  const { naive, runs, appReaders } = await libraryBrowserBench(files.gzip, NOW, [2, 1], log);
  // The CLI's alerts for the same file under the same name (the alerts name their file), for the comparison.
  const out = mkdtempSync(join(tmpdir(), 'loupe-bench-library-'));
  const gzipName = files.gzip.split('/').at(-1)!;
  execFileSync(process.execPath, [new URL('../bin/loupe.mjs', import.meta.url).pathname, 'scan', gzipName, '--now', NOW, '--out', join(out, 'alerts.ndjson'), '--jobs', '1'], { cwd: join(files.gzip, '..'), stdio: 'ignore' });
  const cliSha256 = createHash('sha256').update(readFileSync(join(out, 'alerts.ndjson'))).digest('hex');
  rmSync(out, { recursive: true, force: true });
  log(`\nbrowser, Elastic's whole library on ${events.toLocaleString('en-US')} fleet events (${(statSync(files.ndjson).size / MB).toFixed(0)} MB NDJSON as .ndjson.gz), a fresh page per run (the app's reader count for the library here: ${appReaders}); ${load()}`);
  log(`  naive (fflate + JSON.parse, page)  ${perSecond(naive.events, naive.seconds)}`);
  for (const { readers, loupe, cpuSeconds, alertsSha256 } of runs) {
    const same = alertsSha256 === cliSha256;
    if (!same) process.exitCode = 1;
    log(`  loupe, whole library, ${readers} reader${readers === 1 ? ' ' : 's'} ${perSecond(loupe.events, loupe.seconds)}   ${(naive.seconds / loupe.seconds).toFixed(3)}x naive (bar ≥ 0.3x; rule loading included), ${loupe.seconds.toFixed(2)} s, ${cpuSeconds.toFixed(1)} CPU-s (all Chromium)   ${loupe.alerts} alerts (${same ? 'byte-identical to' : 'DIFFERENT from'} loupe scan --jobs 1)`);
  }
}
