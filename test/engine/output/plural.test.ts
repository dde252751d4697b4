import { describe, expect, it } from 'vitest';
import { plural } from '../../../src/engine/output/plural.ts';

describe('plural', () => {
  it.each([
    [0, 'event', undefined, '0 events'],
    [1, 'event', undefined, '1 event'],
    [2, 'rule', undefined, '2 rules'],
    [1234567, 'alert', undefined, '1,234,567 alerts'],
    [1, 'match', 'matches', '1 match'],
    [3, 'match', 'matches', '3 matches'],
  ])('%d %s', (count, singular, pluralForm, expected) => {
    expect(plural(count, singular, pluralForm)).toBe(expected);
  });
});
