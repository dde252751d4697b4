/**
 * A cheap content fingerprint of an event, equal for two events exactly when their canonical JSON
 * (alerts/canonical-json.ts) is equal, up to hash collisions: rules use it to recognise copies of
 * one document (`DocumentSet`) without the canonical text + SHA-256 identity (~60 µs per fleet
 * event), which is then computed only for events that end up in an alert (event-ref.ts).
 *
 * Two independent 32-bit lanes over the JSON data model: `undefined`/functions/symbols skipped in
 * objects and null in arrays, non-finite numbers as null, -0 as 0, `toJSON` honoured, as
 * `JSON.stringify` writes them. An object's hash is the sum of its members' mixed (key, value)
 * hashes, so member order does not matter and no keys are sorted (canonical JSON only orders
 * them); arrays and strings hash in order. Nesting deeper than MAX_RECURSION (hostile input) is
 * hashed by an explicit-stack walk instead, the same for every copy of such an event.
 * 64 bits: the chance that two distinct events among a million collide is about 3e-8. Not a
 * cryptographic hash: evidence crafted to collide could make one event pass for a copy of another
 * in a rule's duplicate count; the alert ids themselves still use SHA-256. The values are used for
 * equality only (and to break ties no output depends on).
 */

const fingerprints = new WeakMap<object, string>();

const TAG_NULL = 1;
const TAG_FALSE = 2;
const TAG_TRUE = 3;
const TAG_NUMBER = 4;
const TAG_STRING = 5;
const TAG_KEY = 6;
const TAG_OBJECT = 7;
const TAG_ARRAY = 8;
const TAG_END = 9;

const numberView = new Float64Array(1);
const numberWords = new Uint32Array(numberView.buffer);

class Lanes {
  a = 0x811c9dc5;
  b = 0x9747b28c;

  word(value: number): void {
    this.a = Math.imul(this.a ^ value, 0x01000193);
    let k = Math.imul(value, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    this.b ^= Math.imul(k, 0x1b873593);
    this.b = Math.imul((this.b << 13) | (this.b >>> 19), 5) + 0xe6546b64;
  }

  text(tag: number, text: string): void {
    this.word(tag);
    this.word(text.length);
    // The per-word mix inlined with the lanes in locals: strings are most of an event's bytes.
    let a = this.a;
    let b = this.b;
    const length = text.length;
    let i = 0;
    for (; i < length; i += 2) {
      const value = i + 1 < length ? text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16) : text.charCodeAt(i);
      a = Math.imul(a ^ value, 0x01000193);
      let k = Math.imul(value, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      b ^= Math.imul(k, 0x1b873593);
      b = Math.imul((b << 13) | (b >>> 19), 5) + 0xe6546b64;
    }
    this.a = a;
    this.b = b;
  }

  number(value: number): void {
    numberView[0] = value === 0 ? 0 : value;
    this.word(TAG_NUMBER);
    this.word(numberWords[0]!);
    this.word(numberWords[1]!);
  }

  digest(): string {
    const mix = (h: number) => {
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      return (h ^ (h >>> 16)) >>> 0;
    };
    return 'd' + mix(this.a).toString(36) + '.' + mix(this.b).toString(36);
  }
}

interface Frame {
  readonly container: Record<string, unknown> | readonly unknown[];
  /** Null for arrays. */
  readonly keys: readonly string[] | null;
  index: number;
}

const SKIP = Symbol('no JSON value');

function resolve(value: unknown, key: string | number): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(String(key));
  }
  return value === undefined || typeof value === 'function' || typeof value === 'symbol' ? SKIP : value;
}

/** The fingerprint of an event (cached per event object, so every rule seeing it shares one). */
export function eventFingerprint(event: object): string {
  let fingerprint = fingerprints.get(event);
  if (fingerprint === undefined) {
    fingerprint = shallowFingerprint(event) ?? deepFingerprint(event);
    fingerprints.set(event, fingerprint);
  }
  return fingerprint;
}

/** Levels of nesting hashed by recursion; deeper events take deepFingerprint's explicit stack. */
const MAX_RECURSION = 200;

/** The lanes of the value hashed last (a pair without allocating one). */
let laneA = 0;
let laneB = 0;
const hasOwn = Object.prototype.hasOwnProperty;

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function hashText(tag: number, text: string): void {
  const length = text.length;
  let a = Math.imul(0x811c9dc5 ^ tag, 0x01000193) ^ length;
  let b = Math.imul(0x9747b28c ^ length, 0xcc9e2d51) + tag;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    const value = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    a = Math.imul(a ^ value, 0x01000193);
    let k = Math.imul(value, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    b ^= Math.imul(k, 0x1b873593);
    b = Math.imul((b << 13) | (b >>> 19), 5) + 0xe6546b64;
  }
  if (i < length) {
    const value = text.charCodeAt(i);
    a = Math.imul(a ^ value, 0x01000193);
    b = Math.imul(b ^ Math.imul(value, 0xcc9e2d51), 0x1b873593);
  }
  laneA = fmix(a);
  laneB = fmix(b ^ 0x5bd1e995);
}

