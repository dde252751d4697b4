/**
 * Values of group-by fields as a `terms` source of a composite aggregation sees them (new_terms
 * fields, threshold group-by fields): each field's distinct indexed values, every combination
 * of them (cartesian product) is one bucket, and a document missing any field is in no bucket
 * (Kibana's composite sources have no `missing_bucket`).
 *
 * Indexed values follow the field's mapping: numbers (integer types truncated), booleans and
 * dates come out as the typed key Elasticsearch returns; keyword values longer than
 * `ignore_above` are not indexed and so are not values.
 */
import { compileFieldGetter } from '../fields/access.ts';
import { ECS_SCHEMA, type FieldMapping, type FieldSchema } from '../fields/schema.ts';
import { booleanForm, dateForm, keywordForm, numberForm, truncateForIntegerField } from '../fields/values.ts';
import type { EventDoc } from '../query/event.ts';

export interface TermValue {
  /** Keyword form, the identity of the value (what the new-terms state stores). */
  readonly key: string;
  /** The bucket key as Elasticsearch returns it. */
  readonly value: string | number | boolean;
}

/** One bucket: a value per field, in field order. */
export type TermCombination = readonly TermValue[];

const INTEGER_TYPES: ReadonlySet<string> = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);

type Leaf = string | number | boolean;

function indexedValue(mapping: FieldMapping, raw: Leaf): TermValue | null {
  switch (mapping.family) {
    case 'number': {
      const number = numberForm(raw);
      if (number === null) return null;
      const value = INTEGER_TYPES.has(mapping.esType) ? truncateForIntegerField(number) : number;
      return { key: String(value), value };
    }
    case 'boolean': {
      const value = booleanForm(raw);
      return value === null ? null : { key: String(value), value };
    }
    case 'date': {
      const value = dateForm(raw);
      return value === null ? null : { key: String(value), value };
    }
    default: {
      const text = keywordForm(raw);
      if (mapping.ignoreAbove !== undefined && text.length > mapping.ignoreAbove) return null;
      return { key: text, value: text };
    }
  }
}

/** Reads each field's distinct indexed values; null when any field has none. */
export function compileTermFields(fields: readonly string[], schema: FieldSchema = ECS_SCHEMA): (event: EventDoc) => TermValue[][] | null {
  const readers = fields.map((name) => {
    const mapping = schema.lookup(name);
    const values = compileFieldGetter(mapping.sourceName);
    return (event: EventDoc): TermValue[] => {
      const seen = new Map<string, TermValue>();
      for (const raw of values(event)) {
        const term = indexedValue(mapping, raw);
        if (term !== null && !seen.has(term.key)) seen.set(term.key, term);
      }
      return [...seen.values()];
    };
  });
  return (event) => {
    const out: TermValue[][] = [];
    for (const read of readers) {
      const values = read(event);
      if (values.length === 0) return null;
      out.push(values);
    }
    return out;
  };
}

/** Every combination of one value per field (no fields: one empty combination). */
export function combinations(perField: readonly (readonly TermValue[])[]): TermCombination[] {
  let out: TermValue[][] = [[]];
  for (const values of perField) out = out.flatMap((prefix) => values.map((value) => [...prefix, value]));
  return out;
}

/** Keys of a combination, in field order. */
export function combinationKeys(combination: TermCombination): string[] {
  return combination.map((term) => term.key);
}

/** Composite aggregation key order: numbers by value, strings by code point (UTF-8 byte order). */
export function compareTermValues(a: TermValue, b: TermValue): number {
  if (typeof a.value === 'number' && typeof b.value === 'number') return a.value - b.value;
  return compareCodePoints(a.key, b.key);
}

export function compareCombinations(a: TermCombination, b: TermCombination): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareTermValues(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–DFFF) encode code points above U+FFFF: they sort after every BMP unit.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
