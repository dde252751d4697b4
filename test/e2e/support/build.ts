/**
 * Builds what the browser tests need, only when it is missing or stale (scripts/build-stamp.ts):
 * the sample case, the site (`dist/`, as `npm run build`) and the single file (`dist-single/`, as
 * `npm run build:single`). A lock folder keeps parallel test files (and parallel `npm test` runs)
 * from building over each other.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inputFingerprint, LOCK_DIR, readStamp, ROOT, writeStamp, type BuildName } from '../../../scripts/build-stamp.ts';
import { SINGLE_FILE_NAME } from '../../../scripts/vite-single-file.ts';

export const SITE_DIR = join(ROOT, 'dist');
export const SINGLE_FILE = join(ROOT, 'dist-single', SINGLE_FILE_NAME);
export const SAMPLE_DIR = join(ROOT, 'public/sample');

type Target = Exclude<BuildName, 'sample'>;

const OUTPUT: Record<BuildName, string> = {
  sample: join(SAMPLE_DIR, 'index.json'),
  site: join(SITE_DIR, 'sw.js'),
  single: SINGLE_FILE,
};

const COMMAND: Record<BuildName, string[]> = {
  sample: [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/make-sample.ts'],
  site: [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'],
  single: [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--mode', 'single'],
};

/** Makes sure the sample case and the given builds are up to date with the sources. */
export async function ensureBuilt(...targets: Target[]): Promise<void> {
  await withLock(() => {
    for (const name of ['sample', ...targets] as BuildName[]) {
      const fingerprint = inputFingerprint(name);
      if (readStamp(name) === fingerprint && existsSync(OUTPUT[name])) continue;
      run(name);
      // Vite builds stamp themselves (so `npm run build` counts too); the sample script does not.
      if (name === 'sample') writeStamp('sample', fingerprint);
      if (!existsSync(OUTPUT[name])) throw new Error(`${name} build finished without ${OUTPUT[name]}`);
    }
  });
}

function run(name: BuildName): void {
  const started = Date.now();
  const result = spawnSync(process.execPath, COMMAND[name], { cwd: ROOT, encoding: 'utf8', env: productionEnv() });
  if (result.status !== 0) throw new Error(`${name} build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  console.log(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The environment of a plain `npm run build`: Vitest's variables would switch on test-only plugins (svelteTesting). */
function productionEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|TEST$|NODE_ENV$|MODE$)/.test(key)));
  return { ...env, NODE_ENV: 'production' };
}

async function withLock<T>(work: () => T): Promise<T> {
  mkdirSync(dirname(LOCK_DIR), { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      if (holderIsGone()) rmSync(LOCK_DIR, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`build lock ${LOCK_DIR} held for over 5 minutes`);
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
    return work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/** A lock left by a process that died (killed mid-build) must not block every later run. */
function holderIsGone(): boolean {
  try {
    const pid = Number(readFileSync(join(LOCK_DIR, 'pid'), 'utf8'));
    if (!pid) return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
