#!/usr/bin/env node
// `loupe` runs the built bundle (build/cli/, made by `npm install` or `npm run build`: no TypeScript
// to compile at start), or the TypeScript sources through tsx when there is no bundle, when a source
// it was built from has changed since (a developer's edit is never shadowed by an old build), or
// when LOUPE_FROM_SOURCE=1.
import { fileURLToPath } from 'node:url';
import { currentBundle } from './current-bundle.mjs';

// `loupe check --json | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function loadCli() {
  const bundle = currentBundle('loupe.mjs');
  if (bundle !== undefined) return import(bundle.href);
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/cli/main.ts');
}

const { main, allowRelaunch } = await loadCli();
// A scan of a large input may start this script again with a larger young generation (src/cli/young-generation.ts).
allowRelaunch(fileURLToPath(import.meta.url));
process.exitCode = await main(process.argv.slice(2));