function hashWords(tag: number, low: number, high: number): void {
  laneA = fmix(Math.imul(0x811c9dc5 ^ tag, 0x01000193) ^ Math.imul(low, 0x9e3779b1) ^ high);
  laneB = fmix(Math.imul(high ^ 0x9747b28c, 0xcc9e2d51) + Math.imul(low ^ tag, 0x1b873593));
}

/** Hashes a resolved JSON value into the lanes; false when nesting is deeper than MAX_RECURSION. */
function hashValue(item: unknown, depth: number): boolean {
  switch (typeof item) {
    case 'string':
      hashText(TAG_STRING, item);
      return true;
    case 'number':
      if (!Number.isFinite(item)) {
        hashWords(TAG_NULL, 0, 0);
        return true;
      }
      numberView[0] = item === 0 ? 0 : item;
      hashWords(TAG_NUMBER, numberWords[0]!, numberWords[1]!);
      return true;
    case 'boolean':
      hashWords(item ? TAG_TRUE : TAG_FALSE, 0, 0);
      return true;
    case 'bigint':
      hashText(TAG_NUMBER, String(item));
      return true;
    default:
      break;
  }
  if (item === null || typeof item !== 'object') {
    hashWords(TAG_NULL, 0, 0);
    return true;
  }
  if (depth >= MAX_RECURSION) return false;
  if (Array.isArray(item)) {
    let a = 0x811c9dc5 ^ TAG_ARRAY;
    let b = 0x9747b28c ^ item.length;
    for (let i = 0; i < item.length; i++) {
      const element = resolve(item[i], i);
      if (!hashValue(element === SKIP ? null : element, depth + 1)) return false;
      a = Math.imul(a ^ laneA, 0x01000193);
      b = Math.imul(((b ^ laneB) << 13) | ((b ^ laneB) >>> 19), 5) + 0xe6546b64;
    }
    laneA = fmix(a);
    laneB = fmix(b);
    return true;
  }
  // Members summed: any order of the same members gives the same hash.
  let sumA = 0;
  let sumB = 0;
  let members = 0;
  const record = item as Record<string, unknown>;
  for (const key in record) {
    if (!hasOwn.call(record, key)) continue;
    const value = resolve(record[key], key);
    if (value === SKIP) continue;
    if (!hashValue(value, depth + 1)) return false;
    const valueA = laneA;
    const valueB = laneB;
    hashText(TAG_KEY, key);
    sumA = (sumA + fmix(laneA + Math.imul(valueA, 0x9e3779b1))) | 0;
    sumB = (sumB + fmix((laneB ^ Math.imul(valueB, 0x85ebca6b)) + 0x27d4eb2f)) | 0;
    members++;
  }
  laneA = fmix(Math.imul(sumA ^ TAG_OBJECT, 0x01000193) + members);
  laneB = fmix(Math.imul(sumB ^ members, 0xcc9e2d51) + TAG_OBJECT);
  return true;
}

/** The fingerprint by recursion, undefined when the event nests deeper than MAX_RECURSION. */
function shallowFingerprint(event: object): string | undefined {
  const root = resolve(event, '');
  if (!hashValue(root === SKIP ? null : root, 0)) return undefined;
  return (laneA >>> 0).toString(36) + '.' + (laneB >>> 0).toString(36);
}

/** The fingerprint with an explicit stack: any nesting depth (a separate hash family: only deep events take it). */
function deepFingerprint(event: object): string {
  const lanes = new Lanes();
  const stack: Frame[] = [];
  const write = (item: unknown): void => {
    switch (typeof item) {
      case 'string':
        lanes.text(TAG_STRING, item);
        return;
      case 'number':
        if (Number.isFinite(item)) lanes.number(item);
        else lanes.word(TAG_NULL);
        return;
      case 'boolean':
        lanes.word(item ? TAG_TRUE : TAG_FALSE);
        return;
      case 'bigint':
        // JSON.stringify throws on a bigint; its decimal text keeps distinct values apart.
        lanes.text(TAG_NUMBER, String(item));
        return;
      default:
        break;
    }
    if (item === null || typeof item !== 'object') {
      lanes.word(TAG_NULL);
      return;
    }
    if (Array.isArray(item)) {
      lanes.word(TAG_ARRAY);
      stack.push({ container: item, keys: null, index: 0 });
      return;
    }
    lanes.word(TAG_OBJECT);
    stack.push({ container: item as Record<string, unknown>, keys: Object.keys(item).sort(), index: 0 });
  };

  const root = resolve(event, '');
  write(root === SKIP ? null : root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const length = frame.keys === null ? (frame.container as readonly unknown[]).length : frame.keys.length;
    if (frame.index === length) {
      stack.pop();
      lanes.word(TAG_END);
      continue;
    }
    const position = frame.index++;
    const key = frame.keys === null ? position : frame.keys[position]!;
    let item = resolve((frame.container as Record<string | number, unknown>)[key], key);
    if (item === SKIP) {
      if (frame.keys !== null) continue;
      item = null;
    }
    if (typeof key === 'string') lanes.text(TAG_KEY, key);
    write(item);
  }
  return lanes.digest();
}
