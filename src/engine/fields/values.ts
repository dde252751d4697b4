/**
 * Value coercions that mirror how Elasticsearch indexes `_source` values into each field type.
 * Dates and IPs live in their own files; this module is the one import for all of them.
 */
export { dateForm } from './date.ts';
export { parseIp, parseCidr, cidrContains, compareIp, ipKey } from './ip.ts';
export type { IpAddress, CidrBlock } from './ip.ts';

/**
 * The keyword form of a JSON value: strings as-is, numbers and booleans as text.
 * ES keeps the JSON token's original text (`1.0` stays "1.0"); after JSON.parse only the number is
 * left, so it is printed the JavaScript way ("1", "1.5", "1e+21"): equal for all integers and
 * shortest-form decimals, which is what events carry in practice.
 */
export function keywordForm(value: string | number | boolean): string {
  return typeof value === 'string' ? value : String(value);
}

// What Java's Double.parseDouble accepts in decimal notation (ES numeric fields coerce strings with it).
const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number from a JSON number or numeric string (numeric fields have `coerce: true` by default);
 * null for booleans, empty and non-numeric strings, and non-finite values (ES rejects those).
 * Integer field types additionally truncate the fraction: see `truncateForIntegerField`.
 */
export function numberForm(value: string | number | boolean): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  // Java trims ASCII control characters and spaces before parsing.
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  if (!NUMERIC_TEXT.test(text)) return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

/** Integer field types (`long`, `integer`, ...) index a coerced fraction truncated toward zero. */
export function truncateForIntegerField(value: number): number {
  return Math.trunc(value);
}

/**
 * `true`/`false` from a boolean or the strings "true"/"false"; the empty string indexes as false
 * (documented ES behaviour); anything else is rejected (null).
 */
export function booleanForm(value: string | number | boolean): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  return null;
}
