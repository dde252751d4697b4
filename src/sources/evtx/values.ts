/**
 * BinXML substitution values (EVT_VARIANT_TYPE) rendered to text as Windows' event XML renders
 * them: integers in decimal, HexInt32/HexInt64/SizeT as `0x` + lower-case hex without padding,
 * GUIDs as `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` (lower case, as current Windows and every
 * Winlogbeat golden write them; older Windows wrote upper case and Winlogbeat's own tests
 * compare GUIDs ignoring case), binary as
 * upper-case hex, booleans as `true`/`false`, SIDs as `S-1-5-…`, FILETIME with 7 fractional
 * digits, SYSTEMTIME with milliseconds. Arrays (type | 0x80) become one string per item; the
 * template instantiation repeats the containing element once per item (MS-EVEN6 "Array Types").
 */
import { ansi, hex, HEX2, hex64, i32, u16, u32, u64Big, utf16, utf16z } from './bytes.ts';
import { EvtxFormatError } from './errors.ts';
import { filetimeIso, systemtimeIso } from './time.ts';
import type { XmlNode } from './xml.ts';

/** A nested BinXML fragment (value type 0x21), already expanded. */
export class Fragment {
  constructor(readonly nodes: readonly XmlNode[]) {}
}

/** `null` is EvtVarTypeNull: "the element that contains the content does not exist". */
export type SubstitutionValue = null | string | readonly string[] | Fragment;

export const ValueType = {
  Null: 0x00,
  String: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  SizeT: 0x10,
  FileTime: 0x11,
  SysTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  EvtHandle: 0x20,
  BinXml: 0x21,
  EvtXml: 0x23,
  ArrayFlag: 0x80,
} as const;

/** Byte size of one item of a fixed-size type; 0 for variable-size types. */
function fixedSize(type: number, size: number): number {
  switch (type) {
    case ValueType.Int8:
    case ValueType.UInt8:
      return 1;
    case ValueType.Int16:
    case ValueType.UInt16:
      return 2;
    case ValueType.Int32:
    case ValueType.UInt32:
    case ValueType.Real32:
    case ValueType.Bool:
    case ValueType.HexInt32:
      return 4;
    case ValueType.Int64:
    case ValueType.UInt64:
    case ValueType.Real64:
    case ValueType.FileTime:
    case ValueType.HexInt64:
      return 8;
    case ValueType.Guid:
    case ValueType.SysTime:
      return 16;
    case ValueType.SizeT:
      return size === 4 ? 4 : 8;
    default:
      return 0;
  }
}

/**
 * The value of `type` stored in `size` bytes at `at`. `fragment` expands a nested BinXML value
 * (it needs the chunk's templates and names). Throws EvtxFormatError for an unknown type.
 */
export function decodeValue(
  bytes: Uint8Array,
  at: number,
  size: number,
  type: number,
  fragment: (at: number, size: number) => readonly XmlNode[],
): SubstitutionValue {
  if (type === ValueType.Null) return null;
  if (type & ValueType.ArrayFlag) return decodeArray(bytes, at, size, type & 0x7f);
  switch (type) {
    case ValueType.String:
      return utf16z(bytes, at, size >>> 1);
    case ValueType.AnsiString:
      return ansi(bytes, at, size);
    case ValueType.Binary:
      return binaryHex(bytes, at, size);
    case ValueType.Sid:
      return sidString(bytes, at, size);
    case ValueType.BinXml:
    case ValueType.EvtXml:
      return new Fragment(fragment(at, size));
    case ValueType.EvtHandle:
      return size === 8 ? u64Big(bytes, at).toString() : String(u32(bytes, at));
    case ValueType.Bool:
      // win:Boolean is 4 bytes, but writers store it in fewer too (and values other than 0 and 1): any set bit is true.
      return bytes.subarray(at, at + Math.min(size, 4)).some((b) => b !== 0) ? 'true' : 'false';
    default: {
      const width = fixedSize(type, size);
      if (width === 0) throw new EvtxFormatError(`unknown value type 0x${hex(type, 2)}`);
      if (size < width) throw new EvtxFormatError(`value of type 0x${hex(type, 2)} needs ${width} bytes, has ${size}`);
      return scalar(bytes, at, type, width);
    }
  }
}

function decodeArray(bytes: Uint8Array, at: number, size: number, type: number): readonly string[] {
  if (type === ValueType.String) return splitStrings(utf16(bytes, at, size >>> 1));
  if (type === ValueType.AnsiString) return splitStrings(latin(bytes, at, size));
  if (type === ValueType.Sid) return sidArray(bytes, at, size);
  const width = fixedSize(type, type === ValueType.SizeT ? 8 : 0);
  if (width === 0) throw new EvtxFormatError(`unknown array value type 0x${hex(type | 0x80, 2)}`);
  const items: string[] = [];
  for (let p = at; p + width <= at + size; p += width) items.push(scalar(bytes, p, type, width));
  return items;
}

