/**
 * Knowing whether a build is stale without rebuilding: a fingerprint of everything a build reads
 * (sources, rules, public files, build scripts and configuration, the lockfile) is written next to
 * the build's name once it succeeds, and compared later. Used by the e2e tests and the screenshot
 * script so they build `dist/` and the single file only when needed; a manual `npm run build`
 * writes the same stamp through the Vite plugin.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STAMP_DIR = join(ROOT, 'node_modules/.cache/loupe-build');

/** What a build reads. `public/sample/` is generated from `scripts/`, so it is covered by them. */
const INPUT_DIRS = ['src', 'rules', 'public', 'scripts'];
const INPUT_FILES = ['index.html', 'vite.config.ts', 'svelte.config.js', 'tsconfig.json', 'package.json', 'package-lock.json'];
const EXCLUDED = new Set(['public/sample']);

export type BuildName = 'sample' | 'site' | 'single';

export function inputFingerprint(root = ROOT): string {
  const hash = createHash('sha256');
  const files = [...INPUT_FILES.filter((file) => existsSync(join(root, file))), ...INPUT_DIRS.flatMap((dir) => listFiles(root, join(root, dir)))].sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update('\0');
  return hash.digest('hex');
}

function listFiles(root: string, dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    const name = relative(root, path).split('\\').join('/');
    if (EXCLUDED.has(name)) return [];
    return entry.isDirectory() ? listFiles(root, path) : entry.isFile() ? [name] : [];
  });
}

export function readStamp(name: BuildName): string | undefined {
  const file = join(STAMP_DIR, `${name}.sha256`);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

export function writeStamp(name: BuildName, fingerprint: string): void {
  mkdirSync(STAMP_DIR, { recursive: true });
  writeFileSync(join(STAMP_DIR, `${name}.sha256`), `${fingerprint}\n`);
}

export const LOCK_DIR = join(STAMP_DIR, 'lock');

/**
 * Stamps a Vite build when it has written everything (the service worker included): the
 * fingerprint is taken when the build starts, so an edit made during the build leaves it stale.
 */
export function buildStampPlugin(name: BuildName): Plugin {
  let fingerprint = '';
  return {
    name: 'loupe:build-stamp',
    apply: 'build',
    enforce: 'post',
    buildStart() {
      fingerprint = inputFingerprint();
    },
    closeBundle: {
      order: 'post',
      handler(error?: Error) {
        if (!error && fingerprint) writeStamp(name, fingerprint);
      },
    },
  };
}
