/**
 * A fresh clone has no ../shared: suites that read it must skip, each with one test naming what
 * is missing, and the run must pass — unless CI=true, where missing data fails the run. Checked
 * on a real Vitest run of a fixture with LOUPE_SHARED_DIR pointing at an empty folder.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { missingSharedNote, strictSharedData } from './shared-data.ts';
import { tempDir } from './temp-dir.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

function runFixture(ci: string | undefined): { status: number | null; output: string } {
  const empty = tempDir('loupe-no-shared-');
  const { CI: _ci, GITHUB_ACTIONS: _gh, ...environment } = process.env;
  const result = spawnSync(process.execPath, [VITEST, 'run', '--config', 'test/support/shared-fixture/vitest.config.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...environment, LOUPE_SHARED_DIR: empty, NO_COLOR: '1', ...(ci !== undefined ? { CI: ci } : {}) },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('reference data missing from ../shared', () => {
  it('skips the suites that need it with the reason under the summary, and passes', () => {
    const { status, output } = runFixture(undefined);
    expect(status, output).toBe(0);
    expect(output).toMatch(/2 skipped/);
    expect(output).toContain(`${missingSharedNote(['corpus/detection-rules.ndjson'])}: 1 file (test/support/shared-fixture/needs-shared.fixture.ts)`);
    expect(output).toContain(`${missingSharedNote(['seeds'])}: 1 file`);
    expect(output).not.toContain('ENOENT');
  });

  it('fails the run under CI=true, naming what is missing', () => {
    const { status, output } = runFixture('true');
    expect(status, output).toBe(1);
    expect(output).toContain(`${missingSharedNote(['corpus/detection-rules.ndjson'])}; CI=true requires it`);
    expect(output).toMatch(/2 failed/);
  });

  it('reads CI as CI providers set it', () => {
    expect([undefined, '', '0', 'false', 'FALSE'].map((value) => strictSharedData(value === undefined ? {} : { CI: value }))).toEqual([false, false, false, false, false]);
    expect(['true', '1', 'TRUE'].map((value) => strictSharedData({ CI: value }))).toEqual([true, true, true]);
  });
});