/** NUL-separated strings; the final terminator does not start another item. */
function splitStrings(text: string): string[] {
  const items = text.split('\0');
  if (items.length > 1 && items[items.length - 1] === '') items.pop();
  return items;
}

function latin(bytes: Uint8Array, at: number, size: number): string {
  let text = '';
  for (let i = 0; i < size; i++) text += bytes[at + i] === 0 ? '\0' : ansi(bytes, at + i, 1);
  return text;
}

function scalar(bytes: Uint8Array, at: number, type: number, width: number): string {
  switch (type) {
    case ValueType.Int8:
      return String((bytes[at]! << 24) >> 24);
    case ValueType.UInt8:
      return String(bytes[at]!);
    case ValueType.Int16:
      return String((u16(bytes, at) << 16) >> 16);
    case ValueType.UInt16:
      return String(u16(bytes, at));
    case ValueType.Int32:
      return String(i32(bytes, at));
    case ValueType.UInt32:
      return String(u32(bytes, at));
    case ValueType.Int64: {
      const high = i32(bytes, at + 4); // exact as a number while |value| < 2^53
      return high >= -0x20_0000 && high < 0x20_0000 ? String(high * 0x1_0000_0000 + u32(bytes, at)) : BigInt.asIntN(64, u64Big(bytes, at)).toString();
    }
    case ValueType.UInt64: {
      const high = u32(bytes, at + 4);
      return high < 0x20_0000 ? String(high * 0x1_0000_0000 + u32(bytes, at)) : u64Big(bytes, at).toString();
    }
    case ValueType.Real32:
      return float32Text(new DataView(bytes.buffer, bytes.byteOffset + at, 4).getFloat32(0, true));
    case ValueType.Real64:
      return String(new DataView(bytes.buffer, bytes.byteOffset + at, 8).getFloat64(0, true));
    case ValueType.Bool:
      return u32(bytes, at) !== 0 ? 'true' : 'false';
    case ValueType.Guid:
      return guidString(bytes, at);
    case ValueType.HexInt32:
      return `0x${u32(bytes, at).toString(16)}`;
    case ValueType.SizeT:
      return width === 4 ? `0x${u32(bytes, at).toString(16)}` : `0x${hex64(bytes, at)}`;
    case ValueType.HexInt64:
      return `0x${hex64(bytes, at)}`;
    case ValueType.FileTime:
      return filetimeIso(bytes, at);
    case ValueType.SysTime:
      return systemtimeIso(bytes, at);
    default:
      throw new EvtxFormatError(`unknown value type 0x${hex(type, 2)}`);
  }
}

/** The shortest decimal that reads back as the same single-precision number. */
function float32Text(value: number): string {
  for (let digits = 1; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}

export function guidString(b: Uint8Array, at: number): string {
  const h = HEX2;
  return (
    `{${h[b[at + 3]!]}${h[b[at + 2]!]}${h[b[at + 1]!]}${h[b[at]!]}-${h[b[at + 5]!]}${h[b[at + 4]!]}-${h[b[at + 7]!]}${h[b[at + 6]!]}-` +
    `${h[b[at + 8]!]}${h[b[at + 9]!]}-${h[b[at + 10]!]}${h[b[at + 11]!]}${h[b[at + 12]!]}${h[b[at + 13]!]}${h[b[at + 14]!]}${h[b[at + 15]!]}}`
  );
}

const HEX_UPPER = '0123456789ABCDEF';

function binaryHex(bytes: Uint8Array, at: number, size: number): string {
  let text = '';
  for (let i = 0; i < size; i++) {
    const b = bytes[at + i]!;
    text += HEX_UPPER[b >> 4]! + HEX_UPPER[b & 15]!;
  }
  return text;
}

/**
 * A SID as ConvertSidToStringSid writes it: `S-<revision>-<authority>-<sub>…`, the 48-bit
 * big-endian authority in decimal below 2^32 and as `0x` + 12 hex digits above. A SID cut short
 * (its size smaller than its sub-authority count needs) keeps the sub-authorities that are there.
 */
export function sidString(bytes: Uint8Array, at: number, size: number): string {
  if (size < 8) throw new EvtxFormatError(`SID needs at least 8 bytes, has ${size}`);
  const count = bytes[at + 1]!;
  const high = u16BigEndian(bytes, at + 2);
  const low = ((bytes[at + 4]! << 24) | (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!) >>> 0;
  const authority = high === 0 ? String(low) : `0x${hex(high, 4).toUpperCase()}${hex(low, 8).toUpperCase()}`;
  let text = `S-${bytes[at]!}-${authority}`;
  const available = Math.min(count, (size - 8) >>> 2);
  for (let i = 0; i < available; i++) text += `-${u32(bytes, at + 8 + 4 * i)}`;
  return text;
}

function sidArray(bytes: Uint8Array, at: number, size: number): string[] {
  const items: string[] = [];
  for (let p = at; p + 8 <= at + size; ) {
    const length = 8 + 4 * bytes[p + 1]!;
    items.push(sidString(bytes, p, Math.min(length, at + size - p)));
    p += length;
  }
  return items;
}

function u16BigEndian(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}
