/**
 * The CLI's new-terms state (`--state FILE`): the state document (engine/state/export-format.ts)
 * in one file, loaded on open and rewritten whole on every change.
 *
 * Writes are atomic (atomic-file.ts: temporary file, fsync, rename, directory fsync): a crash at
 * any point leaves either the old or the new document, never a mix; a stray temporary file is
 * ignored, and removed when the process is stopped by a signal (exit-cleanup.ts). The file keeps
 * its permission bits (a new one is 0600). A missing file is empty state; a corrupt one is an
 * error, never a silent reset.
 *
 * Several writers (two `loupe scan`s with the same --state): every change is made under the
 * file's lock (state-lock.ts) to the file as it is then. If another writer replaced it since this
 * process read it (its inode, size or mtime differ), it is read again and the change (a commit, a
 * reset, an import) applied to that, so neither writer's history overwrites the other's.
 */
import { readFile, stat } from 'node:fs/promises';
import { StateFormatError, StateQuotaError, StateStoreError } from '../engine/state/errors.ts';
import { parseStateText, serializeState } from '../engine/state/export-format.ts';
import { LIMITS } from '../engine/state/limits.ts';
import { emptyState, type StateData } from '../engine/state/model.ts';
import { SnapshotStore, type SnapshotHost } from '../engine/state/snapshot-store.ts';
import type { NewTermsStore } from '../engine/state/store.ts';
import { createAtomicFile, type AtomicFile } from './atomic-file.ts';
import { removeIfInterrupted } from './exit-cleanup.ts';
import { errorCode } from './files.ts';
import { DEFAULT_LOCK_WAIT_MS, withStateLock } from './state-lock.ts';

export interface FileStateOptions {
  /** Fault injection for crash tests: runs after the temporary file is durable, before the rename. */
  readonly beforeRename?: (tempPath: string) => void | Promise<void>;
  /** How long a write waits for another writer's lock (default one minute). */
  readonly lockWaitMs?: number;
}

/** What identifies one written version of the file: every write renames a new inode into place. */
interface FileVersion {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly mode: number;
}

export async function openFileStateStore(path: string, options: FileStateOptions = {}): Promise<NewTermsStore> {
  const version = await versionOf(path);
  const { data, bytes } = await readStateFile(path, version);
  return new SnapshotStore(data, new StateFileHost(path, version, options), bytes);
}

class StateFileHost implements SnapshotHost {
  /** The version this process last read or wrote. */
  #known: FileVersion | undefined;

  constructor(
    private readonly path: string,
    known: FileVersion | undefined,
    private readonly options: FileStateOptions,
  ) {
    this.#known = known;
  }

  update(change: (current: StateData) => StateData, cached: StateData): Promise<{ data: StateData; bytes: number | undefined }> {
    return this.#locked(async () => {
      const now = await versionOf(this.path);
      const current = sameVersion(now, this.#known) ? { data: cached, bytes: undefined } : await readStateFile(this.path, now);
      this.#known = now;
      const next = change(current.data);
      if (next === current.data) return current;
      const bytes = await writeStateFile(this.path, next, this.options, now?.mode);
      this.#known = await versionOf(this.path);
      return { data: next, bytes };
    });
  }

  async #locked<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await withStateLock(this.path, work, this.options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
    } catch (error) {
      if (error instanceof StateStoreError) throw error;
      throw new StateStoreError(`cannot save new-terms state to ${this.path}: ${errorMessage(error)}; the previous state is unchanged`, { cause: error });
    }
  }
}

async function versionOf(path: string): Promise<FileVersion | undefined> {
  try {
    const { ino, size, mtimeMs, mode } = await stat(path);
    return { ino, size, mtimeMs, mode: mode & 0o7777 };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new StateStoreError(`cannot read new-terms state file ${path}: ${errorMessage(error)}`, { cause: error });
  }
}

function sameVersion(a: FileVersion | undefined, b: FileVersion | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

async function readStateFile(path: string, version: FileVersion | undefined): Promise<{ data: StateData; bytes: number | undefined }> {
  if (version === undefined) return { data: emptyState(), bytes: undefined };
  if (version.size > LIMITS.maxDocumentBytes) throw new StateFormatError(`file is ${version.size} bytes (at most ${LIMITS.maxDocumentBytes})`, '', path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new StateStoreError(`cannot read new-terms state file ${path}: ${errorMessage(error)}`, { cause: error });
  }
  return { data: parseStateText(text, path), bytes: Buffer.byteLength(text, 'utf8') };
}

async function writeStateFile(path: string, data: StateData, options: FileStateOptions, mode = 0o600): Promise<number> {
  const text = serializeState(data);
  let file: AtomicFile | undefined;
  let forget = () => undefined as void;
  try {
    file = await createAtomicFile(path, mode);
    forget = removeIfInterrupted(file.tempPath);
    await file.write(text);
    await file.commit(options.beforeRename);
  } catch (error) {
    await file?.discard();
    if (errorCode(error) === 'ENOSPC' || errorCode(error) === 'EDQUOT') {
      throw new StateQuotaError(`no space left to save new-terms state to ${path}; the previous state is unchanged`, { cause: error });
    }
    throw new StateStoreError(`cannot save new-terms state to ${path}: ${errorMessage(error)}; the previous state is unchanged`, { cause: error });
  } finally {
    forget();
  }
  return Buffer.byteLength(text, 'utf8');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
