import { describe, expect, it } from 'vitest';
import { intersectDocuments } from '../../../src/engine/alerts/intersection.ts';

// Cases mirror Kibana's own tests of objectPairIntersection in
// rule_types/eql/build_alert_group_from_sequence.test.ts.
describe('intersectDocuments', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, unknown]>([
    ['identical arrays', { field1: [1] }, { field1: [1] }, { field1: [1] }],
    ['value vs array', { field1: 1 }, { field1: [1, 2, 3] }, { field1: [1] }],
    ['arrays with one common element', { field1: [3, 4, 5] }, { field1: [1, 2, 3] }, { field1: [3] }],
    ['arrays with two common elements', { field1: [3, 4, 5] }, { field1: [1, 2, 3, 4] }, { field1: [3, 4] }],
    ['dot and nested notation are the same leaf', { 'user.email': 'm@e.co' }, { user: { email: 'm@e.co' } }, { user: { email: 'm@e.co' } }],
    ['deep dot and nested notation', { 'a.b.c': 42 }, { a: { b: { c: 42 } } }, { a: { b: { c: 42 } } }],
    ['dotted in both stays dotted', { 'user.email': 'a@t.co' }, { 'user.email': 'a@t.co' }, { 'user.email': 'a@t.co' }],
    ['empty objects', {}, {}, undefined],
    ['one empty object', {}, { a: 1 }, undefined],
    ['numbers and strings differ', { field1: 1, field2: 1 }, { field1: 1, field2: '1' }, { field1: 1 }],
    ['unequal values dropped', { f1: 1, f2: 1, f3: 'abcd', f4: 'abcd' }, { f1: 1, f2: 100, f3: 'abcd', f4: 'wxyz' }, { f1: 1, f3: 'abcd' }],
    ['nulls', { field1: 1, field2: '1', field3: null }, { field1: null, field2: null, field3: null }, { field3: null }],
    ['disjoint arrays give []', { a1: [1, 2], a2: [1, 2] }, { a1: [1, 2], a2: [3, 4] }, { a1: [1, 2], a2: [] }],
    ['fields in only one object', { field1: 1 }, { field2: 1 }, undefined],
    [
      'objects within objects',
      { c: { f1: 1, f2: 1, f3: 10, f5: 1, f6: null, arr: [1, 2], n: { f1: 1, f2: 1 } }, none: { s1: 1 } },
      { c: { f1: 1, f2: 2, f4: 10, f5: '1', f6: null, arr: [1, 2], n: { f1: 1, f2: 2 } }, none: { s2: 1 } },
      { c: { f1: 1, f6: null, arr: [1, 2], n: { f1: 1 } } },
    ],
  ])('%s', (_label, a, b, expected) => {
    expect(intersectDocuments([a, b])).toEqual(expected);
  });

  it('reduces over many documents, and returns a single document as is', () => {
    expect(intersectDocuments([{ a: 1, b: 2, c: 3 }, { a: 1, b: 2 }, { a: 1, c: 3 }])).toEqual({ a: 1 });
    const only = { a: 1 };
    expect(intersectDocuments([only])).toBe(only);
    expect(intersectDocuments([])).toBeUndefined();
  });

  it('compares objects inside arrays by identity', () => {
    const shared = { id: 'T1' };
    expect(intersectDocuments([{ t: [shared, { id: 'x' }] }, { t: [shared, { id: 'x' }] }])).toEqual({ t: [shared] });
  });

  it('keeps __proto__ keys as data', () => {
    const a = JSON.parse('{"__proto__":{"x":1},"k":1}') as Record<string, unknown>;
    const b = JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>;
    const result = intersectDocuments([a, b])!;
    expect(Object.prototype.hasOwnProperty.call(result, '__proto__')).toBe(true);
    expect(JSON.stringify(result)).toBe('{"__proto__":{"x":1}}');
  });
});
