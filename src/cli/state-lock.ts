/**
 * The lock a `--state FILE` is written under: `FILE.lock` beside it, created exclusively (`wx`)
 * and holding `{pid, host, time}`. It is held only while the file is read again and rewritten
 * (milliseconds to seconds), not for a whole scan, so two `loupe scan`s may share one state file:
 * each saves its history on top of the other's (state-file.ts), and a writer that finds the lock
 * taken waits for it.
 *
 * Stale locks: a lock whose process is gone (same host, pid no longer running, e.g. after a kill
 * -9) or that is older than `STALE_LOCK_MS` (a write never takes that long; the only test that
 * works across hosts sharing a folder) is removed and taken. Otherwise, after `waitMs`, the
 * write fails with the lock's owner named; the state file is then unchanged.
 */
import { hostname } from 'node:os';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { StateStoreError } from '../engine/state/errors.ts';
import { removeIfInterrupted } from './exit-cleanup.ts';
import { errorCode } from './files.ts';

export const STALE_LOCK_MS = 10 * 60_000;
export const DEFAULT_LOCK_WAIT_MS = 60_000;

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly time: number;
}

export const lockPathOf = (path: string): string => `${path}.lock`;

/** Runs `work` holding the lock of the state file at `path`. */
export async function withStateLock<T>(path: string, work: () => Promise<T>, waitMs = DEFAULT_LOCK_WAIT_MS): Promise<T> {
  const lockPath = lockPathOf(path);
  const release = await acquire(lockPath, waitMs);
  try {
    return await work();
  } finally {
    await release();
  }
}

async function acquire(lockPath: string, waitMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    const forget = removeIfInterrupted(lockPath);
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() } satisfies LockOwner));
      } finally {
        await handle.close();
      }
      return async () => {
        await rm(lockPath, { force: true });
        forget();
      };
    } catch (error) {
      forget();
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    const owner = await readOwner(lockPath);
    if (owner === undefined || isStale(owner)) {
      // Gone already, or its writer is: take it over (a racing writer's `wx` create still decides who wins).
      if (owner !== undefined) await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new StateStoreError(
        `${lockPath} is held by another loupe (pid ${owner.pid} on ${owner.host} since ${new Date(owner.time).toISOString()}), ` +
          `still after ${Math.round(waitMs / 1000)} s; if no loupe is running there, delete ${lockPath}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** The lock's owner; undefined when the lock is gone. A lock being written (or garbage) is dated by its mtime. */
async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  try {
    const text = await readFile(lockPath, 'utf8');
    try {
      const parsed = JSON.parse(text) as Partial<LockOwner>;
      if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.time === 'number') return parsed as LockOwner;
    } catch {
      // Judged by age alone, below.
    }
    return { pid: 0, host: 'unknown host', time: (await stat(lockPath)).mtimeMs };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function isStale(owner: LockOwner): boolean {
  if (Date.now() - owner.time > STALE_LOCK_MS) return true;
  return owner.host === hostname() && owner.pid > 0 && !isRunning(owner.pid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}
