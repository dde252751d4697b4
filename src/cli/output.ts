import { access, constants, open, realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createAtomicFile } from './atomic-file.ts';
import type { CliIo } from './io.ts';
import { writeWithBackpressure } from './io.ts';

/** A command's main output (alerts, a rule export): a file given with --out, else stdout. */
export interface OutputSink {
  write(text: string): Promise<void>;
  /** Flushes and closes; the file is complete, and has replaced any earlier one, once this resolves. */
  close(): Promise<void>;
  /** The command failed: what was written is dropped, and an existing --out file is left as it was. Never throws. */
  abort(): Promise<void>;
}

/** Many small records go out in writes of about this size. */
const BATCH_CHARS = 64 * 1024;

/**
 * Opens the output before any work starts, so a path that cannot be written fails fast.
 * `-` or no path means stdout. A file is written beside its target and renamed over it only when
 * complete (atomic-file.ts), so a failed or interrupted command never leaves a truncated file
 * where the previous one was; a replaced file keeps its permission bits, and through a symlink
 * the link's target is replaced. Devices and pipes (`/dev/stdout`) are written directly.
 */
export async function openOutput(path: string | undefined, io: CliIo): Promise<OutputSink> {
  if (path === undefined || path === '-') return batched(io.write, async () => undefined, async () => undefined);
  const existing = await stat(path).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined && !existing.isFile() && !existing.isDirectory()) return openDirect(path);
  if (existing?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
  const target = existing === undefined ? resolve(path) : await realpath(path);
  // Renaming over a read-only file would succeed where writing it fails: refuse it as writing would.
  if (existing !== undefined) await access(target, constants.W_OK);
  const file = await createAtomicFile(target, existing === undefined ? undefined : existing.mode & 0o7777);
  return batched(
    (text) => file.write(text),
    () => file.commit(),
    () => file.discard(),
  );
}

async function openDirect(path: string): Promise<OutputSink> {
  const stream = (await open(path, 'w')).createWriteStream();
  const end = () =>
    new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });
  return batched((text) => writeWithBackpressure(stream, text), end, () => end().catch(() => undefined));
}

function batched(write: (text: string) => Promise<void>, end: () => Promise<void>, discard: () => Promise<void>): OutputSink {
  let pending = '';
  return {
    async write(text) {
      pending += text;
      if (pending.length < BATCH_CHARS) return;
      const batch = pending;
      pending = '';
      await write(batch);
    },
    async close() {
      if (pending !== '') await write(pending);
      pending = '';
      await end();
    },
    async abort() {
      pending = '';
      await discard();
    },
  };
}
