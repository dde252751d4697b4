/**
 * A reader of MaxMind DB files (`.mmdb`, format 2.0: https://maxmind.github.io/MaxMind-DB/), the
 * format of GeoLite2/GeoIP2 City, Country and ASN databases that Elasticsearch's geoip processor
 * reads. Pure TypeScript over a Uint8Array: no Node or DOM APIs, so it runs in Workers and the CLI.
 *
 * Layout: binary search tree (node_count nodes of two records of 24, 28 or 32 bits), 16 zero
 * bytes, data section, then `\xAB\xCD\xEFMaxMind.com` and the metadata map. A record equal to
 * node_count means "no data"; greater, a data-section offset (record - node_count - 16).
 * IPv4 addresses in an IPv6 tree are looked up under ::/96 (the databases alias ::ffff:0:0/96
 * and 2002::/16 to that subtree).
 *
 * Damaged or hostile files raise MmdbError (never an out-of-range read or unbounded recursion).
 */
import { parseIp } from './ip.ts';

export class MmdbError extends Error {
  override name = 'MmdbError';
}

export type MmdbValue = string | number | bigint | boolean | Uint8Array | MmdbValue[] | { [key: string]: MmdbValue };

export interface MmdbMetadata {
  readonly nodeCount: number;
  readonly recordSize: 24 | 28 | 32;
  readonly ipVersion: 4 | 6;
  readonly databaseType: string;
  readonly languages: readonly string[];
  readonly buildEpoch: number;
  readonly formatMajor: number;
  readonly formatMinor: number;
}

export interface MmdbResult {
  readonly data: MmdbValue;
  /** The network's prefix length in the tree's address family (an IPv4 result in an IPv6 tree counts the 96 leading bits). */
  readonly prefixLength: number;
}

const METADATA_MARKER = [0xab, 0xcd, 0xef, ...Array.from('MaxMind.com', (char) => char.charCodeAt(0))];
/** The metadata is within the file's last 128 KiB (spec). */
const METADATA_WINDOW = 128 * 1024;
const DATA_SEPARATOR = 16;
/** Nesting deeper than this is not a real database (MaxMind's own readers stop near here). */
const MAX_DEPTH = 512;
/** Decoded records kept by offset: many addresses share one record. */
const CACHE_ENTRIES = 4096;

/** Added to 2- and 3-byte pointers (spec). */
const POINTER_BIAS = [0, 2048, 526336, 0];

/** TextDecoder exists in every host Loupe runs in; the engine's type config lacks the DOM types that declare it. */
const utf8 = new (globalThis as unknown as { TextDecoder: new (label: string) => { decode(bytes: Uint8Array): string } }).TextDecoder('utf-8');

