import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runLoupe, tempFiles } from './run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const NOW = '2024-05-02T00:00:00Z';

const events = [
  { '@timestamp': '2024-05-01T10:00:00Z', event: { category: ['process'], type: ['start'] }, process: { name: 'security', args: ['security', 'dump-keychain', '-d'] }, host: { os: { type: 'macos' } }, data_stream: { type: 'logs', dataset: 'endpoint.events.process', namespace: 'default' } },
  { '@timestamp': '2024-05-01T10:01:00Z', event: { category: ['process'], type: ['start'] }, process: { name: 'ls', args: ['ls'] }, data_stream: { type: 'logs', dataset: 'endpoint.events.process', namespace: 'default' } },
];

/**
 * `npm install` (prepare) and `npm run build` build the CLI into build/cli/; bin/loupe.mjs runs that
 * bundle, or the sources when it is missing or older than a source it was built from. The other CLI
 * suites run the sources in-process, so a fresh clone's `npm test` needs no build.
 */
describe('the built loupe command (build/cli/)', () => {
  it('builds, and runs scans (reader threads included) with the same output as the sources', async () => {
    await run(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT });
    expect(existsSync(join(ROOT, 'build/cli/loupe.mjs')) && existsSync(join(ROOT, 'build/cli/reader-thread.mjs'))).toBe(true);

    const root = tempFiles({ 'a.ndjson': `${JSON.stringify(events[0])}\n`, 'b.ndjson': `${JSON.stringify(events[1])}\n` });
    const inputs = [join(root, 'a.ndjson'), join(root, 'b.ndjson')];
    const inProcess = await runLoupe('scan', '--pack', 'seed', ...inputs, '--now', NOW);
    expect(inProcess.out).toHaveLength(1);
    const cli = (env: Record<string, string>, ...extra: string[]) =>
      run(process.execPath, [join(ROOT, 'bin/loupe.mjs'), 'scan', '--pack', 'seed', ...inputs, '--now', NOW, ...extra], { cwd: root, env: { ...process.env, ...env } });
    const built = await cli({});
    const threaded = await cli({}, '--jobs', '2');
    const source = await cli({ LOUPE_FROM_SOURCE: '1' });
    expect(built.stdout).toBe(inProcess.stdout);
    expect(threaded.stdout).toBe(inProcess.stdout);
    expect(threaded.stderr).toMatch(/with 2 reader threads/);
    expect(source.stdout).toBe(inProcess.stdout);

    // The library through the build's pack index (queries compiled when an event reaches their rule) and compiled in full from the sources.
    expect(existsSync(join(ROOT, 'build/cli/elastic-pack-index.json'))).toBe(true);
    const library = (env: Record<string, string>) =>
      run(process.execPath, [join(ROOT, 'bin/loupe.mjs'), 'scan', '--pack', 'elastic', ...inputs, '--now', NOW, '--jobs', '1'], { cwd: root, env: { ...process.env, ...env } });
    const [indexed, compiled] = await Promise.all([library({}), library({ LOUPE_FROM_SOURCE: '1' })]);
    expect(indexed.stdout).not.toBe('');
    expect(indexed.stdout).toBe(compiled.stdout);
    expect(indexed.stderr.replace(/; [\d.]+ s,.*/, '')).toBe(compiled.stderr.replace(/; [\d.]+ s,.*/, ''));
  }, 180_000);
});
