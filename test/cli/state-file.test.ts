import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileStateStore } from '../../src/cli/state-file.ts';
import { lockPathOf } from '../../src/cli/state-lock.ts';
import { StateFormatError, StateStoreError } from '../../src/engine/state/errors.ts';
import { ruleBatch, storeContract } from '../engine/state/store-contract.ts';
import { validDocument } from '../engine/state/state-fixtures.ts';

storeContract('file', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'loupe-state-'));
  const path = join(directory, 'state.json');
  return { open: () => openFileStateStore(path), dispose: () => rm(directory, { recursive: true, force: true }) };
});

describe('file state store', () => {
  let directory: string;
  let path: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'loupe-state-'));
    path = join(directory, 'state.json');
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  const commitOne = (scanId: string, time: number) => ({ scanId, rules: [ruleBatch('rule-1', ['process.name'], 1_000, { '["python"]': [[time, time]] })] });

  it('treats a missing file as empty state and creates it on the first change', async () => {
    const store = await openFileStateStore(path);
    expect(await store.stats()).toEqual({ rules: 0, terms: 0, runs: 0, scans: 0 });
    await expect(stat(path)).rejects.toThrow();
    await store.commit(commitOne('s1', 10));
    const text = await readFile(path, 'utf8');
    expect(JSON.parse(text)).toEqual({
      format: 'loupe-new-terms-state',
      version: 1,
      rules: { 'rule-1': { fields: ['process.name'], window: 1_000, terms: { '["python"]': [[10, 10]] } } },
      scans: { s1: [0] },
    });
    expect((await store.stats()).bytes).toBe(Buffer.byteLength(text));
    expect(await readdir(directory)).toEqual(['state.json']);
  });

  it.each<[string, string, RegExp]>([
    ['truncated JSON', '{"format":"loupe-new-terms-state","version":1,"rul', /invalid new-terms state in .*state\.json: not JSON/],
    ['an empty file', '', /not JSON/],
    ['another document', '{"hits":{"hits":[]}}', /not a Loupe new-terms state document/],
    ['a bad run', JSON.stringify({ ...validDocument(), rules: { r: { fields: ['a'], window: 1, terms: { '["x"]': [[2, 1]] } } } }), /at rules\["r"\]\.terms\["\[\\"x\\"\]"\]\[0\]: run starts \(2\) after it ends \(1\)/],
  ])('refuses to open a corrupt file (%s) and leaves it as it was', async (_name, content, message) => {
    await writeFile(path, content);
    await expect(openFileStateStore(path)).rejects.toThrow(StateFormatError);
    await expect(openFileStateStore(path)).rejects.toThrow(message);
    expect(await readFile(path, 'utf8')).toBe(content);
  });

  it('keeps the old file and memory state when the write fails before the rename, and removes the temporary file', async () => {
    await (await openFileStateStore(path)).commit(commitOne('s1', 10));
    const before = await readFile(path, 'utf8');
    const store = await openFileStateStore(path, {
      beforeRename: () => {
        throw new Error('simulated crash');
      },
    });
    await expect(store.commit(commitOne('s2', 20_000))).rejects.toThrow(/cannot save new-terms state to .*simulated crash; the previous state is unchanged/);
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(directory)).toEqual(['state.json']);
    expect(await store.stats()).toMatchObject({ scans: 1, runs: 1 });
  });

  it('reports a missing directory as a store error', async () => {
    const store = await openFileStateStore(join(directory, 'no', 'such', 'state.json'));
    await expect(store.commit(commitOne('s1', 10))).rejects.toThrow(StateStoreError);
    expect(await store.stats()).toMatchObject({ scans: 0 });
  });

  it('survives a process killed between the temporary write and the rename', async () => {
    await (await openFileStateStore(path)).commit(commitOne('s1', 10));
    const before = await readFile(path, 'utf8');
    const child = fileURLToPath(new URL('./fixtures/state-file-crash.ts', import.meta.url));
    const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', child, path], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
    expect(result.signal, result.stderr).toBe('SIGKILL');
    expect(result.stdout).not.toContain('not reached');
    // The temporary file was written (so the kill landed between write and rename) ...
    const leftovers = (await readdir(directory)).filter((name) => name.endsWith('.tmp'));
    expect(leftovers).toHaveLength(1);
    // ... and the state file is the old one, byte for byte; the stray file does not disturb later use.
    expect(await readFile(path, 'utf8')).toBe(before);
    const store = await openFileStateStore(path);
    expect((await store.export()).scans).toEqual({ s1: [0] });
    expect(await store.commit(commitOne('s3', 30_000))).toEqual({ applied: true });
    expect((await store.load('rule-1', ['["python"]'])).get('["python"]')).toEqual([[10, 10], [30_000, 30_000]]);
  });

  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

  /** A child writer (fixtures/state-file-writer.ts), resolved once it has read the state file. */
  async function openedWriter(ruleId: string): Promise<ChildProcessWithoutNullStreams> {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture('state-file-writer.ts'), path, ruleId], { cwd: repoRoot });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('opened') && resolve());
      child.once('exit', (code) => reject(new Error(`writer exited ${code} before opening: ${stderr}`)));
    });
    return child;
  }

  const exited = (child: ChildProcessWithoutNullStreams) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  it('keeps both histories when two processes that read the same file commit one after the other', async () => {
    const first = await openedWriter('rule-a');
    const second = await openedWriter('rule-b');
    // Both read the (missing) file before either wrote: the second must not overwrite the first.
    first.stdin.write('go\n');
    expect(await exited(first)).toBe(0);
    second.stdin.write('go\n');
    expect(await exited(second)).toBe(0);
    const saved = JSON.parse(await readFile(path, 'utf8')) as { rules: Record<string, unknown>; scans: Record<string, unknown> };
    expect(Object.keys(saved.rules).sort()).toEqual(['rule-a', 'rule-b']);
    expect(Object.keys(saved.scans).sort()).toEqual(['scan-rule-a', 'scan-rule-b']);
    expect(await readdir(directory)).toEqual(['state.json']);
  }, 30_000);

  it('applies each store\'s commit on top of what another store saved meanwhile, in one process too', async () => {
    const a = await openFileStateStore(path);
    const b = await openFileStateStore(path);
    await a.commit(commitOne('s1', 10));
    await b.commit({ scanId: 's2', rules: [ruleBatch('rule-2', ['user.name'], 1_000, { '["root"]': [[20, 20]] })] });
    await b.reset('rule-2');
    await a.commit(commitOne('s3', 30_000));
    const reopened = await openFileStateStore(path);
    expect((await reopened.export()).scans).toEqual({ s1: [0], s2: [0], s3: [0] });
    expect(await reopened.loadRule('rule-2')).toBeUndefined();
    expect((await reopened.load('rule-1', ['["python"]'])).get('["python"]')).toEqual([[10, 10], [30_000, 30_000]]);
    // The store that saw the other's writes answers from what it saved, not from what it first read.
    expect((await a.export()).scans).toEqual({ s1: [0], s2: [0], s3: [0] });
  });

  it('waits for a lock held by a running process, then fails naming it and leaves the file as it was', async () => {
    await (await openFileStateStore(path)).commit(commitOne('s1', 10));
    const before = await readFile(path, 'utf8');
    const lock = JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), time: Date.now() });
    await writeFile(lockPathOf(path), lock);
    const store = await openFileStateStore(path, { lockWaitMs: 300 });
    const started = Date.now();
    await expect(store.commit(commitOne('s2', 20_000))).rejects.toThrow(
      new RegExp(`state\\.json\\.lock is held by another loupe \\(pid ${process.pid} on .+ since .+\\), still after 0 s; if no loupe is running there, delete .*state\\.json\\.lock`),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readFile(lockPathOf(path), 'utf8')).toBe(lock);
  });

  it('takes over a lock whose process is gone, and removes it after writing', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.pid'], { encoding: 'utf8' }).pid!;
    await writeFile(lockPathOf(path), JSON.stringify({ pid: dead, host: (await import('node:os')).hostname(), time: Date.now() }));
    const store = await openFileStateStore(path, { lockWaitMs: 5_000 });
    expect(await store.commit(commitOne('s1', 10))).toEqual({ applied: true });
    expect(await readdir(directory)).toEqual(['state.json']);
  });

  it('keeps the file\'s permission bits', async () => {
    await (await openFileStateStore(path)).commit(commitOne('s1', 10));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await chmod(path, 0o640);
    await (await openFileStateStore(path)).commit(commitOne('s2', 20_000));
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  it('removes its temporary file and lock when stopped by SIGTERM mid-write, leaving the old file', async () => {
    await (await openFileStateStore(path)).commit(commitOne('s1', 10));
    const before = await readFile(path, 'utf8');
    const result = spawnSync(process.execPath, ['--import', 'tsx', fixture('state-file-interrupted.ts'), path], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
    expect(result.signal, result.stderr).toBe('SIGTERM');
    expect(result.stdout).not.toContain('not reached');
    expect(await readdir(directory)).toEqual(['state.json']);
    expect(await readFile(path, 'utf8')).toBe(before);
  });
});
