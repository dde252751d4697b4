/**
 * A dotted field name prepared once for lookups. A step from segment `from` to segment `to` reads
 * the own key made of segments `from..to-1` joined by dots: from 0, `process.parent.name` can step
 * to 1 via `process`, to 2 via `process.parent`, to 3 via `process.parent.name`.
 */
export interface FieldPath {
  readonly name: string;
  /** Number of segments. */
  readonly length: number;
  /**
   * `keysFrom[from][i]` is the key spanning segments `from..from+i` (every candidate key, for names
   * of up to PRECOMPUTED_SEGMENTS segments); null for longer names, whose nodes are scanned instead.
   */
  readonly keysFrom: readonly (readonly string[])[] | null;
  /** Offset of each segment in `name`. */
  readonly starts: readonly number[];
  /** `segmentEndingAt[offset]`: the segment count of the prefix ending at `offset`, or 0. */
  readonly segmentEndingAt: Int32Array;
}

/** Up to this many segments every candidate key is precomputed (n(n+1)/2 strings). */
const PRECOMPUTED_SEGMENTS = 16;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Paths already compiled, by name: paths are immutable, and a library of 1,800 rules names ~1,000
 * distinct fields in ~19,000 places (~18 MB of paths when each made its own). Capped so names read
 * from data (a UI's columns) cannot grow it without bound.
 */
const compiled = new Map<string, FieldPath>();
const MAX_SHARED_PATHS = 20_000;

export function compilePath(name: string): FieldPath {
  let path = compiled.get(name);
  if (path === undefined) {
    path = buildPath(name);
    if (compiled.size < MAX_SHARED_PATHS) compiled.set(name, path);
  }
  return path;
}

function buildPath(name: string): FieldPath {
  const segments = name.split('.');
  const count = segments.length;
  const starts: number[] = [];
  const segmentEndingAt = new Int32Array(name.length + 2);
  let offset = 0;
  for (const [index, segment] of segments.entries()) {
    starts.push(offset);
    offset += segment.length;
    segmentEndingAt[offset] = index + 1;
    offset += 1;
  }
  let keysFrom: string[][] | null = null;
  if (count <= PRECOMPUTED_SEGMENTS) {
    keysFrom = [];
    for (let from = 0; from < count; from++) {
      const keys: string[] = [];
      for (let to = from + 1; to <= count; to++) keys.push(internalized(segments.slice(from, to).join('.')));
      keysFrom.push(keys);
    }
  }
  return { name, length: count, keysFrom, starts, segmentEndingAt };
}

/**
 * The same string as a property-key string: engines look such keys up without hashing them
 * again on every read (V8 internalizes property names; a joined string is not yet).
 */
function internalized(key: string): string {
  return Object.keys({ [key]: 0 })[0] ?? key;
}

/** The key spanning segments `from..to-1`. */
export function stepKey(path: FieldPath, from: number, to: number): string {
  const precomputed = path.keysFrom?.[from]?.[to - from - 1];
  if (precomputed !== undefined) return precomputed;
  const end = to >= path.length ? path.name.length : (path.starts[to] ?? path.name.length) - 1;
  return path.name.slice(path.starts[from], end);
}

/** True if `node` has the own property `key` (JSON data: no getters, no undefined values). */
export function hasOwnKey(node: Record<string, unknown>, key: string): boolean {
  // The plain read filters out missing keys cheaply; hasOwnProperty rejects inherited ones.
  return node[key] !== undefined && hasOwn.call(node, key);
}

/** Appends the end index of every possible step from `from` in `node`, in the node's key order. */
export function collectSteps(path: FieldPath, node: Record<string, unknown>, from: number, out: number[]): void {
  const keys = path.keysFrom?.[from];
  if (keys === undefined) {
    // Long names: scan the node's own keys for those spelling the next segments of the name.
    const start = path.starts[from] ?? 0;
    for (const candidate of Object.keys(node)) {
      if (!path.name.startsWith(candidate, start)) continue;
      const to = path.segmentEndingAt[start + candidate.length] ?? 0;
      if (to > from) out.push(to);
    }
    return;
  }
  for (let i = 0; i < keys.length; i++) {
    if (hasOwnKey(node, keys[i]!)) out.push(from + i + 1);
  }
  // Several splits at once are rare: order them as the document lists their keys.
  if (out.length > 1) {
    const order = Object.keys(node);
    out.sort((a, b) => order.indexOf(keys[a - from - 1]!) - order.indexOf(keys[b - from - 1]!));
  }
}
