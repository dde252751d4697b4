// A `loupe scan` reader thread started from the sources (see src/cli/reader-pool.ts): the built
// reader thread when the bundle is current (a thread then loads no TypeScript), else, like
// loupe.mjs, the TypeScript sources through tsx.
import { currentBundle } from './current-bundle.mjs';

const bundle = currentBundle('reader-thread.mjs');
if (bundle !== undefined) await import(bundle.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/reader.worker.ts');
}
