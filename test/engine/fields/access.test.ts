import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileFieldGetter, fieldExists } from '../../../src/engine/fields/access.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';

const parse = (json: string): EventDoc => JSON.parse(json) as EventDoc;

describe('compileFieldGetter', () => {
  it.each([
    ['nested objects', 'process.parent.name', '{"process":{"parent":{"name":"a"}}}', ['a']],
    ['fully dotted key', 'process.parent.name', '{"process.parent.name":"a"}', ['a']],
    ['dotted prefix', 'process.parent.name', '{"process.parent":{"name":"a"}}', ['a']],
    ['dotted suffix', 'process.parent.name', '{"process":{"parent.name":"a"}}', ['a']],
    ['every existing split contributes', 'a.b', '{"a.b":1,"a":{"b":2}}', [1, 2]],
    ['splits in document key order', 'a.b', '{"a":{"b":2},"a.b":1}', [2, 1]],
    ['array of values', 'a', '{"a":["x","y"]}', ['x', 'y']],
    ['array of objects', 'a.b', '{"a":[{"b":1},{"b":2}]}', [1, 2]],
    ['arrays of arrays of objects', 'a.b', '{"a":[[{"b":1}],[[{"b":[2,[3]]}]]]}', [1, 2, 3]],
    ['null yields nothing', 'a', '{"a":null}', []],
    ['empty array yields nothing', 'a', '{"a":[]}', []],
    ['nulls inside arrays are skipped', 'a', '{"a":[null,"x",null]}', ['x']],
    ['object at the end is not a value', 'a', '{"a":{"b":1}}', []],
    ['objects inside a leaf array are not values', 'a', '{"a":[{"b":1},"x"]}', ['x']],
    ['primitive in the middle of the path', 'a.b', '{"a":"x"}', []],
    ['missing field', 'a.b', '{"c":1}', []],
    ['booleans and numbers kept as-is', 'a', '{"a":[true,0,1.5,""]}', [true, 0, 1.5, '']],
    ['no-dot name', 'message', '{"message":"hi"}', ['hi']],
    ['@timestamp', '@timestamp', '{"@timestamp":"2024-01-01"}', ['2024-01-01']],
  ])('%s', (_label, name, json, expected) => {
    expect(compileFieldGetter(name)(parse(json))).toEqual(expected);
  });

  it.each([
    ['__proto__', '{"__proto__":{"x":1}}', '__proto__.x', [1]],
    ['constructor', '{"constructor":"c"}', 'constructor', ['c']],
    ['prototype', '{"prototype":{"name":"p"}}', 'prototype.name', ['p']],
  ])('reads a %s key as plain data', (_label, json, name, expected) => {
    expect(compileFieldGetter(name)(parse(json))).toEqual(expected);
  });

  it.each(['toString', 'constructor', 'hasOwnProperty', '__proto__', 'constructor.name', 'valueOf', '__proto__.toString'])(
    'never reads Object.prototype for a missing %s',
    (name) => {
      expect(compileFieldGetter(name)(parse('{"a":1}'))).toEqual([]);
      expect(compileFieldGetter(name)(Object.create(null) as EventDoc)).toEqual([]);
    },
  );

  it('does not leak inherited properties of the event object', () => {
    const event = Object.create({ inherited: 'x' }) as EventDoc;
    expect(compileFieldGetter('inherited')(event)).toEqual([]);
  });

  it('survives 10k levels of object nesting', () => {
    let json = '"leaf"';
    for (let i = 0; i < 10_000; i++) json = `{"a":${json}}`;
    const event = parse(json);
    expect(compileFieldGetter('a.a.a')(event)).toEqual([]);
    expect(compileFieldGetter(Array.from({ length: 10_000 }, () => 'a').join('.'))(event)).toEqual(['leaf']);
  });

  it('survives 10k levels of array nesting', () => {
    const event = parse(`{"a":${'['.repeat(10_000)}1${']'.repeat(10_000)}}`);
    expect(compileFieldGetter('a')(event)).toEqual([1]);
  });

  it('resolves long names by scanning keys (every split works past the precomputed size)', () => {
    const segments = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const name = segments.join('.');
    const event = { [segments.slice(0, 7).join('.')]: { [segments.slice(7).join('.')]: 'v' } } as EventDoc;
    expect(compileFieldGetter(name)(event)).toEqual(['v']);
  });

  it('fieldExists reports whether any value is present', () => {
    const getter = compileFieldGetter('a.b');
    expect(fieldExists(getter, parse('{"a":{"b":[null,0]}}'))).toBe(true);
    expect(fieldExists(getter, parse('{"a":{"b":[null]}}'))).toBe(false);
  });
});

/** Builds the document holding `value` at `segments`, splitting the path at the given cut points. */
function documentWithSplit(segments: readonly string[], cuts: readonly boolean[], value: unknown): EventDoc {
  const keys: string[] = [];
  let current = segments[0]!;
  for (let i = 1; i < segments.length; i++) {
    if (cuts[i - 1]) {
      keys.push(current);
      current = segments[i]!;
    } else {
      current += `.${segments[i]!}`;
    }
  }
  keys.push(current);
  let node: unknown = value;
  for (let i = keys.length - 1; i >= 0; i--) node = { [keys[i]!]: node };
  return node as EventDoc;
}

const segmentArbitrary = fc.constantFrom('a', 'b', 'process', 'name', '__proto__', 'constructor', 'prototype', 'x1');
const leafArbitrary = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.double({ noNaN: true }));

describe('compileFieldGetter properties', () => {
  it('every split of a dotted path gives the same values', () => {
    fc.assert(
      fc.property(
        fc.array(segmentArbitrary, { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        fc.array(leafArbitrary, { minLength: 1, maxLength: 3 }),
        (segments, cuts, values) => {
          const getter = compileFieldGetter(segments.join('.'));
          const leaf = values.length === 1 ? values[0] : values;
          expect(getter(documentWithSplit(segments, cuts, leaf))).toEqual(values);
        },
      ),
    );
  });

  it('wrapping any level in arrays does not change the values', () => {
    fc.assert(
      fc.property(fc.array(segmentArbitrary, { minLength: 1, maxLength: 4 }), leafArbitrary, fc.nat(3), (segments, value, depth) => {
        let node: unknown = value;
        for (let i = segments.length - 1; i >= 0; i--) {
          node = { [segments[i]!]: i === depth ? [[node]] : node };
        }
        expect(compileFieldGetter(segments.join('.'))(node as EventDoc)).toEqual([value]);
      }),
    );
  });

  it('never returns non-primitive values for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(segmentArbitrary, { minLength: 1, maxLength: 3 }), (json, segments) => {
        const values = compileFieldGetter(segments.join('.'))({ [segments[0]!]: json } as EventDoc);
        for (const value of values) expect(['string', 'number', 'boolean']).toContain(typeof value);
      }),
    );
  });
});
