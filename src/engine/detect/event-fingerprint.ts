/**
 * A cheap content fingerprint of an event, equal for two events exactly when their canonical JSON
 * (alerts/canonical-json.ts) is equal, up to hash collisions: rules use it to recognise copies of
 * one document (`DocumentSet`) without the canonical text + SHA-256 identity (~60 µs per fleet
 * event), which is then computed only for events that end up in an alert (event-ref.ts).
 *
 * Two independent 32-bit lanes over the JSON data model walked with an explicit stack (any
 * nesting depth): object members in sorted key order (keys are unique, so any fixed order gives
 * equal hashes for equal objects), `undefined`/functions/symbols skipped in objects and null in
 * arrays, non-finite numbers as null, -0 as 0, `toJSON` honoured, as `JSON.stringify` writes them.
 * 64 bits: the chance that two distinct events among a million collide is about 3e-8. Not a
 * cryptographic hash: evidence crafted to collide could make one event pass for a copy of another
 * in a rule's duplicate count; the alert ids themselves still use SHA-256.
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
    return mix(this.a).toString(36) + '.' + mix(this.b).toString(36);
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
    fingerprint = computeFingerprint(event);
    fingerprints.set(event, fingerprint);
  }
  return fingerprint;
}

function computeFingerprint(event: object): string {
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
