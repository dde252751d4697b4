/** Arithmetic shared by the `+ - * / %` operators and the add/subtract/multiply/divide/modulo functions. */
import type { ArithOp } from '../ast.ts';
import { numberOf, type EqlValue, type NumberKind } from '../values.ts';

/**
 * Integer operands (long fields, integer literals) use long arithmetic: division truncates toward
 * zero and `%` keeps the dividend's sign, as Java does. Division or modulo by an integer zero is an
 * error in Elasticsearch; here it yields null (the event does not match). Results are IEEE doubles:
 * beyond 2^53 they lose precision and they do not wrap around at 2^63 as Java longs would (decision:
 * event values that large are not realistic for EQL arithmetic).
 */
export function arithmetic(op: ArithOp, left: EqlValue, right: EqlValue, kind: NumberKind): EqlValue {
  const a = numberOf(left);
  const b = numberOf(right);
  if (a === null || b === null) return null;
  const integer = kind === 'int' || (kind === 'dynamic' && Number.isInteger(a) && Number.isInteger(b));
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (integer) return b === 0 ? null : Math.trunc(a / b);
      return a / b;
    case '%':
      if (integer && b === 0) return null;
      return a % b;
  }
}

export function negate(value: EqlValue): EqlValue {
  const number = numberOf(value);
  return number === null ? null : -number;
}

const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)$/;
const DIGITS: Record<number, RegExp> = {};

function digitsPattern(radix: number): RegExp {
  const cached = DIGITS[radix];
  if (cached) return cached;
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix);
  const pattern = new RegExp(`^[+-]?[${alphabet}]+$`, 'i');
  DIGITS[radix] = pattern;
  return pattern;
}

/**
 * `number(text[, base])`: base 10 parses decimals ("1.5"), other bases integers (Java
 * `Integer.parseInt`); a "0x" prefix selects base 16 when no base is given and is skipped in base 16.
 * Unparseable text is a query error in Elasticsearch; here it is null.
 */
export function toNumber(source: EqlValue, base: EqlValue): EqlValue {
  if (source === null) return null;
  if (typeof source !== 'string') return null;
  const hexPrefix = source.startsWith('0x');
  const radix = base === null ? (hexPrefix ? 16 : 10) : typeof base === 'number' && Number.isInteger(base) ? base : null;
  if (radix === null || radix < 2 || radix > 36) return null;
  const text = hexPrefix && radix === 16 ? source.slice(2) : source;
  if (radix === 10) return DECIMAL.test(text) ? Number(text) : null;
  if (!digitsPattern(radix).test(text)) return null;
  const parsed = parseInt(text, radix);
  // Integer.parseInt overflows past 32 bits.
  return parsed > 2147483647 || parsed < -2147483648 ? null : parsed;
}
