/**
 * The CLI's new-terms state (`--state FILE`): the state document (engine/state/export-format.ts)
 * in one file, loaded on open and rewritten whole on every change.
 *
 * Writes are atomic (atomic-file.ts: temporary file, fsync, rename, directory fsync): a crash at
 * any point leaves either the old or the new document, never a mix; a stray temporary file is
 * ignored. A missing file is empty state; a corrupt one is an error, never a silent reset.
 * One writer at a time: two processes sharing a file would each overwrite the other's commits.
 */
import { readFile, stat } from 'node:fs/promises';
import { StateFormatError, StateQuotaError, StateStoreError } from '../engine/state/errors.ts';
import { parseStateText, serializeState } from '../engine/state/export-format.ts';
import { LIMITS } from '../engine/state/limits.ts';
import { emptyState, type StateData } from '../engine/state/model.ts';
import { SnapshotStore } from '../engine/state/snapshot-store.ts';
import type { NewTermsStore } from '../engine/state/store.ts';
import { createAtomicFile, type AtomicFile } from './atomic-file.ts';

export interface FileStateOptions {
  /** Fault injection for crash tests: runs after the temporary file is durable, before the rename. */
  readonly beforeRename?: (tempPath: string) => void | Promise<void>;
}

export async function openFileStateStore(path: string, options: FileStateOptions = {}): Promise<NewTermsStore> {
  const { data, bytes } = await readStateFile(path);
  return new SnapshotStore(data, (next) => writeStateFile(path, next, options), bytes);
}

async function readStateFile(path: string): Promise<{ data: StateData; bytes: number | undefined }> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { data: emptyState(), bytes: undefined };
    throw new StateStoreError(`cannot read new-terms state file ${path}: ${errorMessage(error)}`, { cause: error });
  }
  if (size > LIMITS.maxDocumentBytes) throw new StateFormatError(`file is ${size} bytes (at most ${LIMITS.maxDocumentBytes})`, '', path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new StateStoreError(`cannot read new-terms state file ${path}: ${errorMessage(error)}`, { cause: error });
  }
  return { data: parseStateText(text, path), bytes: size };
}

async function writeStateFile(path: string, data: StateData, options: FileStateOptions): Promise<number> {
  const text = serializeState(data);
  let file: AtomicFile | undefined;
  try {
    file = await createAtomicFile(path, 0o600);
    await file.write(text);
    await file.commit(options.beforeRename);
  } catch (error) {
    await file?.discard();
    if (errorCode(error) === 'ENOSPC' || errorCode(error) === 'EDQUOT') {
      throw new StateQuotaError(`no space left to save new-terms state to ${path}; the previous state is unchanged`, { cause: error });
    }
    throw new StateStoreError(`cannot save new-terms state to ${path}: ${errorMessage(error)}; the previous state is unchanged`, { cause: error });
  }
  return Buffer.byteLength(text, 'utf8');
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
