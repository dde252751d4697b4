#!/usr/bin/env node
// `loupe` runs the built bundle (build/cli/, made by `npm install` or `npm run build`: no TypeScript
// to compile at start), or the TypeScript sources through tsx when there is no bundle, when a source
// it was built from has changed since (a developer's edit is never shadowed by an old build), or
// when LOUPE_FROM_SOURCE=1.
import { readFileSync, statSync } from 'node:fs';

// `loupe check --json | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const root = new URL('../', import.meta.url);
const bundle = new URL('build/cli/loupe.mjs', root);

function bundleIsCurrent() {
  if (process.env.LOUPE_FROM_SOURCE === '1') return false;
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('build/cli/inputs.json', root), 'utf8'));
    return inputs.every((input) => statSync(new URL(input, root)).mtimeMs <= built);
  } catch {
    return false;
  }
}

async function loadMain() {
  if (bundleIsCurrent()) return (await import(bundle.href)).main;
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/cli/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
