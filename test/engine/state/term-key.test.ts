import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTermKey, encodeTermKey } from '../../../src/engine/state/term-key.ts';

describe('term keys', () => {
  it.each<[string[], string]>([
    [['host-1'], '["host-1"]'],
    [['host-1', '/usr/bin/python3'], '["host-1","/usr/bin/python3"]'],
    [['a","b'], '["a\\",\\"b"]'],
    [['a', 'b'], '["a","b"]'],
    [['C:\\Windows'], '["C:\\\\Windows"]'],
    [[''], '[""]'],
  ])('%j encodes as %s', (values, key) => {
    expect(encodeTermKey(values)).toBe(key);
    expect(decodeTermKey(key, values.length)).toEqual(values);
  });

  it.each<[string, number]>([
    ['["a"]', 2], // wrong arity
    ['[ "a"]', 1], // not canonical (whitespace)
    ['["\\u0061"]', 1], // not canonical (needless escape)
    ['[1]', 1],
    ['"a"', 1],
    ['__proto__', 1],
    ['{"0":"a"}', 1],
    ['["a"', 1],
  ])('%s is not a key of arity %d', (key, arity) => {
    expect(decodeTermKey(key, arity)).toBeNull();
  });

  // Short strings over all code units (lone surrogates, quotes, controls) collide often enough to test equality.
  const tuple = fc.array(fc.string({ unit: fc.constantFrom('a', '"', '\\', ',', '\u0000', '\ud800', '日', 'é'), maxLength: 4 }), { minLength: 1, maxLength: 3 });

  it('is injective and canonical for any tuple of strings', () => {
    fc.assert(
      fc.property(tuple, tuple, (a, b) => {
        expect(decodeTermKey(encodeTermKey(a), a.length)).toEqual(a);
        expect(encodeTermKey(a) === encodeTermKey(b)).toBe(a.length === b.length && a.every((value, index) => value === b[index]));
      }),
    );
  });
});
