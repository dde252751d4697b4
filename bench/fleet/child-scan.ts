/**
 * `node bin/loupe.mjs scan …` as a user runs it (the built CLI when the build is current, as
 * bin/loupe.mjs decides) in a child process, best of `runs` by CPU time: wall-clock, the child's
 * CPU-seconds (every thread) and peak RSS. The CLI's own figures, not the bench process's: the
 * in-process path would count the bench's heap and miss the CLI's start-up settings.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

export interface ChildUsage {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly maxRssBytes: number;
}

export async function childScan(scanArgs: readonly string[], runs = 1): Promise<ChildUsage> {
  let best: ChildUsage | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const { stderr } = await run(process.execPath, ['--import', `${ROOT}bench/fleet/child-usage.mjs`, `${ROOT}bin/loupe.mjs`, 'scan', ...scanArgs], { cwd: ROOT, maxBuffer: 256 * 2 ** 20 });
    const seconds = (performance.now() - started) / 1000;
    // A large scan runs in a second node it starts (src/cli/young-generation.ts): each prints its own line.
    const usages = [...stderr.matchAll(/loupe-bench-usage (.*)/g)].map((match) => JSON.parse(match[1]!) as Omit<ChildUsage, 'seconds'>);
    if (usages.length === 0) throw new Error(`loupe scan ${scanArgs.join(' ')}: no usage line in\n${stderr}`);
    const measured = {
      seconds,
      cpuSeconds: usages.reduce((sum, usage) => sum + usage.cpuSeconds, 0),
      maxRssBytes: usages.reduce((peak, usage) => Math.max(peak, usage.maxRssBytes), 0),
    };
    if (best === undefined || measured.cpuSeconds < best.cpuSeconds) best = measured;
  }
  return best!;
}

/** Start-up: an empty scan (one event) with a bundled pack. */
export function libraryLoad(one: string, runs = 3, pack = 'elastic'): Promise<ChildUsage> {
  return childScan([one, '--pack', pack, '--jobs', '1', '--now', '2024-05-02T00:00:00Z'], runs);
}
