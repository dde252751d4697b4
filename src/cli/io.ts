import type { Writable } from 'node:stream';

/** Where a command writes: the process's streams, or a buffer in tests. */
export interface CliIo {
  /** A line of text on stdout (a newline is added). */
  out(text: string): void;
  /** A line of text on stderr (a newline is added). */
  err(text: string): void;
  /** A command's main output on stdout, exactly as given; resolves when the stream can take more. */
  write(text: string): Promise<void>;
}

/** Writes and waits for 'drain' when the stream's buffer is full, so big outputs never pile up in memory. */
export async function writeWithBackpressure(stream: Writable, text: string): Promise<void> {
  if (stream.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off('drain', done);
      stream.off('error', done);
      if (error) reject(error);
      else resolve();
    };
    stream.once('drain', done);
    stream.once('error', done);
  });
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  write: (text) => writeWithBackpressure(process.stdout, text),
};
