import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/engine/alerts/canonical-json.ts';
import { jsText } from '../../../src/engine/json/js-text.ts';
import { isRecord, recordFrom } from '../../../src/engine/json/own-record.ts';
import { stringifyJson, writeJson } from '../../../src/engine/json/stringify.ts';

/** canonicalJson as it was written before it had to handle any depth: the oracle for its text. */
function recursiveCanonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (isRecord(item) ? recordFrom(Object.keys(item).sort().map((key) => [key, item[key]] as const)) : item));
}

/** JSON with the keys that make ordering interesting: array indexes, near-indexes, `__proto__`. */
const KEYS = ['b', 'a', 'B', '0', '9', '10', '01', '-1', '4294967294', '4294967295', '__proto__', 'constructor', 'é', '\u{1F600}', 'a.b', ''];
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), tie('object'), fc.array(tie('value'), { maxLength: 4 })),
  object: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 6 }).map((entries) => recordFrom(entries)),
})).value;

describe('writeJson: JSON.stringify without recursion', () => {
  it('writes exactly what JSON.stringify writes, compact and indented', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(writeJson(value)).toBe(JSON.stringify(value));
        expect(writeJson(value, { indent: '  ' })).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  it('writes canonical JSON exactly as the recursive replacer did (array-index keys first, then code-unit order)', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(recursiveCanonicalJson(value));
      }),
      { numRuns: 500 },
    );
    const keys = JSON.parse('{"b":1,"10":2,"9":3,"4294967295":4,"__proto__":5,"01":6}') as unknown;
    expect(canonicalJson(keys)).toBe('{"9":3,"10":2,"01":6,"4294967295":4,"__proto__":5,"b":1}');
  });

  it('follows JSON.stringify on undefined members, holes, non-finite numbers, -0 and toJSON', () => {
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    const odd = { u: undefined, f: () => 1, s: Symbol('x'), holes: [undefined, , () => 1], n: [NaN, Infinity, -0, 1e21], d: new Date(0), nested: { toJSON: (key: string) => `key ${key}` } };
    expect(writeJson(odd)).toBe(JSON.stringify(odd));
    expect(writeJson(odd, { indent: '\t' })).toBe(JSON.stringify(odd, null, '\t'));
    expect(writeJson(undefined)).toBeUndefined();
    expect(writeJson({}, { indent: '  ' })).toBe('{}');
    expect(writeJson({ a: [] }, { indent: '  ' })).toBe('{\n  "a": []\n}');
  });

  it('indents down to indentDepth and writes deeper containers compact', () => {
    expect(writeJson({ a: { b: { c: [1, { d: 2 }] } } }, { indent: '  ', indentDepth: 2 })).toBe('{\n  "a": {\n    "b": {"c":[1,{"d":2}]}\n  }\n}');
  });

  it.each([5_000, 100_000])('writes values nested %i levels deep, where JSON.stringify throws', (depth) => {
    const objectText = `${'{"a":'.repeat(depth)}[1,"x"]${'}'.repeat(depth)}`;
    const arrayText = `${'['.repeat(depth)}{}${']'.repeat(depth)}`;
    expect(() => JSON.stringify(JSON.parse(objectText))).toThrow(RangeError);
    expect(stringifyJson(JSON.parse(objectText))).toBe(objectText);
    expect(stringifyJson(JSON.parse(arrayText))).toBe(arrayText);
    expect(canonicalJson(JSON.parse(objectText))).toBe(objectText);
  });
});

describe('jsText: String() and join without recursion', () => {
  it('gives what String(value) and value.join(", ") give for JSON data', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(jsText(value)).toBe(String(value));
        if (Array.isArray(value)) expect(jsText(value, ', ')).toBe(value.join(', '));
      }),
      { numRuns: 500 },
    );
  });

  it('joins arrays nested 100,000 deep, and never calls an object\'s own toString', () => {
    const deep = JSON.parse(`["a",${'['.repeat(100_000)}"leaf",null${']'.repeat(100_000)}]`) as unknown[];
    expect(jsText(deep, ', ')).toBe('a, leaf,');
    expect(jsText([JSON.parse('{"toString":1}')])).toBe('[object Object]');
  });
});
