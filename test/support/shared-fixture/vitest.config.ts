/** Config of the fixture run in shared-data.test.ts: the fixture alone, with the project's reporters. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../../..', import.meta.url).pathname,
    include: ['test/support/shared-fixture/*.fixture.ts'],
    reporters: ['default', './test/support/skip-notes-reporter.ts'],
  },
});
