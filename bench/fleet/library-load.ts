/**
 * Start-up with the bundled library, as a user runs it: `node bin/loupe.mjs scan ONE --pack elastic`
 * (the built CLI with the build's pack index when the build is current, bin/loupe.mjs decides) in a
 * child process, best of `runs`: wall-clock, the child's CPU-seconds and peak RSS.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

export interface LibraryLoad {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly maxRssBytes: number;
}

export async function libraryLoad(one: string, runs = 3, pack = 'elastic'): Promise<LibraryLoad> {
  let best: LibraryLoad | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const { stderr } = await run(process.execPath, ['--import', `${ROOT}bench/fleet/child-usage.mjs`, `${ROOT}bin/loupe.mjs`, 'scan', one, '--pack', pack, '--jobs', '1', '--now', '2024-05-02T00:00:00Z'], { cwd: ROOT, maxBuffer: 64 * 2 ** 20 });
    const seconds = (performance.now() - started) / 1000;
    const usage = /loupe-bench-usage (.*)/.exec(stderr)?.[1];
    if (usage === undefined) throw new Error(`library load: no usage line in\n${stderr}`);
    const measured = { seconds, ...(JSON.parse(usage) as Omit<LibraryLoad, 'seconds'>) };
    if (best === undefined || measured.cpuSeconds < best.cpuSeconds) best = measured;
  }
  return best!;
}
