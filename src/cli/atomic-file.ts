/**
 * A file replaced in one step: the new content goes to a temporary file in the target's own
 * directory, is fsynced, then renamed over the target (rename within a directory is atomic on
 * POSIX and NTFS), then the directory is fsynced so the rename itself survives a power cut. Until
 * `commit`, the old file (or its absence) is untouched; `discard` removes the temporary file. A
 * crash leaves at most a stray hidden `.NAME.*.tmp` beside the target.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicFile {
  readonly tempPath: string;
  /** Appends to the temporary file. */
  write(text: string): Promise<void>;
  /** Makes the written content the target's; `beforeRename` is fault injection for crash tests. */
  commit(beforeRename?: (tempPath: string) => void | Promise<void>): Promise<void>;
  /** Gives up: the temporary file is removed, the target stays as it was. Never throws. */
  discard(): Promise<void>;
}

/**
 * Creates the temporary file for `path`. With `mode`, its permission bits are exactly that,
 * whatever the umask (a replaced file keeps its mode); without, a new file's usual 0o666 less the umask.
 */
export async function createAtomicFile(path: string, mode?: number): Promise<AtomicFile> {
  const directory = dirname(path);
  const tempPath = join(directory, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tempPath, 'wx', mode ?? 0o666);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  if (mode !== undefined) {
    try {
      await handle.chmod(mode);
    } catch (error) {
      await close().catch(() => undefined);
      await rm(tempPath, { force: true }).catch(() => undefined);
      throw error;
    }
  }
  return {
    tempPath,
    write: (text) => writeAll(handle, text),
    async commit(beforeRename) {
      await handle.sync();
      await close();
      await beforeRename?.(tempPath);
      await rename(tempPath, path);
      await syncDirectory(directory);
    },
    async discard() {
      await close().catch(() => undefined);
      await rm(tempPath, { force: true }).catch(() => undefined);
    },
  };
}

async function writeAll(handle: FileHandle, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += (await handle.write(bytes, offset)).bytesWritten;
}

/** Makes the rename durable. Some platforms (Windows) cannot open a directory: the rename is still atomic there. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability of the rename is best effort; atomicity does not depend on it.
  }
}
