import { describe, expect, it } from 'vitest';
import { formatCount, plural } from '../../../src/engine/output/plural.ts';

describe('plural', () => {
  it.each([
    [0, 'event', undefined, '0 events'],
    [1, 'event', undefined, '1 event'],
    [2, 'rule', undefined, '2 rules'],
    [1, 'match', 'matches', '1 match'],
    [1234, 'match', 'matches', '1,234 matches'],
    [1, 'entry', 'entries', '1 entry'],
  ])('%i %s', (count, noun, nounPlural, text) => expect(plural(count, noun, nounPlural)).toBe(text));

  it('groups digits as en-US whatever the locale', () => expect(formatCount(1234567)).toBe('1,234,567'));

  it.each([0, 7, 999, 1000, -1000, 12345, -123456, 1234567, 10 ** 15, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1.5, 1234.25, 2 ** 60, NaN, Infinity])(
    '%d is written as en-US toLocaleString writes it',
    (count) => expect(formatCount(count)).toBe(count.toLocaleString('en-US')),
  );
});
