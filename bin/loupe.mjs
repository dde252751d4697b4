#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx loupe` works straight after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
// `loupe check --json | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
