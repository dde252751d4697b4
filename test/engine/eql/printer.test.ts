import { describe, expect, it } from 'vitest';
import type { EqlQuery, Expr } from '../../../src/engine/eql/ast.ts';
import { parseEql } from '../../../src/engine/eql/parser.ts';
import { printEql, printExpr, printString } from '../../../src/engine/eql/printer.ts';
import { timeSpan } from '../../../src/engine/eql/time-span.ts';

const conditionOf = (text: string): Expr => {
  const { body } = parseEql(`any where ${text}`);
  if (body.type !== 'event') throw new Error('expected an event query');
  return body.condition;
};

describe('printExpr', () => {
  // Parsing the left column and printing it gives the right column: redundant parentheses go away,
  // needed ones stay.
  it.each<[string, string]>([
    ['(a and b) or c', 'a and b or c'],
    ['a and (b or c)', 'a and (b or c)'],
    ['(a or b) or c', 'a or b or c'],
    ['a or (b or c)', 'a or (b or c)'],
    ['not (a and b)', 'not (a and b)'],
    ['(not a) and b', 'not a and b'],
    ['not (a == 1)', 'not a == 1'],
    ['(a == 1) == (b < 2)', '(a == 1) == (b < 2)'],
    ['a == (b + 1)', 'a == b + 1'],
    ['(a + b) * c', '(a + b) * c'],
    ['a + (b * c)', 'a + b * c'],
    ['(a - b) - c', 'a - b - c'],
    ['a - (b - c)', 'a - (b - c)'],
    ['a / (b / c)', 'a / (b / c)'],
    ['-(a + b)', '-(a + b)'],
    ['-(-a)', '--a'],
    ['(-5) * a', '-5 * a'],
    ['(-5) in (1)', '(-5) in (1)'],
    ['(a + b) : "x"', '(a + b) : "x"'],
    ['a + (b : "x")', 'a + b : "x"'],
    ['(a) : ("x", "y")', 'a : ("x", "y")'],
    ['a : ("x")', 'a : ("x")'],
    ['a like~ "x"', 'a like~ "x"'],
    ['a regex ("x", "y")', 'a regex ("x", "y")'],
    ['a in~ ("x", b or c)', 'a in~ ("x", b or c)'],
    ['a not in (1)', 'a not in (1)'],
    ['not a in (1)', 'not a in (1)'],
    ['(not a) in (1)', '(not a) in (1)'],
    ['startswith~(a, "x") and CONCAT(a, b) == "ab"', 'startsWith~(a, "x") and concat(a, b) == "ab"'],
    ['length((a or b))', 'length(a or b)'],
    ['?a.`b c`.`sequence`.`d``e`.`1x`.@ts', '?a.`b c`.`sequence`.`d``e`.`1x`.@ts'],
    ['`AND`.`where`', 'AND.`where`'],
    ['4.0 + 4 + .5 + 1e21 + 1e-7 + 9223372036854775808', '4.0 + 4 + 0.5 + 1e+21 + 1e-7 + 9223372036854776000.0'],
  ])('prints %j as %j', (source, printed) => {
    expect(printExpr(conditionOf(source))).toBe(printed);
  });

  it('prints hand-built trees with the parentheses their shape needs', () => {
    const a: Expr = { type: 'field', name: 'a', optional: false };
    const negative: Expr = { type: 'number', value: -2, integer: true };
    const tree: Expr = {
      type: 'match',
      op: 'like',
      caseInsensitive: false,
      subject: { type: 'arith', op: '*', left: negative, right: { type: 'negate', operand: a } },
      patterns: [{ type: 'string', value: 'x' }],
      list: false,
    };
    expect(printExpr(tree)).toBe('(-2 * -a) like "x"');
  });
});

