/**
 * Damage found while opening a container: always reported with where it was found, never thrown
 * past the pipeline. `byte` is the offset in the container's own input (compressed bytes for
 * gzip/zstd, archive bytes for zip/tar).
 */
export class ContainerError extends Error {
  override readonly name = 'ContainerError';
  constructor(
    message: string,
    readonly byte?: number,
    /** False when the rest of the container cannot be read past this damage. */
    readonly recoverable = false,
  ) {
    super(byte === undefined ? message : `${message} (at byte ${byte})`);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A raw DEFLATE stream's input ran out before the stream ended (the container words the message). */
export class DeflateInputEnded extends Error {
  override readonly name = 'DeflateInputEnded';
  constructor(readonly byte: number) {
    super(`deflate data ends at byte ${byte} before the stream does`);
  }
}
