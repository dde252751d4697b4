/**
 * Little-endian reads from a byte array, and UTF-16LE text. EVTX stores every integer
 * little-endian and every string as UTF-16LE. Reads are bounds-checked by the callers (the
 * BinXML cursor), so these stay plain and fast.
 */

export function u16(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}

export function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

export function i32(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

/** A 64-bit unsigned value as a number: exact up to 2^53, which covers record ids and counts. */
export function u64(bytes: Uint8Array, at: number): number {
  return u32(bytes, at + 4) * 0x1_0000_0000 + u32(bytes, at);
}

/** A 64-bit value as a BigInt, for values that may use all 64 bits (keywords, hex ints). */
export function u64Big(bytes: Uint8Array, at: number): bigint {
  return (BigInt(u32(bytes, at + 4)) << 32n) | BigInt(u32(bytes, at));
}

/** Longer strings decode faster natively; shorter ones faster through String.fromCharCode. */
const NATIVE_FROM_UNITS = 48;
const SCRATCH_UNITS = NATIVE_FROM_UNITS;
const scratch = new Uint16Array(SCRATCH_UNITS);
const views = Array.from({ length: SCRATCH_UNITS + 1 }, (_, n) => scratch.subarray(0, n));
/** TextDecoder exists in every host Loupe runs in (Web Workers, Node); the engine's type config just lacks the DOM types for it. */
const decoder = new (globalThis as unknown as { TextDecoder: new (label: string) => { decode(bytes: Uint8Array): string } }).TextDecoder('utf-16le');

/**
 * `units` UTF-16LE code units from `at`, up to the first NUL when `stopAtNul` (Windows strings
 * are NUL-terminated). An unpaired surrogate becomes U+FFFD, as in any UTF-8 rendering of it.
 */
export function utf16(bytes: Uint8Array, at: number, units: number, stopAtNul = false): string {
  if (units <= 0) return '';
  if (units <= SCRATCH_UNITS) {
    let i = 0;
    for (let p = at; i < units; i++, p += 2) {
      const unit = bytes[p]! | (bytes[p + 1]! << 8);
      if (unit === 0 && stopAtNul) break;
      if (unit >= 0xd800 && unit <= 0xdfff) return native(bytes, at, units, stopAtNul);
      scratch[i] = unit;
    }
    return String.fromCharCode.apply(null, views[i] as unknown as number[]);
  }
  return native(bytes, at, units, stopAtNul);
}

function native(bytes: Uint8Array, at: number, units: number, stopAtNul: boolean): string {
  let end = at + 2 * units;
  if (stopAtNul) {
    for (let p = at; p < end; p += 2) {
      if (bytes[p] === 0 && bytes[p + 1] === 0) {
        end = p;
        break;
      }
    }
  }
  return decoder.decode(bytes.subarray(at, end));
}

/** Like `utf16`, but the text ends at the first NUL. */
export function utf16z(bytes: Uint8Array, at: number, units: number): string {
  return utf16(bytes, at, units, true);
}

/** Windows-1252 ("ANSI") text, up to the first NUL. Bytes 0x80-0x9F map through the code page. */
export function ansi(bytes: Uint8Array, at: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const b = bytes[at + i]!;
    if (b === 0) break;
    text += String.fromCharCode(b >= 0x80 && b < 0xa0 ? (CP1252_HIGH[b - 0x80] ?? b) : b);
  }
  return text;
}

/** Windows-1252 0x80-0x9F; undefined positions keep the byte value (as Windows' MultiByteToWideChar does). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

export function hex(value: number, width = 0): string {
  return value.toString(16).padStart(width, '0');
}

/** Two lower-case hex digits per byte value. */
export const HEX2: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** A u64 at `at` as lower-case hex without leading zeros. */
export function hex64(bytes: Uint8Array, at: number): string {
  const high = u32(bytes, at + 4);
  const low = u32(bytes, at);
  return high === 0 ? low.toString(16) : high.toString(16) + low.toString(16).padStart(8, '0');
}
