// A `loupe scan` reader thread: like loupe.mjs, the TypeScript sources run through tsx (see src/cli/reader-pool.ts).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/reader.worker.ts');
