/**
 * Which container a stream is, from its first bytes only: never from a file name (evidence is
 * renamed, `.log` files are gzip, `.json` files are zips). Formats without a reader here are
 * named so the summary can say what they were.
 */

export type ContainerKind = 'gzip' | 'zip' | 'tar' | 'zstd';

export type Detected = { readonly kind: ContainerKind } | { readonly kind: 'unsupported'; readonly format: string } | { readonly kind: 'none' };

interface Signature {
  readonly format: string;
  readonly bytes: readonly number[];
}

const READABLE: readonly (Signature & { readonly kind: ContainerKind })[] = [
  { kind: 'gzip', format: 'gzip', bytes: [0x1f, 0x8b, 0x08] },
  { kind: 'zip', format: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: 'zip', format: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
  // A zip written for spanning starts with a lone data descriptor signature.
  { kind: 'zip', format: 'zip', bytes: [0x50, 0x4b, 0x07, 0x08, 0x50, 0x4b, 0x03, 0x04] },
  { kind: 'zstd', format: 'zstd', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
];

const UNREADABLE: readonly Signature[] = [
  { format: 'bzip2', bytes: [0x42, 0x5a, 0x68] },
  { format: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { format: '7-Zip', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { format: 'RAR', bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { format: 'lz4', bytes: [0x04, 0x22, 0x4d, 0x18] },
];

/** Enough for a tar header (the magic sits at 257). */
export const DETECT_BYTES = 512;

export function detectContainer(prefix: Uint8Array): Detected {
  const starts = (bytes: readonly number[]) => bytes.every((byte, i) => prefix[i] === byte);
  const readable = READABLE.find((signature) => starts(signature.bytes));
  if (readable) return { kind: readable.kind };
  const unreadable = UNREADABLE.find((signature) => starts(signature.bytes));
  if (unreadable) return { kind: 'unsupported', format: unreadable.format };
  if (isTarHeader(prefix)) return { kind: 'tar' };
  return { kind: 'none' };
}

/** ustar/GNU magic, or (for pre-POSIX v7 archives without one) a header block whose checksum holds. */
function isTarHeader(block: Uint8Array): boolean {
  if (block.length < 512) return false;
  if (isUstarHeader(block)) return true;
  return block[0] !== 0 && checksumHolds(block);
}

const USTAR = [0x75, 0x73, 0x74, 0x61, 0x72];

/** A 512-byte block that is a ustar (or GNU) tar header: the magic at 257, then the checksum (cheap on data: the magic's first byte rarely matches). */
export function isUstarHeader(block: Uint8Array): boolean {
  return block.length >= 512 && USTAR.every((byte, i) => block[257 + i] === byte) && checksumHolds(block);
}

/** Header bytes as text, one character per byte. */
function ascii(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

function checksumHolds(block: Uint8Array): boolean {
  const field = ascii(block.subarray(148, 156)).replace(/[\0 ]+$/, '').trim();
  if (!/^[0-7]{1,7}$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] as number);
  return sum === parseInt(field, 8);
}