/** Decodes the data-section format from `base` (pointers are relative to it). */
class Decoder {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly base: number,
    private readonly end: number,
  ) {}

  decode(offset: number): MmdbValue {
    return this.value(this.base + offset, 0).value;
  }

  private need(at: number, count: number): void {
    if (at < this.base || at + count > this.end) throw new MmdbError(`data at byte ${at} runs past the data section`);
  }

  private uint(at: number, size: number): number {
    this.need(at, size);
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + this.bytes[at + i]!;
    return value;
  }

  private big(at: number, size: number): bigint {
    this.need(at, size);
    let value = 0n;
    for (let i = 0; i < size; i++) value = (value << 8n) | BigInt(this.bytes[at + i]!);
    return value;
  }

  private value(at: number, depth: number): { value: MmdbValue; next: number } {
    if (depth > MAX_DEPTH) throw new MmdbError('data nested too deeply');
    this.need(at, 1);
    const control = this.bytes[at]!;
    let cursor = at + 1;
    let type = control >> 5;
    if (type === 1) return this.pointer(control, cursor, depth);
    if (type === 0) {
      this.need(cursor, 1);
      type = 7 + this.bytes[cursor++]!;
    }
    let size = control & 0x1f;
    if (size === 29) size = 29 + this.uint(cursor++, 1);
    else if (size === 30) {
      size = 285 + this.uint(cursor, 2);
      cursor += 2;
    } else if (size === 31) {
      size = 65821 + this.uint(cursor, 3);
      cursor += 3;
    }
    switch (type) {
      case 2:
        this.need(cursor, size);
        return { value: utf8.decode(this.bytes.subarray(cursor, cursor + size)), next: cursor + size };
      case 3:
        return { value: this.float(cursor, size, 8), next: cursor + size };
      case 15:
        return { value: this.float(cursor, size, 4), next: cursor + size };
      case 4:
        this.need(cursor, size);
        return { value: this.bytes.slice(cursor, cursor + size), next: cursor + size };
      case 5:
      case 6:
        if (size > (type === 5 ? 2 : 4)) throw new MmdbError(`unsigned integer of ${size} bytes at byte ${at}`);
        return { value: this.uint(cursor, size), next: cursor + size };
      case 8: {
        if (size > 4) throw new MmdbError(`int32 of ${size} bytes at byte ${at}`);
        const raw = this.uint(cursor, size);
        return { value: size === 4 ? raw | 0 : raw, next: cursor + size };
      }
      case 9:
      case 10: {
        if (size > (type === 9 ? 8 : 16)) throw new MmdbError(`unsigned integer of ${size} bytes at byte ${at}`);
        const value = this.big(cursor, size);
        return { value: value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value, next: cursor + size };
      }
      case 7:
        return this.map(cursor, size, depth);
      case 11: {
        const items: MmdbValue[] = [];
        for (let i = 0; i < size; i++) {
          const item = this.value(cursor, depth + 1);
          items.push(item.value);
          cursor = item.next;
        }
        return { value: items, next: cursor };
      }
      case 14:
        if (size > 1) throw new MmdbError(`boolean of value ${size} at byte ${at}`);
        return { value: size === 1, next: cursor };
      default:
        throw new MmdbError(`unknown data type ${type} at byte ${at}`);
    }
  }

  private float(at: number, size: number, expected: number): number {
    if (size !== expected) throw new MmdbError(`${expected === 8 ? 'double' : 'float'} of ${size} bytes at byte ${at}`);
    this.need(at, size);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + at, size);
    return size === 8 ? view.getFloat64(0) : view.getFloat32(0);
  }

  private map(at: number, size: number, depth: number): { value: MmdbValue; next: number } {
    const out: { [key: string]: MmdbValue } = {};
    let cursor = at;
    for (let i = 0; i < size; i++) {
      const key = this.value(cursor, depth + 1);
      if (typeof key.value !== 'string') throw new MmdbError(`map key at byte ${cursor} is not a string`);
      const item = this.value(key.next, depth + 1);
      // Keys come from the file: an own data property even for `__proto__`.
      Object.defineProperty(out, key.value, { value: item.value, enumerable: true, writable: true, configurable: true });
      cursor = item.next;
    }
    return { value: out, next: cursor };
  }

  /** A pointer's target is decoded in place of the pointer; the value after the pointer follows it. */
  private pointer(control: number, at: number, depth: number): { value: MmdbValue; next: number } {
    const sizeBits = (control >> 3) & 3;
    const high = control & 7;
    // Pointer sizes 1-3 add the high bits and a bias (spec); size 4 is a plain 32-bit offset.
    const length = sizeBits + 1;
    const target = sizeBits === 3 ? this.uint(at, 4) : high * 256 ** length + this.uint(at, length) + POINTER_BIAS[sizeBits]!;
    const next = at + length;
    const resolved = this.base + target;
    this.need(resolved, 1);
    if (this.bytes[resolved]! >> 5 === 1) throw new MmdbError(`pointer at byte ${at - 1} points to another pointer`);
    return { value: this.value(resolved, depth + 1).value, next };
  }
}

function findMetadata(bytes: Uint8Array): number {
  const stop = Math.max(0, bytes.length - METADATA_WINDOW);
  outer: for (let i = bytes.length - METADATA_MARKER.length; i >= stop; i--) {
    for (let j = 0; j < METADATA_MARKER.length; j++) if (bytes[i + j] !== METADATA_MARKER[j]) continue outer;
    return i + METADATA_MARKER.length;
  }
  throw new MmdbError('not a MaxMind DB file: no metadata marker in its last 128 KiB');
}

