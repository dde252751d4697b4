/**
 * Runtime values of EQL expressions evaluated as scripts (functions, arithmetic, comparisons of
 * computed values). `null` stands for both a missing field and a null result.
 */
import { foldCase } from '../match/case.ts';
import { booleanForm, keywordForm, numberForm } from '../fields/values.ts';

export type EqlValue = string | number | boolean | null;

/**
 * Static numeric kind of an expression: `int` (long arithmetic truncates on division), `float`, or
 * `dynamic` (decided per value: JSON numbers without a fraction count as integers).
 */
export type NumberKind = 'int' | 'float' | 'dynamic';

export function combineKinds(left: NumberKind, right: NumberKind): NumberKind {
  if (left === 'float' || right === 'float') return 'float';
  return left === 'int' && right === 'int' ? 'int' : 'dynamic';
}

/** The text form functions see: strings as-is, numbers and booleans as Elasticsearch prints them. */
export function textOf(value: EqlValue): string | null {
  return value === null ? null : keywordForm(value);
}

/** A number for arithmetic: numbers, and numeric strings (ES coerces keyword-typed digits); null otherwise. */
export function numberOf(value: EqlValue): number | null {
  return value === null ? null : numberForm(value);
}

/**
 * Ordering of two non-null values the way a script compares them: numbers numerically, strings by
 * UTF-16 code units (Java `String.compareTo`), booleans false < true; mixed number/string compares
 * numerically when the string is numeric. Null when the two cannot be compared.
 */
export function compareValues(left: string | number | boolean, right: string | number | boolean): number | null {
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  if (typeof left === 'boolean' || typeof right === 'boolean') {
    const a = booleanForm(left);
    const b = booleanForm(right);
    return a === null || b === null ? null : Number(a) - Number(b);
  }
  const a = numberForm(left);
  const b = numberForm(right);
  return a === null || b === null ? null : a < b ? -1 : a > b ? 1 : 0;
}

export function valuesEqual(left: string | number | boolean, right: string | number | boolean, caseInsensitive: boolean): boolean {
  if (caseInsensitive && typeof left === 'string' && typeof right === 'string') return foldCase(left) === foldCase(right);
  return compareValues(left, right) === 0;
}
