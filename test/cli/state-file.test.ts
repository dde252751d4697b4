import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileStateStore } from '../../src/cli/state-file.ts';
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
});
