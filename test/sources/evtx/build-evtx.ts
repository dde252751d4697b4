/**
 * Writes small EVTX files byte by byte for unit tests: a file header, chunks with valid
 * checksums, records whose BinXML is one template instance (definition inline) with typed
 * substitution values. Only what the tests need; the layout follows MS-EVEN6 / libevtx's notes.
 */
import { crc32 } from '../../../src/ingest/containers/crc32.ts';

export type TemplateNode =
  | { readonly element: string; readonly attributes?: readonly (readonly [string, readonly Part[]])[]; readonly children?: readonly TemplateNode[] }
  | Part;

/** Text, or a substitution slot (`optional` = token 0x0e), or raw tokens (entity/char refs, CDATA, PI). */
export type Part = string | { readonly slot: number; readonly type: number; readonly optional?: boolean } | { readonly raw: (w: Writer) => void };

export interface Value {
  readonly type: number;
  /** The value's bytes, or a writer for values that hold chunk offsets (nested BinXML). */
  readonly bytes: readonly number[] | Uint8Array | ((w: Writer) => void);
}

export class Writer {
  readonly out: number[] = [];
  constructor(readonly base: number) {}
  get at(): number {
    return this.base + this.out.length;
  }
  u8(v: number): this {
    this.out.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  u64(v: number): this {
    return this.u32(v % 0x1_0000_0000).u32(Math.floor(v / 0x1_0000_0000));
  }
  bytes(b: readonly number[] | Uint8Array): this {
    for (const x of b) this.u8(x);
    return this;
  }
  utf16(text: string): this {
    for (let i = 0; i < text.length; i++) this.u16(text.charCodeAt(i));
    return this;
  }
  /** A name written inline: its offset points just past the offset field. */
  name(text: string): this {
    this.u32(this.at + 4);
    this.u32(0).u16(0).u16(text.length).utf16(text).u16(0);
    return this;
  }
  /** A name defined earlier in the chunk, by offset. */
  nameAt(offset: number): this {
    return this.u32(offset);
  }
}

function writeNode(w: Writer, node: TemplateNode, inTemplate: boolean): void {
  if (typeof node === 'string') {
    w.u8(0x05).u8(0x01).u16(node.length).utf16(node);
    return;
  }
  if ('slot' in node) {
    w.u8(node.optional ? 0x0e : 0x0d).u16(node.slot).u8(node.type);
    return;
  }
  if ('raw' in node) {
    node.raw(w);
    return;
  }
  const attributes = node.attributes ?? [];
  w.u8(attributes.length > 0 ? 0x41 : 0x01);
  if (inTemplate) w.u16(0xffff);
  w.u32(0); // data size: not read
  w.name(node.element);
  if (attributes.length > 0) w.u32(0); // attribute list size: not read
  attributes.forEach(([name, parts], i) => {
    w.u8(i < attributes.length - 1 ? 0x46 : 0x06).name(name);
    for (const part of parts) writeNode(w, part, inTemplate);
  });
  const children = node.children ?? [];
  if (children.length === 0) {
    w.u8(0x03);
    return;
  }
  w.u8(0x02);
  for (const child of children) writeNode(w, child, inTemplate);
  w.u8(0x04);
}

/** BinXML of a record: fragment header, a template instance with its definition inline, the values. */
export function writeRecordXml(w: Writer, template: TemplateNode, values: readonly Value[]): void {
  w.u8(0x0f).u8(1).u8(1).u8(0);
  w.u8(0x0c).u8(1).u32(0x1234_5678);
  w.u32(w.at + 4); // definition offset: inline
  w.u32(0).bytes(new Array(16).fill(0x11));
  const sizeAt = w.out.length;
  w.u32(0);
  const start = w.out.length;
  w.u8(0x0f).u8(1).u8(1).u8(0);
  writeNode(w, template, true);
  w.u8(0x00);
  const size = w.out.length - start;
  w.out.splice(sizeAt, 4, size & 0xff, (size >>> 8) & 0xff, (size >>> 16) & 0xff, size >>> 24);
  writeValues(w, values);
  w.u8(0x00);
}

/** BinXML of a record that instantiates a template defined earlier in the chunk, at `definitionAt`. */
export function writeRecordRef(w: Writer, definitionAt: number, values: readonly Value[]): void {
  w.u8(0x0f).u8(1).u8(1).u8(0);
  w.u8(0x0c).u8(1).u32(0x1234_5678).u32(definitionAt);
  writeValues(w, values);
  w.u8(0x00);
}

/** Offset of the inline template definition of a chunk's first record (written by writeRecordXml). */
export const FIRST_DEFINITION_AT = 512 + 24 + 4 + 10;

export function writeValues(w: Writer, values: readonly Value[]): void {
  w.u32(values.length);
  const descriptors = w.out.length;
  for (const value of values) w.u16(0).u8(value.type).u8(0);
  values.forEach((value, i) => {
    const start = w.out.length;
    if (typeof value.bytes === 'function') value.bytes(w);
    else w.bytes(value.bytes);
    const size = w.out.length - start;
    w.out[descriptors + 4 * i] = size & 0xff;
    w.out[descriptors + 4 * i + 1] = size >>> 8;
  });
}

export interface RecordSpec {
  readonly id: number;
  /** FILETIME ticks of the record header. */
  readonly written?: number;
  /** Writes the record's BinXML at the writer's position (chunk-relative offsets). */
  readonly xml: (w: Writer) => void;
}

/** A 64 KiB chunk holding `records`, with correct checksums unless told otherwise. */
export function buildChunk(records: readonly RecordSpec[]): Uint8Array {
  const chunk = new Uint8Array(0x10000);
  let at = 512;
  let lastAt = 512;
  for (const record of records) {
    const w = new Writer(at + 24);
    record.xml(w);
    const size = (24 + w.out.length + 4 + 7) & ~7;
    const head = new Writer(at).u32(0x2a2a).u32(size).u64(record.id).u64(record.written ?? 132_000_000_000_000_000);
    chunk.set(head.out, at);
    chunk.set(w.out, at + 24);
    chunk.set(new Writer(0).u32(size).out, at + size - 4);
    lastAt = at;
    at += size;
  }
  const first = records[0]?.id ?? 1;
  const last = records.at(-1)?.id ?? 0;
  const header = new Writer(0).bytes([...'ElfChnk'].map((c) => c.charCodeAt(0))).u8(0).u64(first).u64(last).u64(first).u64(last);
  header.u32(128).u32(lastAt).u32(at);
  chunk.set(header.out, 0);
  chunk.set(new Writer(0).u32(crc32(chunk.subarray(512, at))).out, 52);
  chunk.set(new Writer(0).u32(crc32(chunk.subarray(128, 512), crc32(chunk.subarray(0, 120)))).out, 124);
  return chunk;
}

/** File header (4 KiB block) for `chunkCount` chunks, then the chunks. */
export function buildFile(chunks: readonly Uint8Array[], flags = 0): Uint8Array {
  const head = new Uint8Array(4096);
  const w = new Writer(0).bytes([...'ElfFile'].map((c) => c.charCodeAt(0))).u8(0);
  w.u64(0).u64(Math.max(0, chunks.length - 1)).u64(1).u32(128).u16(1).u16(3).u16(4096).u16(chunks.length);
  head.set(w.out, 0);
  head.set(new Writer(0).u32(flags).out, 120);
  head.set(new Writer(0).u32(crc32(head.subarray(0, 120))).out, 124);
  const file = new Uint8Array(4096 + 0x10000 * chunks.length);
  file.set(head, 0);
  chunks.forEach((chunk, i) => file.set(chunk, 4096 + 0x10000 * i));
  return file;
}

/** Little-endian bytes of a value for a substitution. */
export const le = {
  u8: (v: number) => [v & 0xff],
  u16: (v: number) => new Writer(0).u16(v).out,
  u32: (v: number) => new Writer(0).u32(v).out,
  u64: (v: bigint) => Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn)),
  f32: (v: number) => [...new Uint8Array(new Float32Array([v]).buffer)],
  f64: (v: number) => [...new Uint8Array(new Float64Array([v]).buffer)],
  utf16: (text: string) => new Writer(0).utf16(text).out,
};