function readMetadata(raw: MmdbValue): MmdbMetadata {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array) throw new MmdbError('metadata is not a map');
  const field = (name: string): MmdbValue | undefined => (Object.prototype.hasOwnProperty.call(raw, name) ? raw[name] : undefined);
  const integer = (name: string): number => {
    const value = field(name);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new MmdbError(`metadata ${name} is missing or not an unsigned integer`);
    return value;
  };
  const recordSize = integer('record_size');
  if (recordSize !== 24 && recordSize !== 28 && recordSize !== 32) throw new MmdbError(`record size ${recordSize} is not 24, 28 or 32`);
  const ipVersion = integer('ip_version');
  if (ipVersion !== 4 && ipVersion !== 6) throw new MmdbError(`ip_version ${ipVersion} is not 4 or 6`);
  const formatMajor = integer('binary_format_major_version');
  if (formatMajor !== 2) throw new MmdbError(`binary format ${formatMajor} is not 2`);
  const languages = field('languages');
  const databaseType = field('database_type');
  return {
    nodeCount: integer('node_count'),
    recordSize,
    ipVersion,
    databaseType: typeof databaseType === 'string' ? databaseType : '',
    languages: Array.isArray(languages) ? languages.filter((item): item is string => typeof item === 'string') : [],
    buildEpoch: typeof field('build_epoch') === 'number' ? (field('build_epoch') as number) : 0,
    formatMajor,
    formatMinor: typeof field('binary_format_minor_version') === 'number' ? (field('binary_format_minor_version') as number) : 0,
  };
}

export class MmdbReader {
  readonly metadata: MmdbMetadata;
  private readonly treeSize: number;
  private readonly nodeBytes: number;
  private readonly decoder: Decoder;
  private readonly ipv4Start: number;
  private readonly cache = new Map<number, MmdbValue>();

  /** Reads the metadata and checks the layout; throws MmdbError when the bytes are not a usable database. */
  constructor(private readonly bytes: Uint8Array) {
    const metaStart = findMetadata(bytes);
    const metaEnd = bytes.length;
    this.metadata = readMetadata(new Decoder(bytes, metaStart, metaEnd).decode(0));
    this.nodeBytes = this.metadata.recordSize / 4;
    this.treeSize = this.metadata.nodeCount * this.nodeBytes;
    const dataStart = this.treeSize + DATA_SEPARATOR;
    if (dataStart > metaStart - METADATA_MARKER.length) throw new MmdbError(`search tree of ${this.metadata.nodeCount} nodes is larger than the file`);
    this.decoder = new Decoder(bytes, dataStart, metaStart - METADATA_MARKER.length);
    this.ipv4Start = this.findIpv4Start();
  }

  private record(node: number, bit: number): number {
    const at = node * this.nodeBytes;
    const b = this.bytes;
    switch (this.metadata.recordSize) {
      case 24:
        return bit === 0 ? (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]! : (b[at + 3]! << 16) | (b[at + 4]! << 8) | b[at + 5]!;
      case 28:
        return bit === 0
          ? ((b[at + 3]! & 0xf0) << 20) | (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!
          : ((b[at + 3]! & 0x0f) << 24) | (b[at + 4]! << 16) | (b[at + 5]! << 8) | b[at + 6]!;
      default: {
        const offset = at + bit * 4;
        return ((b[offset]! << 24) >>> 0) + ((b[offset + 1]! << 16) | (b[offset + 2]! << 8) | b[offset + 3]!);
      }
    }
  }

  /** The node reached after 96 zero bits: where IPv4 addresses start in an IPv6 tree. */
  private findIpv4Start(): number {
    if (this.metadata.ipVersion === 4) return 0;
    let node = 0;
    for (let i = 0; i < 96 && node < this.metadata.nodeCount; i++) node = this.record(node, 0);
    return node;
  }

  /** The data for an address (text or 4/16 bytes); undefined when the tree holds none for it. */
  lookup(address: string | Uint8Array): MmdbResult | undefined {
    const ip = typeof address === 'string' ? parseIp(address) : address;
    if (ip === undefined) throw new MmdbError(`not an IP address: ${String(address)}`);
    if (ip.length === 16 && this.metadata.ipVersion === 4) return undefined;
    const nodeCount = this.metadata.nodeCount;
    let node = ip.length === 4 ? this.ipv4Start : 0;
    const depth = ip.length === 4 && this.metadata.ipVersion === 6 ? 96 : 0;
    const bits = ip.length * 8;
    let i = 0;
    for (; i < bits && node < nodeCount; i++) {
      const bit = (ip[i >> 3]! >> (7 - (i & 7))) & 1;
      node = this.record(node, bit);
    }
    if (node === nodeCount) return undefined;
    if (node < nodeCount) throw new MmdbError('search tree ends in a node, not data');
    const offset = node - nodeCount - DATA_SEPARATOR;
    return { data: this.dataAt(offset), prefixLength: depth + i };
  }

  private dataAt(offset: number): MmdbValue {
    const cached = this.cache.get(offset);
    if (cached !== undefined) return cached;
    const value = this.decoder.decode(offset);
    if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
    this.cache.set(offset, value);
    return value;
  }
}
