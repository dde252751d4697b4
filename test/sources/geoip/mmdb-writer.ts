/**
 * A MaxMind DB writer for tests, written from the format 2.0 spec (not from any reader): a binary
 * trie of the given networks (IPv4 networks of an IPv6 database go under ::/96), records of
 * 24/28/32 bits, a data section where repeated strings become pointers, and the metadata map
 * after the `\xAB\xCD\xEFMaxMind.com` marker. Values: strings, non-negative integers (uint16/32,
 * uint64/128 for bigint), negative integers (int32), non-integers (double; `{ float }` for
 * float), booleans, bytes, arrays, maps.
 */
import { parseIp } from '../../../src/sources/common/geoip/ip.ts';

export type WriterValue = string | number | bigint | boolean | Uint8Array | { readonly float: number } | WriterValue[] | { [key: string]: WriterValue };

export interface WriterOptions {
  readonly ipVersion: 4 | 6;
  readonly recordSize: 24 | 28 | 32;
  readonly databaseType?: string;
  readonly networks: readonly { readonly cidr: string; readonly data: WriterValue }[];
  /** Bytes of filler at the start of the data section, so pointers of every size are needed. */
  readonly padding?: number;
  /** Replaces the metadata (to write broken databases). */
  readonly metadata?: { [key: string]: WriterValue };
}

type Child = { node: number } | { data: WriterValue } | undefined;

class Bytes {
  readonly parts: number[] = [];
  add(values: Iterable<number>): void {
    for (const value of values) this.parts.push(value & 0xff);
  }
  get length(): number {
    return this.parts.length;
  }
}

function uintBytes(value: bigint | number, size: number): number[] {
  let rest = BigInt(value);
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    out.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return out;
}

function minimalSize(value: bigint | number): number {
  let size = 0;
  let rest = BigInt(value);
  while (rest > 0n) {
    size++;
    rest >>= 8n;
  }
  return size;
}

class DataWriter {
  readonly out = new Bytes();
  private readonly strings = new Map<string, number>();

  constructor(private readonly usePointers: boolean) {}

  private control(type: number, size: number): void {
    const [sizeBits, extra] = size < 29 ? [size, []] : size < 285 ? [29, [size - 29]] : size < 65821 ? [30, uintBytes(size - 285, 2)] : [31, uintBytes(size - 65821, 3)];
    this.out.add(type < 8 ? [(type << 5) | sizeBits] : [sizeBits, type - 7]);
    this.out.add(extra);
  }

  pointer(offset: number): void {
    if (offset < 2048) this.out.add([(1 << 5) | (offset >> 8), offset]);
    else if (offset < 2048 + 524288) this.out.add([(1 << 5) | (1 << 3) | ((offset - 2048) >> 16), ...uintBytes(offset - 2048, 2)]);
    else if (offset < 526336 + 134217728) this.out.add([(1 << 5) | (2 << 3) | ((offset - 526336) >> 24), ...uintBytes(offset - 526336, 3)]);
    else this.out.add([(1 << 5) | (3 << 3), ...uintBytes(offset, 4)]);
  }

  write(value: WriterValue): number {
    const at = this.out.length;
    if (typeof value === 'string') {
      const seen = this.strings.get(value);
      if (this.usePointers && seen !== undefined) {
        this.pointer(seen);
        return at;
      }
      const bytes = new TextEncoder().encode(value);
      this.control(2, bytes.length);
      this.out.add(bytes);
      this.strings.set(value, at);
    } else if (typeof value === 'boolean') this.control(14, value ? 1 : 0);
    else if (typeof value === 'bigint') {
      const size = minimalSize(value);
      this.control(size > 8 ? 10 : 9, size);
      this.out.add([...uintBytes(value, size)]);
    } else if (typeof value === 'number') {
      if (Number.isInteger(value) && value < 0) {
        this.control(8, 4);
        this.out.add([...uintBytes(BigInt.asUintN(32, BigInt(value)), 4)]);
      } else if (Number.isInteger(value)) {
        const size = minimalSize(value);
        this.control(size <= 2 ? 5 : size <= 4 ? 6 : 9, size);
        this.out.add([...uintBytes(value, size)]);
      } else {
        this.control(3, 8);
        const view = new DataView(new ArrayBuffer(8));
        view.setFloat64(0, value);
        this.out.add([...new Uint8Array(view.buffer)]);
      }
    } else if (value instanceof Uint8Array) {
      this.control(4, value.length);
      this.out.add(value);
    } else if (Array.isArray(value)) {
      this.control(11, value.length);
      for (const item of value) this.write(item);
    } else if ('float' in value && typeof value.float === 'number' && Object.keys(value).length === 1) {
      this.control(15, 4);
      const view = new DataView(new ArrayBuffer(4));
      view.setFloat32(0, value.float);
      this.out.add([...new Uint8Array(view.buffer)]);
    } else {
      const entries = Object.entries(value);
      this.control(7, entries.length);
      for (const [key, item] of entries) {
        this.write(key);
        this.write(item);
      }
    }
    return at;
  }
}

