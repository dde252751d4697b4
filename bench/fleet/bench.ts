/**
 * The whole-pack line of `npm run bench` (`--only fleet` runs only it; `--fleet-events N`, default
 * 300k): the public pack (../shared/corpus/detection-rules.ndjson) over a generated fleet mix
 * (fleet/events.ts), Loupe's CLI path next to the naive baseline (JSON.parse every line) on the
 * same .ndjson in the same run, as a ratio; `--jobs 1` against `--jobs 2`; peak RSS; and the rule
 * load time (an empty scan with the pack: read, check, compile).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBenchFiles } from '../data/files.ts';
import { naiveScan } from '../naive.ts';
import { childScan, libraryLoad, type ChildUsage } from './child-scan.ts';
import { fleetLines } from './events.ts';

export interface FleetBenchOptions {
  readonly events: number;
  readonly corpus: string;
  readonly work: string;
  readonly runs: number;
  readonly now: string;
  readonly log: (text: string) => void;
  readonly load: () => string;
  readonly measure: (run: () => Promise<object>) => Promise<{ seconds: number; peakRss: number }>;
}

const MB = 1e6;
const perSecond = (events: number, seconds: number) => `${Math.round(events / seconds).toLocaleString('en-US').padStart(9)} events/s`;
const rss = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const alertCount = (ndjson: string) => (ndjson === '' ? 0 : ndjson.split('\n').length - 1);

/** Returns false when two runs' alerts differ (the bench then exits 1). */
export async function fleetBench(options: FleetBenchOptions): Promise<boolean> {
  const { events, corpus, log, work } = options;
  if (!existsSync(corpus)) {
    log(`\nwhole pack on the fleet mix: skipped, ${corpus} is absent (the public pack lives in ../shared/corpus)`);
    return true;
  }
  const files = await ensureBenchFiles(events, log, { prefix: 'fleet', lines: (count) => fleetLines(count), zip: false });
  const bytes = statSync(files.ndjson).size;
  log(`\nwhole public pack on the fleet mix: ${events.toLocaleString('en-US')} Defend-shaped events (Windows, Linux, macOS), ${(bytes / MB).toFixed(0)} MB NDJSON, ${Math.round(bytes / events)} B/event; ${options.load()}`);
  log('  (Loupe runs are `node bin/loupe.mjs scan` child processes: their own wall-clock, CPU-seconds of every thread and peak RSS)');
  const out = join(work, 'fleet-alerts.ndjson');
  const scan = async (file: string, extra: readonly string[], runs = options.runs): Promise<ChildUsage & { alerts: string }> => {
    const usage = await childScan([file, '--rules', corpus, '--now', options.now, '--out', out, ...extra], runs);
    return { ...usage, alerts: readFileSync(out, 'utf8') };
  };
  const figures = (run: ChildUsage) => `${run.seconds.toFixed(1)} s, ${run.cpuSeconds.toFixed(1)} CPU-s, peak RSS ${rss(run.maxRssBytes)}`;
  const one = join(work, 'one-event.ndjson');
  writeFileSync(one, '{"@timestamp":"2024-05-01T00:00:00Z","message":"nothing"}\n');
  const loading = await scan(one, ['--jobs', '1'], 3);
  log(`  rule load, public pack --rules FILE (a one-event scan: read, check, compile; best of 3)   ${figures(loading)}`);
  // The bundled library as `loupe` loads it (built CLI and pack index: no query compiled before an event reaches its rule), and the seed pack's empty scan.
  for (const pack of ['elastic', 'seed']) {
    const start = await libraryLoad(one, 3, pack);
    log(`  start, bundled ${pack.padEnd(7)} (node bin/loupe.mjs scan ONE --pack ${pack}, best of 3)   ${start.seconds.toFixed(2)} s, ${start.cpuSeconds.toFixed(2)} CPU-s   peak RSS ${rss(start.maxRssBytes)}; ${options.load()}`);
  }
  const naive = await options.measure(async () => (await naiveScan(files.ndjson), {}));
  log(`  .ndjson naive (JSON.parse every line, in the bench process)   ${perSecond(events, naive.seconds)}   peak RSS ${rss(naive.peakRss)}`);
  const versusNaive = (seconds: number) => `${(naive.seconds / seconds).toFixed(3)}x naive`.padStart(12);
  const runs: { jobs: number; seconds: number; alerts: string }[] = [];
  for (const jobs of [1, 2]) {
    const run = await scan(files.ndjson, ['--jobs', String(jobs)]);
    runs.push({ jobs, ...run });
    const versus = jobs === 1 ? '' : `   ${(runs[0]!.seconds / run.seconds).toFixed(2)}x --jobs 1`;
    log(`  .ndjson loupe --jobs ${jobs}                 ${perSecond(events, run.seconds)}   ${versusNaive(run.seconds)}   ${figures(run)}   ${alertCount(run.alerts)} alerts${versus}; ${options.load()}`);
  }
  const same = runs.every((run) => run.alerts === runs[0]!.alerts);
  log(`  alerts with --jobs 1 and --jobs 2: ${same ? 'identical' : 'DIFFERENT'}`);
  // The rule program against trying every routed rule on every event (and the literal prefilter, as before it).
  const oneByOne = await scan(files.ndjson, ['--rule-at-a-time']);
  const sameAsRuleAtATime = oneByOne.alerts === runs[0]!.alerts;
  log(`  .ndjson loupe --rule-at-a-time          ${perSecond(events, oneByOne.seconds)}   ${versusNaive(oneByOne.seconds)}   ${figures(oneByOne)}   alerts ${sameAsRuleAtATime ? 'byte-identical' : 'DIFFERENT'}; ${options.load()}`);
  return same && sameAsRuleAtATime;
}
