/**
 * IP addresses as Elasticsearch's `ip` field parses them (`InetAddresses.forString`): dotted-quad
 * IPv4 (no leading zeros, as ES rejects them), IPv6 with `::` compression and an embedded dotted
 * quad, a `%scope` suffix ignored. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is the IPv4 address, as Java
 * returns an Inet4Address for it. ES indexes every address as 16 bytes (IPv4 mapped into
 * `::ffff:0:0/96`), so comparisons and CIDR checks work on that form.
 */
import { remembered } from './recent.ts';

export interface IpAddress {
  /** 4 bytes for IPv4, 16 for IPv6 (IPv4-mapped IPv6 normalised to 4). */
  readonly bytes: Uint8Array;
}

export interface CidrBlock {
  readonly network: IpAddress;
  readonly prefixLength: number;
}

const IPV4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Parsed once per text lately seen (the same host and peer addresses recur on every event). */
export const parseIp: (text: string) => IpAddress | null = remembered(parseAddress);

function parseAddress(text: string): IpAddress | null {
  const scope = text.indexOf('%');
  // A trailing `%` with an empty scope is rejected; otherwise the scope is ignored.
  if (scope === text.length - 1) return null;
  const address = scope === -1 ? text : text.slice(0, scope);
  const lastColon = address.lastIndexOf(':');
  if (lastColon === -1) {
    const bytes = parseIpv4(address);
    return bytes === null ? null : { bytes };
  }
  if (address.indexOf('.') !== -1 && address.indexOf('.') < lastColon) return null;
  const bytes = parseIpv6(address, lastColon);
  if (bytes === null) return null;
  return { bytes: isIpv4Mapped(bytes) ? bytes.slice(12) : bytes };
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    bytes[i] = octet;
  }
  return bytes;
}

function parseIpv6(text: string, lastColon: number): Uint8Array | null {
  let body = text;
  if (text.indexOf('.', lastColon) !== -1) {
    // An embedded dotted quad stands for the last two hextets.
    const quad = parseIpv4(text.slice(lastColon + 1));
    if (quad === null) return null;
    body = `${text.slice(0, lastColon + 1)}${hexPair(quad[0]!, quad[1]!)}:${hexPair(quad[2]!, quad[3]!)}`;
  }
  const compression = body.indexOf('::');
  if (compression !== -1 && body.indexOf('::', compression + 1) !== -1) return null;
  const head = parseHextets(compression === -1 ? body : body.slice(0, compression));
  const tail = parseHextets(compression === -1 ? '' : body.slice(compression + 2));
  if (head === null || tail === null) return null;
  const explicit = head.length + tail.length;
  if (compression === -1 ? explicit !== 8 : explicit > 7) return null;
  const bytes = new Uint8Array(16);
  const place = (hextets: readonly number[], firstIndex: number): void => {
    hextets.forEach((hextet, i) => {
      bytes[2 * (firstIndex + i)] = hextet >> 8;
      bytes[2 * (firstIndex + i) + 1] = hextet & 0xff;
    });
  };
  place(head, 0);
  place(tail, 8 - tail.length);
  return bytes;
}

/** Colon-separated hextets (`""` is none); null if a group is empty or not a 16-bit hex number. */
function parseHextets(text: string): number[] | null {
  if (text === '') return [];
  const hextets: number[] = [];
  for (const group of text.split(':')) {
    // ES accepts any number of hex digits as long as the value fits 16 bits.
    if (!/^[0-9a-fA-F]+$/.test(group)) return null;
    const value = parseInt(group, 16);
    if (value > 0xffff) return null;
    hextets.push(value);
  }
  return hextets;
}

function hexPair(high: number, low: number): string {
  return ((high << 8) | low).toString(16);
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  return IPV4_MAPPED_PREFIX.every((byte, i) => bytes[i] === byte);
}

/** The 16-byte form ES indexes (IPv4 mapped into `::ffff:0:0/96`). */
function toIndexedBytes(address: IpAddress): Uint8Array {
  if (address.bytes.length === 16) return address.bytes;
  const bytes = new Uint8Array(16);
  bytes.set(IPV4_MAPPED_PREFIX);
  bytes.set(address.bytes, 12);
  return bytes;
}

/**
 * `10.0.0.0/8`, `fe80::/10`, or a single address (full-length prefix); null if invalid. As in ES,
 * host bits may be set (`10.1.2.3/8` is `10.0.0.0/8`), and a prefix on an IPv4-mapped address
 * written in IPv6 form is rejected (ambiguous between v4 and v6 prefix lengths).
 */
export function parseCidr(text: string): CidrBlock | null {
  const slash = text.indexOf('/');
  if (slash === -1) {
    const network = parseIp(text);
    return network === null ? null : { network, prefixLength: network.bytes.length * 8 };
  }
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const network = parseIp(addressText);
  if (network === null || !/^\+?\d{1,3}$/.test(prefixText)) return null;
  if (network.bytes.length === 4 && addressText.includes(':')) return null;
  const prefixLength = Number(prefixText);
  if (prefixLength > network.bytes.length * 8) return null;
  return { network, prefixLength };
}

/** Byte `i` (0-15) of an address's 16-byte indexed form (toIndexedBytes), without building that form. */
function indexedByte(bytes: Uint8Array, i: number): number {
  if (bytes.length === 16) return bytes[i]!;
  return i < 12 ? IPV4_MAPPED_PREFIX[i]! : bytes[i - 12]!;
}

// Compares the indexed forms byte by byte in place: rules test an address against dozens of
// blocks (`not cidrmatch(destination.ip, "10.0.0.0/8", ...)`), and two 16-byte copies per block
// were most of the allocation of a whole-library scan's rule conditions.
export function cidrContains(block: CidrBlock, address: IpAddress): boolean {
  const network = block.network.bytes;
  const candidate = address.bytes;
  const prefix = block.prefixLength + (network.length === 4 ? 96 : 0);
  const fullBytes = prefix >> 3;
  for (let i = 0; i < fullBytes; i++) {
    if (indexedByte(network, i) !== indexedByte(candidate, i)) return false;
  }
  const remainingBits = prefix & 7;
  if (remainingBits === 0) return true;
  const mask = (0xff << (8 - remainingBits)) & 0xff;
  return (indexedByte(network, fullBytes) & mask) === (indexedByte(candidate, fullBytes) & mask);
}

/** A string equal for two addresses exactly when `compareIp` finds them equal (set keys). */
export function ipKey(address: IpAddress): string {
  return toIndexedBytes(address).join('.');
}

/** Orders addresses as ES sorts `ip` values: by their 16-byte indexed form. */
export function compareIp(a: IpAddress, b: IpAddress): number {
  const left = toIndexedBytes(a);
  const right = toIndexedBytes(b);
  for (let i = 0; i < 16; i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return 0;
}