function networkBits(cidr: string, ipVersion: 4 | 6): number[] {
  const [address, prefixText] = cidr.split('/');
  const bytes = parseIp(address!);
  if (!bytes) throw new Error(`bad network ${cidr}`);
  let prefix = Number(prefixText ?? bytes.length * 8);
  const bits: number[] = [];
  if (bytes.length === 4 && ipVersion === 6) {
    for (let i = 0; i < 96; i++) bits.push(0);
  }
  for (let i = 0; i < bytes.length * 8; i++) bits.push((bytes[i >> 3]! >> (7 - (i & 7))) & 1);
  if (bytes.length === 4 && ipVersion === 6) prefix += 96;
  return bits.slice(0, prefix);
}

export function writeMmdb(options: WriterOptions): Uint8Array {
  const nodes: [Child, Child][] = [[undefined, undefined]];
  for (const { cidr, data } of options.networks) {
    const bits = networkBits(cidr, options.ipVersion);
    let node = 0;
    bits.forEach((bit, i) => {
      if (i === bits.length - 1) {
        nodes[node]![bit] = { data };
        return;
      }
      const child = nodes[node]![bit];
      if (child !== undefined && 'node' in child) node = child.node;
      else {
        nodes.push([undefined, undefined]);
        nodes[node]![bit] = { node: nodes.length - 1 };
        node = nodes.length - 1;
      }
    });
  }
  const nodeCount = nodes.length;
  const data = new DataWriter(true);
  if (options.padding) data.write('x'.repeat(options.padding));
  const offsets = new Map<WriterValue, number>();
  const recordOf = (child: Child): number => {
    if (child === undefined) return nodeCount;
    if ('node' in child) return child.node;
    let offset = offsets.get(child.data);
    if (offset === undefined) offsets.set(child.data, (offset = data.write(child.data)));
    return nodeCount + 16 + offset;
  };
  const tree = new Bytes();
  for (const [left, right] of nodes) {
    const l = recordOf(left);
    const r = recordOf(right);
    if (options.recordSize === 24) tree.add([...uintBytes(l, 3), ...uintBytes(r, 3)]);
    else if (options.recordSize === 28) tree.add([...uintBytes(l, 3), ((l >> 24) << 4) | (r >> 24), ...uintBytes(r, 3)]);
    else tree.add([...uintBytes(l, 4), ...uintBytes(r, 4)]);
  }
  const metadata = new DataWriter(false);
  metadata.write(
    options.metadata ?? {
      node_count: nodeCount,
      record_size: options.recordSize,
      ip_version: options.ipVersion,
      database_type: options.databaseType ?? 'Loupe-Test',
      languages: ['en'],
      binary_format_major_version: 2,
      binary_format_minor_version: 0,
      build_epoch: 1700000000n,
      description: { en: 'written by the Loupe tests' },
    },
  );
  const marker = [0xab, 0xcd, 0xef, ...new TextEncoder().encode('MaxMind.com')];
  return new Uint8Array([...tree.parts, ...new Array<number>(16).fill(0), ...data.out.parts, ...marker, ...metadata.out.parts]);
}
