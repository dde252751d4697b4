import { getOwn, hasOwnKey, isRecord, setOwn } from '../json/own-record.ts';

/**
 * The fields an EQL sequence's shell alert inherits: what all its building blocks have in
 * common, as Kibana's `objectArrayIntersection` computes it (eql/build_alert_group_from_sequence.ts,
 * the version that treats dotted and nested keys alike):
 * - documents are compared leaf by leaf, `{"a.b": 1}` and `{a: {b: 1}}` being the same leaf;
 * - equal values are kept; when either side is an array the result is the array intersection
 *   (values present in both, first side's order, no duplicates, objects compared by identity),
 *   which may be `[]`; other differing values are dropped;
 * - objects left empty are dropped; a leaf stays a dotted key only where every document wrote it
 *   dotted, else it is nested.
 * Key order follows Kibana's stack-based traversal. Unlike Kibana (whose safe setter skips them),
 * `__proto__`/`constructor`/`prototype` keys are kept as data.
 */
export function intersectDocuments(documents: readonly Readonly<Record<string, unknown>>[]): Record<string, unknown> | undefined {
  if (documents.length === 0) return undefined;
  let result: Record<string, unknown> | undefined = documents[0] as Record<string, unknown>;
  for (let i = 1; i < documents.length && result !== undefined; i++) result = intersectPair(result, documents[i]!);
  return result;
}

type Leaf = [path: string[], value: unknown];

function intersectPair(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  const left = leaves(a);
  const right = leaves(b);
  const nested: Record<string, unknown> = {};
  const work: [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>][] = [[nested, unflatten(left.leaves), unflatten(right.leaves)]];
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    const [target, aObj, bObj] = item;
    for (const key of Object.keys(aObj)) {
      if (!hasOwnKey(bObj, key)) continue;
      const aVal = aObj[key];
      const bVal = bObj[key];
      if (isRecord(aVal) && isRecord(bVal)) {
        const next: Record<string, unknown> = {};
        setOwn(target, key, next);
        work.push([next, aVal, bVal]);
      } else if (aVal === bVal) {
        setOwn(target, key, aVal);
      } else if (Array.isArray(aVal) || Array.isArray(bVal)) {
        setOwn(target, key, arrayIntersection(Array.isArray(aVal) ? aVal : [aVal], Array.isArray(bVal) ? bVal : [bVal]));
      }
    }
  }
  pruneEmpty(nested);
  if (!Object.values(nested).some((value) => value !== undefined)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [path, value] of leaves(nested).leaves) {
    const dotted = path.join('.');
    if (left.dotted.has(dotted) && right.dotted.has(dotted)) setOwn(out, dotted, value);
    else setPath(out, path, value);
  }
  return out;
}

/** An object's path as a link to its parent's: a path array per object would be quadratic in the nesting depth. */
interface PathLink {
  readonly parent: PathLink | null;
  readonly segments: readonly string[];
}

function pathOf(link: PathLink | null, last: readonly string[]): string[] {
  const reversed: (readonly string[])[] = [last];
  for (let at = link; at !== null; at = at.parent) reversed.push(at.segments);
  const path: string[] = [];
  for (let i = reversed.length - 1; i >= 0; i--) for (const segment of reversed[i]!) path.push(segment);
  return path;
}

/** Leaves in Kibana's order (a stack: an object's own leaves first, then its objects, last first). */
function leaves(root: Readonly<Record<string, unknown>>): { leaves: Leaf[]; dotted: Set<string> } {
  const out: Leaf[] = [];
  const dotted = new Set<string>();
  const stack: [Readonly<Record<string, unknown>>, PathLink | null][] = [[root, null]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, prefix] = item;
    for (const key of Object.keys(node)) {
      const value = node[key];
      const segments = key.includes('.') ? key.split('.') : [key];
      if (isRecord(value)) stack.push([value, { parent: prefix, segments }]);
      else {
        const path = pathOf(prefix, segments);
        out.push([path, value]);
        if (key.includes('.')) dotted.add(path.join('.'));
      }
    }
  }
  return { leaves: out, dotted };
}

function unflatten(pathValues: readonly Leaf[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of pathValues) setPath(out, path, value);
  return out;
}

/** lodash `set`: creates (or replaces non-object) intermediates with objects. */
function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    let next = getOwn(node, key);
    if (typeof next !== 'object' || next === null) {
      next = {};
      setOwn(node, key, next);
    }
    node = next as Record<string, unknown>;
  }
  setOwn(node, path[path.length - 1]!, value);
}

/** lodash `intersection`: unique values of `a` (SameValueZero) that are also in `b`. */
function arrayIntersection(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  const inB = new Set(b);
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const value of a) {
    if (!inB.has(value) || seen.has(value)) continue;
    seen.add(value);
    out.push(value);
  }
  return out;
}

/** Removes nested objects that are empty or hold only undefined values, innermost first. */
function pruneEmpty(root: Record<string, unknown>): void {
  const visits: [Record<string, unknown>, string, Record<string, unknown>][] = [];
  const stack: Record<string, unknown>[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (isRecord(value)) {
        visits.push([node, key, value]);
        stack.push(value);
      }
    }
  }
  for (let i = visits.length - 1; i >= 0; i--) {
    const [parent, key, node] = visits[i]!;
    if (Object.values(node).every((value) => value === undefined)) delete parent[key];
  }
}
