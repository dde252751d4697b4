import type { EventDoc } from '../query/event.ts';
import { collectSteps, compilePath, stepKey, type FieldPath } from './path.ts';

/**
 * Reads every value of one field from an event's `_source`, as Elasticsearch would index it:
 * dotted names resolve through nested objects and dotted keys in any split (`a.b.c` is found in
 * `{a:{b:{c}}}`, `{"a.b":{c}}`, `{a:{"b.c"}}`, ... and every split that exists contributes);
 * arrays (also arrays of objects, arrays of arrays) flatten; null and [] give no values; objects
 * at the end of the path are not values; only own properties are read, so `__proto__` /
 * `constructor` keys are plain data. Returns primitive leaves (string | number | boolean) in
 * document order.
 */
export type FieldGetter = (event: EventDoc) => readonly (string | number | boolean)[];

type Leaf = string | number | boolean;

const NO_VALUES: readonly Leaf[] = Object.freeze([]);
const hasOwn = Object.prototype.hasOwnProperty;

export function compileFieldGetter(name: string): FieldGetter {
  const path = compilePath(name);
  return (event) => readField(path, event);
}

/** True when the field has at least one value in the event (KQL `field:*`, EQL `field != null`). */
export function fieldExists(getter: FieldGetter, event: EventDoc): boolean {
  return getter(event).length > 0;
}

function isLeaf(value: unknown): value is Leaf {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

function readField(path: FieldPath, event: EventDoc): readonly Leaf[] {
  // Fast path: walk while the document has exactly one way forward (the usual fully-nested or
  // single-dotted-key shape), allocating nothing until a value is found.
  const keysFrom = path.keysFrom;
  let node: unknown = event;
  let index = 0;
  walk: while (keysFrom !== null && index < path.length) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) break;
    const record = node as Record<string, unknown>;
    const keys = keysFrom[index]!;
    let next = -1;
    let value: unknown;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      // A plain read filters out missing keys cheaply (JSON has no undefined values); hasOwnProperty
      // then rejects inherited ones (`toString`, `constructor`, ...).
      const candidate = record[key];
      if (candidate === undefined || !hasOwn.call(record, key)) continue;
      if (next !== -1) break walk;
      next = i;
      value = candidate;
    }
    if (next === -1) return NO_VALUES;
    node = value;
    index += next + 1;
  }
  if (index === path.length) {
    if (isLeaf(node)) return [node];
    if (!Array.isArray(node)) return NO_VALUES;
    const flat = flatLeaves(node);
    if (flat !== null) return flat;
  }
  const out: Leaf[] = [];
  collect(path, node, index, out);
  return out.length === 0 ? NO_VALUES : out;
}

/**
 * The values of a flat array of primitives and nulls; null if it holds arrays or objects. An array
 * of primitives only is returned as it is (callers get a readonly array and never change it): most
 * arrays in events are such lists (`process.args`, `event.type`), read by many rules per event.
 */
function flatLeaves(array: readonly unknown[]): readonly Leaf[] | null {
  let i = 0;
  while (i < array.length && isLeaf(array[i])) i++;
  if (i === array.length) return array.length === 0 ? NO_VALUES : (array as readonly Leaf[]);
  const out: Leaf[] = array.slice(0, i) as Leaf[];
  for (; i < array.length; i++) {
    const item = array[i];
    if (isLeaf(item)) out.push(item);
    else if (item !== null) return null;
  }
  return out.length === 0 ? NO_VALUES : out;
}

/**
 * General traversal with an explicit stack (no recursion: pathological nesting cannot overflow).
 * Items are pushed in reverse so they pop in document order.
 */
function collect(path: FieldPath, root: unknown, rootIndex: number, out: Leaf[]): void {
  const nodes: unknown[] = [root];
  const indexes: number[] = [rootIndex];
  const steps: number[] = [];
  for (;;) {
    const node = nodes.pop();
    const index = indexes.pop();
    if (index === undefined) return;
    if (node === null || typeof node !== 'object') {
      if (index === path.length && isLeaf(node)) out.push(node);
      continue;
    }
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        nodes.push(node[i]);
        indexes.push(index);
      }
      continue;
    }
    if (index === path.length) continue;
    const record = node as Record<string, unknown>;
    steps.length = 0;
    collectSteps(path, record, index, steps);
    for (let i = steps.length - 1; i >= 0; i--) {
      const next = steps[i]!;
      nodes.push(record[stepKey(path, index, next)]);
      indexes.push(next);
    }
  }
}
