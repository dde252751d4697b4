import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/engine/alerts/canonical-json.ts';
import { eventFingerprint } from '../../../src/engine/detect/event-fingerprint.ts';

/** Nested `depth` levels: `{a:{a:...{a:leaf}}}`. */
function nested(depth: number, leaf: unknown): object {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value as object;
}

// Pairs whose canonical JSON is equal (same fingerprint expected) or differs (different fingerprint expected).
const pairs: readonly [string, object, object][] = [
  ['member order', { a: 1, b: { c: 'x', d: [1, 2] } }, { b: { d: [1, 2], c: 'x' }, a: 1 }],
  ['-0 and 0', { n: -0 }, { n: 0 }],
  ['non-finite number and null', { n: Number.NaN }, { n: null }],
  ['undefined member left out', { a: 1, b: undefined }, { a: 1 }],
  ['undefined array element as null', { a: [undefined] }, { a: [null] }],
  ['toJSON honoured', { d: { toJSON: () => 'x' } }, { d: 'x' }],
  ['integer-like keys', { 10: 'a', 2: 'b' }, { 2: 'b', 10: 'a' }],
  ['deep nesting (explicit-stack walk)', nested(5000, 'x'), nested(5000, 'x')],
  ['swapped values', { a: 1, b: 2 }, { a: 2, b: 1 }],
  ['array order', { a: [1, 2] }, { a: [2, 1] }],
  ['empty array and empty object', { a: [] }, { a: {} }],
  ['same value under another key', { a: 'x' }, { b: 'x' }],
  ['string and number', { a: '1' }, { a: 1 }],
  ['string split across members', { a: 'xy', b: '' }, { a: 'x', b: 'y' }],
  ['one more member', { a: 1 }, { a: 1, b: null }],
  ['odd-length strings', { a: 'abc' }, { a: 'abd' }],
  ['deep nesting, different leaf', nested(5000, 'x'), nested(5000, 'y')],
  ['nesting depth', nested(3, 'x'), nested(4, 'x')],
];

describe('eventFingerprint', () => {
  it.each(pairs)('%s: equal exactly when canonical JSON is equal', (_name, a, b) => {
    const sameContent = canonicalJson(a as Record<string, unknown>) === canonicalJson(b as Record<string, unknown>);
    expect(eventFingerprint(a) === eventFingerprint(b)).toBe(sameContent);
  });

  it('tells apart many distinct events', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(eventFingerprint({ process: { pid: i % 200, name: `p${Math.floor(i / 200)}` }, tags: [i % 7] }));
    expect(seen.size).toBe(20_000);
  });
});
