/**
 * Lucene's numeric interval `<n-m>`: decimal numbers from n to m. When both bounds are written with
 * the same number of digits, matches must have exactly that many (zero-padded: `<01-10>` matches
 * "07", not "7"); otherwise any number of leading zeros is accepted (Lucene `makeDecimalInterval`).
 */
import type { RegexNode } from './ast.ts';
import { charRange } from './charset.ts';

const DIGIT: RegexNode = { kind: 'chars', set: charRange(0x30, 0x39) };

export function decimalInterval(min: number, max: number, digits: number): RegexNode {
  if (digits > 0) return fixedLength(pad(min, digits), pad(max, digits));
  const zeros: RegexNode = { kind: 'repeat', of: { kind: 'literal', text: '0' }, min: 0, max: Infinity, offset: 0 };
  const options: RegexNode[] = [];
  for (let length = String(min).length; length <= String(max).length; length++) {
    const low = Math.max(min, length === 1 ? 0 : 10 ** (length - 1));
    const high = Math.min(max, 10 ** length - 1);
    options.push(fixedLength(pad(low, length), pad(high, length)));
  }
  return { kind: 'concat', parts: [zeros, { kind: 'union', options }] };
}

function pad(value: number, length: number): string {
  return String(value).padStart(length, '0');
}

/** Digit strings of one length between `low` and `high` (both that length, `low <= high`). */
function fixedLength(low: string, high: string): RegexNode {
  if (low === '') return { kind: 'literal', text: '' };
  if (/^0*$/.test(low) && /^9*$/.test(high)) {
    return { kind: 'repeat', of: DIGIT, min: low.length, max: low.length, offset: 0 };
  }
  const first = low.charCodeAt(0);
  const last = high.charCodeAt(0);
  const lowRest = low.slice(1);
  const highRest = high.slice(1);
  const then = (head: RegexNode, tail: RegexNode): RegexNode => ({ kind: 'concat', parts: [head, tail] });
  if (first === last) return then({ kind: 'literal', text: low[0] ?? '' }, fixedLength(lowRest, highRest));
  const options: RegexNode[] = [then({ kind: 'literal', text: low[0] ?? '' }, fixedLength(lowRest, '9'.repeat(lowRest.length)))];
  if (last - first > 1) {
    options.push(then({ kind: 'chars', set: charRange(first + 1, last - 1) }, fixedLength('0'.repeat(lowRest.length), '9'.repeat(lowRest.length))));
  }
  options.push(then({ kind: 'literal', text: high[0] ?? '' }, fixedLength('0'.repeat(highRest.length), highRest)));
  return { kind: 'union', options };
}
