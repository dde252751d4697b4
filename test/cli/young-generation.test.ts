import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SEMI_SPACE_MB } from '../../src/cli/young-generation.ts';
import { tempFiles } from './run-cli.ts';
import { dumpKeychainEvent, kccEvent } from './scan-fixtures.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const NOW = '2024-05-02T00:00:00Z';

interface Ran {
  readonly code: number;
  readonly stdout: string;
  /** Each node process's command-line flags, as it reported them on exit. */
  readonly nodes: string[][];
}

/** `node [nodeFlags] bin/loupe.mjs ARGS` with every node process reporting its flags on stderr as it exits. */
function loupe(root: string, env: Record<string, string>, nodeFlags: readonly string[], ...args: string[]): Promise<Ran> {
  const reporter = pathToFileURL(join(root, 'report-flags.mjs')).href;
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeFlags, '--import', reporter, join(ROOT, 'bin/loupe.mjs'), ...args], { cwd: root, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      const nodes = [...stderr.matchAll(/^node-flags (.*)$/gm)].map((match) => JSON.parse(match[1]!) as string[]);
      resolve({ code: error === null ? 0 : Number(error.code), stdout, nodes });
    });
  });
}

describe('a scan of a large input runs in a child node with a larger young generation (src/cli/young-generation.ts)', () => {
  const root = tempFiles({
    'events.ndjson': [kccEvent('2024-05-01T10:00:00Z'), dumpKeychainEvent('2024-05-01T10:01:00Z')].map((event) => JSON.stringify(event)).join('\n') + '\n',
    'report-flags.mjs': "process.on('exit', () => process.stderr.write(`\\nnode-flags ${JSON.stringify(process.execArgv.filter((flag) => !flag.startsWith('--import') && !flag.includes('report-flags')))}\\n`));\n",
  });
  const scan = (env: Record<string, string>, nodeFlags: readonly string[] = [], ...extra: string[]) =>
    loupe(root, env, nodeFlags, 'scan', 'events.ndjson', '--rules', join(ROOT, 'rules/macos'), '--now', NOW, '--jobs', '1', ...extra);
  const NEVER = { LOUPE_RELAUNCH_MIN_BYTES: String(2 ** 50) };
  const ALWAYS = { LOUPE_RELAUNCH_MIN_BYTES: '0' };

  it('writes the same alerts from the child, which alone runs with --max-semi-space-size', async () => {
    const [direct, relaunched] = await Promise.all([scan(NEVER), scan(ALWAYS)]);
    expect(direct.code).toBe(0);
    expect(direct.stdout.split('\n').filter((line) => line !== '')).toHaveLength(2);
    expect(relaunched).toEqual({ ...direct, nodes: [[`--max-semi-space-size=${SEMI_SPACE_MB}`], []] });
    expect(direct.nodes).toEqual([[]]);
  }, 120_000);

  it("passes the child's exit status on, and leaves a young-generation size given to node alone", async () => {
    // An input that cannot be read: the scan still runs and exits non-zero.
    const [direct, relaunched, chosen] = await Promise.all([scan(NEVER, [], 'missing.ndjson'), scan(ALWAYS, [], 'missing.ndjson'), scan(ALWAYS, ['--max-semi-space-size=16'])]);
    expect(direct.code).not.toBe(0);
    expect(relaunched.code).toBe(direct.code);
    expect(relaunched.stdout).toBe(direct.stdout);
    expect(relaunched.nodes).toHaveLength(2);
    expect(chosen.nodes).toEqual([['--max-semi-space-size=16']]);
    expect(chosen.code).toBe(0);
  }, 120_000);

  it('does not relaunch for the seed pack, whose prefilter leaves most lines unparsed', async () => {
    const seed = await loupe(root, ALWAYS, [], 'scan', 'events.ndjson', '--pack', 'seed', '--now', NOW, '--jobs', '1');
    expect(seed.code).toBe(0);
    expect(seed.nodes).toEqual([[]]);
  }, 120_000);
});
