/**
 * What a file is, judged from its first bytes, never from its name. Plain text goes on to the
 * line splitter; containers (until the container stage lands) and binary files are skipped with
 * a reason instead of flooding the summary with "not JSON" lines.
 */

/** As git does for its binary check: enough to see a NUL in any real binary header. */
export const SNIFF_BYTES = 8192;

export type Sniffed = { readonly kind: 'text' } | { readonly kind: 'container' | 'binary'; readonly reason: string };

interface Signature {
  readonly name: string;
  readonly offset: number;
  readonly bytes: readonly number[];
}

const CONTAINERS: readonly Signature[] = [
  { name: 'gzip', offset: 0, bytes: [0x1f, 0x8b] },
  { name: 'zip', offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'zip', offset: 0, bytes: [0x50, 0x4b, 0x05, 0x06] },
  { name: 'zstd', offset: 0, bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: 'bzip2', offset: 0, bytes: [0x42, 0x5a, 0x68] },
  { name: 'xz', offset: 0, bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: '7-Zip', offset: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'tar', offset: 257, bytes: [0x75, 0x73, 0x74, 0x61, 0x72] },
];

/** `prefix` is the first SNIFF_BYTES of the file, or all of it when shorter. */
export function sniff(prefix: Uint8Array): Sniffed {
  const container = CONTAINERS.find((signature) => signature.bytes.every((byte, i) => prefix[signature.offset + i] === byte));
  if (container) return { kind: 'container', reason: `${container.name} data: archives and compressed files are not supported yet` };
  if ((prefix[0] === 0xff && prefix[1] === 0xfe) || (prefix[0] === 0xfe && prefix[1] === 0xff)) {
    return { kind: 'binary', reason: 'UTF-16 text: convert it to UTF-8 to scan it' };
  }
  // JSON text never holds a raw NUL (control characters must be escaped inside strings).
  const nul = prefix.indexOf(0);
  if (nul !== -1) return { kind: 'binary', reason: `binary data (NUL byte at offset ${nul})` };
  return { kind: 'text' };
}
