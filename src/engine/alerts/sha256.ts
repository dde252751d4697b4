/**
 * SHA-256 (FIPS 180-4) over the UTF-8 bytes of a string, as lowercase hex. Synchronous and
 * dependency-free so alert ids can be computed inside the engine (Web Workers, Node) without
 * WebCrypto's promises. Kibana hashes its alert ids with Node's `createHash('sha256')` over a
 * string, which is the UTF-8 encoding used here (TextEncoder's: lone surrogates become U+FFFD).
 *
 * Speed matters: every matched event without an `_id` is hashed once for its identity, so this
 * runs over all matched evidence. Hence one reused block buffer, int32 arithmetic, and the
 * platform's UTF-8 encoder (both hosts have TextEncoder).
 */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The part of TextEncoder used here (the engine compiles without DOM or Node types). */
interface Utf8Encoder {
  encodeInto(text: string, into: Uint8Array): { read: number; written: number };
}
const Encoder = (globalThis as { TextEncoder?: new () => Utf8Encoder }).TextEncoder;
if (Encoder === undefined) throw new Error('sha256: this host has no TextEncoder');
const encoder = new Encoder();

/** Bytes SHA-256 appends: 0x80, zeros, and the 64-bit length (at most 72). */
const PADDING = 72;
const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const w = new Int32Array(64);
/** The message and its padding, reused by every call (hashing is synchronous). */
let block = new Uint8Array(64 * 1024);
/** A larger message gets a buffer of its own rather than growing the shared one for good. */
const MAX_SHARED_BLOCK = 1024 * 1024;

function room(bytes: number): Uint8Array {
  if (bytes <= block.length) return block;
  if (bytes > MAX_SHARED_BLOCK) return new Uint8Array(bytes);
  block = new Uint8Array(Math.min(MAX_SHARED_BLOCK, Math.max(bytes, block.length * 2)));
  return block;
}

/** Runs the compression function over the 64-byte blocks of `data[offset, end)`, updating `state`. */
function compress(state: Int32Array, data: Uint8Array, offset: number, end: number): void {
  let h0 = state[0]!, h1 = state[1]!, h2 = state[2]!, h3 = state[3]!;
  let h4 = state[4]!, h5 = state[5]!, h6 = state[6]!, h7 = state[7]!;
  for (; offset < end; offset += 64) {
    for (let t = 0, i = offset; t < 16; t++, i += 4) w[t] = (data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!;
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let t = 0; t < 64; t++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  state[0] = h0;
  state[1] = h1;
  state[2] = h2;
  state[3] = h3;
  state[4] = h4;
  state[5] = h5;
  state[6] = h6;
  state[7] = h7;
}

function hexOf(state: Int32Array): string {
  let hex = '';
  for (const word of state) hex += (word >>> 0).toString(16).padStart(8, '0');
  return hex;
}

/** Writes SHA-256's padding for a message of `length` bytes at `data[at]`; returns where it ends. */
function pad(data: Uint8Array, at: number, length: number): number {
  const paddedEnd = at + Math.ceil((at % 64 + 9) / 64) * 64 - (at % 64);
  data.fill(0, at, paddedEnd);
  data[at] = 0x80;
  // Message length in bits as a 64-bit big-endian integer (high word first).
  const high = Math.floor(length / 0x20000000);
  const low = (length * 8) >>> 0;
  for (let i = 0; i < 4; i++) {
    data[paddedEnd - 8 + i] = (high >>> (24 - 8 * i)) & 0xff;
    data[paddedEnd - 4 + i] = (low >>> (24 - 8 * i)) & 0xff;
  }
  return paddedEnd;
}

export function sha256Hex(input: string | Uint8Array): string {
  let data: Uint8Array;
  let length: number;
  if (typeof input === 'string') {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    data = room(input.length * 3 + PADDING);
    length = encoder.encodeInto(input, data.subarray(0, input.length * 3)).written;
  } else {
    data = room(input.length + PADDING);
    data.set(input);
    length = input.length;
  }
  const state = Int32Array.from(INITIAL);
  compress(state, data, 0, pad(data, length, length));
  return hexOf(state);
}

/**
 * SHA-256 of a stream of bytes (an evidence file read piece by piece): `update` as pieces
 * arrive, `hex` once at the end. Equal to `sha256Hex` of the whole.
 */
export class Sha256 {
  readonly #state = Int32Array.from(INITIAL);
  /** The last partial block (and room for the padding). */
  readonly #tail = new Uint8Array(128);
  #tailLength = 0;
  #length = 0;

  update(bytes: Uint8Array): this {
    this.#length += bytes.length;
    let offset = 0;
    if (this.#tailLength > 0) {
      const take = Math.min(64 - this.#tailLength, bytes.length);
      this.#tail.set(bytes.subarray(0, take), this.#tailLength);
      this.#tailLength += take;
      offset = take;
      if (this.#tailLength < 64) return this;
      compress(this.#state, this.#tail, 0, 64);
      this.#tailLength = 0;
    }
    const whole = offset + Math.floor((bytes.length - offset) / 64) * 64;
    compress(this.#state, bytes, offset, whole);
    this.#tail.set(bytes.subarray(whole), 0);
    this.#tailLength = bytes.length - whole;
    return this;
  }

  hex(): string {
    const state = Int32Array.from(this.#state);
    compress(state, this.#tail, 0, pad(this.#tail, this.#tailLength, this.#length));
    return hexOf(state);
  }
}
