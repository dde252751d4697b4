#!/usr/bin/env node
// `loupe` runs the built bundle (build/cli/, made by `npm install` or `npm run build`: no TypeScript
// to compile at start), or the TypeScript sources through tsx when there is no bundle, when a source
// it was built from has changed since (a developer's edit is never shadowed by an old build), or
// when LOUPE_FROM_SOURCE=1.
import { setFlagsFromString } from 'node:v8';
import { currentBundle } from './current-bundle.mjs';

// V8 lets the old generation grow to up to 4x what survived the last full collection before the
// next one; a scan's live set is a few hundred MB (rules, open windows), so most of its resident
// memory was garbage waiting. 1.3x keeps RSS near the live set for no measured CPU cost (100k
// fleet events, whole library: peak RSS 656 -> 487 MB, 25.9 -> 24.1 CPU-s; docs/memory.md). The
// flag is read at each collection, so setting it here works; a value given on the command line
// or in NODE_OPTIONS wins.
if (![...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('heap-growing-percent'))) setFlagsFromString('--heap-growing-percent=30');

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