describe('printString', () => {
  it.each<[string, string]>([
    ['plain', '"plain"'],
    ['', '""'],
    ['C:\\Windows\\*', '"""C:\\Windows\\*"""'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\say "hi"', '"""C:\\say "hi""""'],
    ['C:\\ends with two""', '"""C:\\ends with two"""""'],
    ['C:\\has """ inside', '"C:\\\\has \\"\\"\\" inside"'],
    ['C:\\line\nbreak', '"C:\\\\line\\nbreak"'],
    ['tab\tcr\rnul\u0000del\u007f', '"tab\\tcr\\rnul\\u{00}del\\u{7F}"'],
    ['emoji 😀 é', '"emoji 😀 é"'],
    ['lone \ud800 surrogate', '"lone \\u{D800} surrogate"'],
  ])('prints %j as %s', (value, printed) => {
    expect(printString(value)).toBe(printed);
  });

  it.each(['C:\\say "hi"', 'C:\\ends with two""', '"C:\\starts with quote', 'lone \udc00 low', '\\', '"""'])(
    'prints %j so that it reads back unchanged',
    (value) => {
      const { body } = parseEql(`any where a == ${printString(value)}`);
      expect(body.type === 'event' && body.condition.type === 'compare' ? body.condition.right : null).toMatchObject({
        type: 'string',
        value,
      });
    },
  );
});

describe('printEql', () => {
  it.each<[EqlQuery, string]>([
    [
      { type: 'query', body: { type: 'event', category: null, condition: { type: 'boolean', value: true } }, pipes: [] },
      'any where true',
    ],
    [
      {
        type: 'query',
        body: { type: 'event', category: 'any', condition: { type: 'null' } },
        pipes: [
          { type: 'tail', count: 3 },
          { type: 'head', count: 1 },
        ],
      },
      '"any" where null | tail 3 | head 1',
    ],
    [
      { type: 'query', body: { type: 'event', category: 'my-cat', condition: { type: 'boolean', value: false } }, pipes: [] },
      '"my-cat" where false',
    ],
    [
      { type: 'query', body: { type: 'event', category: 'sequence', condition: { type: 'boolean', value: false } }, pipes: [] },
      '"sequence" where false',
    ],
    [
      {
        type: 'query',
        pipes: [],
        body: {
          type: 'sequence',
          by: [{ type: 'field', name: 'host.id', optional: false }],
          maxspan: timeSpan(5, 'm'),
          clauses: [
            { query: { type: 'event', category: 'process', condition: { type: 'boolean', value: true } }, by: [], runs: 2, missing: false },
            { query: { type: 'event', category: 'file', condition: { type: 'boolean', value: true } }, by: [], runs: 1, missing: true },
            { query: { type: 'event', category: null, condition: { type: 'boolean', value: true } }, by: [], runs: 1, missing: false },
          ],
          until: {
            query: { type: 'event', category: 'network', condition: { type: 'boolean', value: true } },
            by: [],
            runs: 1,
            missing: false,
          },
        },
      },
      'sequence by host.id with maxspan=5m\n  [process where true] with runs=2\n  ![file where true]\n  [any where true]\nuntil [network where true]',
    ],
    [
      {
        type: 'query',
        pipes: [{ type: 'head', count: 10 }],
        body: {
          type: 'sample',
          by: [],
          clauses: [
            { query: { type: 'event', category: 'a', condition: { type: 'boolean', value: true } }, by: [{ type: 'field', name: 'x', optional: true }] },
            { query: { type: 'event', category: 'b', condition: { type: 'boolean', value: true } }, by: [{ type: 'field', name: 'y', optional: false }] },
          ],
        },
      },
      'sample\n  [a where true] by ?x\n  [b where true] by y | head 10',
    ],
  ])('prints %#', (query, printed) => {
    expect(printEql(query)).toBe(printed);
  });

  it('refuses to print a number EQL cannot spell', () => {
    expect(() => printExpr({ type: 'number', value: Number.POSITIVE_INFINITY, integer: false })).toThrow(RangeError);
  });
});
