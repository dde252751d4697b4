/**
 * Join keys of sequences and samples (`by` fields). Each field contributes its distinct values in
 * doc-values order (sorted), and an event joins under every combination (cartesian product) of its
 * key fields' values. A field without value drops the event from that clause, unless it is optional
 * (`?field`), whose absence is the legitimate key value null.
 */
import type { EventDoc } from '../query/event.ts';
import type { FieldRef } from './ast.ts';
import type { CompileContext } from './context.ts';
import type { TypedField } from './typed-field.ts';
import { compareValues, type EqlValue } from './values.ts';

export interface JoinKey {
  /** Identity of the key for maps: `keyId` of its values. */
  readonly id: string;
  readonly values: readonly EqlValue[];
}

/**
 * A key's identity, one-to-one with its values: a single string value that does not start with
 * `[` is its own id (no copy: the event's string), anything else its JSON array text (which always
 * starts with `[`, and type-tags the values).
 */
export function keyId(values: readonly EqlValue[]): string {
  const only = values.length === 1 ? values[0] : undefined;
  return typeof only === 'string' && !only.startsWith('[') ? only : JSON.stringify(values);
}

export type KeyReader = (event: EventDoc) => readonly JoinKey[] | null;

const NO_KEYS: readonly JoinKey[] = [{ id: '[]', values: [] }];

function sortedDistinct(values: EqlValue[]): EqlValue[] {
  const distinct = [...new Set(values)];
  return distinct.sort((a, b) => {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    return compareValues(a, b) ?? String(a).localeCompare(String(b));
  });
}

export function compileKeyReader(fields: readonly FieldRef[], context: CompileContext): KeyReader {
  if (fields.length === 0) return () => NO_KEYS;
  const typed = fields.map((ref) => ({ field: context.field(ref.name), optional: ref.optional }));
  // Key fields holding at most one value each (the usual case): no sets, sorts or products.
  const general = readKeys(typed);
  return (event) => {
    // Sized up front: a buffered event's keys outlive it (an array grown by push reserves 17 slots).
    const values = new Array<EqlValue>(typed.length);
    for (let i = 0; i < typed.length; i++) {
      const { field, optional } = typed[i]!;
      const leaves = field.values(event);
      if (leaves.length > 1) return general(event);
      const value = leaves.length === 1 ? field.scriptValue(leaves[0]!) : null;
      if (value === null && !optional) return null;
      values[i] = value;
    }
    return [{ id: keyId(values), values }];
  };
}

function readKeys(typed: readonly { readonly field: TypedField; readonly optional: boolean }[]): KeyReader {
  return (event) => {
    let keys: EqlValue[][] = [[]];
    for (const { field, optional } of typed) {
      const values = sortedDistinct(field.values(event).map((leaf) => field.scriptValue(leaf)).filter((value) => value !== null));
      if (values.length === 0) {
        if (!optional) return null;
        values.push(null);
      }
      const next: EqlValue[][] = [];
      for (const prefix of keys) for (const value of values) next.push([...prefix, value]);
      keys = next;
    }
    return keys.map((values) => ({ id: keyId(values), values }));
  };
}
