import { open } from 'node:fs/promises';
import type { CliIo } from './io.ts';
import { writeWithBackpressure } from './io.ts';

/** A command's main output (alerts, a rule export): a file given with --out, else stdout. */
export interface OutputSink {
  write(text: string): Promise<void>;
  /** Flushes and closes; the file is complete once this resolves. */
  close(): Promise<void>;
}

/** Many small records go out in writes of about this size. */
const BATCH_CHARS = 64 * 1024;

/**
 * Opens the output before any work starts, so a path that cannot be written fails fast.
 * `-` or no path means stdout.
 */
export async function openOutput(path: string | undefined, io: CliIo): Promise<OutputSink> {
  if (path === undefined || path === '-') return batched(io.write, async () => undefined);
  const handle = await open(path, 'w');
  const stream = handle.createWriteStream();
  return batched(
    (text) => writeWithBackpressure(stream, text),
    () =>
      new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      }),
  );
}

function batched(write: (text: string) => Promise<void>, end: () => Promise<void>): OutputSink {
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
  };
}
