#!/usr/bin/env node
// `loupe` runs the built bundle (build/cli/, made by `npm install` or `npm run build`: no TypeScript
// to compile at start), or the TypeScript sources through tsx when there is no bundle, when a source
// it was built from has changed since (a developer's edit is never shadowed by an old build), or
// when LOUPE_FROM_SOURCE=1.
import { currentBundle } from './current-bundle.mjs';

// `loupe check --json | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function loadMain() {
  const bundle = currentBundle('loupe.mjs');
  if (bundle !== undefined) return (await import(bundle.href)).main;
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/cli/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
