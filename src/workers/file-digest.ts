/**
 * SHA-256 of evidence files, read as streams (a 5 GB archive is never held whole). Runs in the
 * scan worker in the app (the page stays responsive) and in-thread in Node.
 */
import { Sha256 } from '../engine/alerts/sha256.ts';

export async function digestBlob(blob: Blob): Promise<string> {
  const hash = new Sha256();
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hash.update(value);
  }
  return hash.hex();
}

/** One digest per blob, in order; one at a time (they share the disk). */
export async function digestBlobs(blobs: readonly Blob[]): Promise<string[]> {
  const digests: string[] = [];
  for (const blob of blobs) digests.push(await digestBlob(blob));
  return digests;
}
