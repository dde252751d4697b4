import type { ContainerError } from './errors.ts';

/** One member of an archive, handed out in archive order. */
export interface ArchiveEntry {
  /** Path inside the archive, as stored. */
  readonly path: string;
  /** Uncompressed size, when the archive says it up front. */
  readonly size?: number;
  /** Set when the entry cannot be read (encrypted, unsupported method): its bytes are skipped. */
  readonly skipped?: string;
  /**
   * The entry's bytes. Read them to the end (or stop, and the archive reader skips the rest)
   * before asking for the next entry. Damage inside the entry is thrown from here as a
   * ContainerError; when it is `recoverable`, the next entry can still be read.
   */
  readonly chunks: AsyncIterable<Uint8Array>;
  /**
   * Damage seen while the bytes were read that did not stop them (a tar size field that swallowed
   * the next member): complete once `chunks` has been read to the end.
   */
  readonly findings?: readonly ContainerError[];
}
