import { describe, expect, it } from 'vitest';
import type { EqlQuery, Expr, FieldRef, Literal, Sequence } from '../../../src/engine/eql/ast.ts';
import { parseEql } from '../../../src/engine/eql/parser.ts';
import { timeSpan } from '../../../src/engine/eql/time-span.ts';
import { withoutStart } from './ast-helpers.ts';

// Small AST builders keep the expected trees readable.
const field = (name: string, optional = false): FieldRef => ({ type: 'field', name, optional });
const str = (value: string): Literal => ({ type: 'string', value });
const int = (value: number): Literal => ({ type: 'number', value, integer: true });
const dec = (value: number): Literal => ({ type: 'number', value, integer: false });
const bool = (value: boolean): Literal => ({ type: 'boolean', value });
const nul: Literal = { type: 'null' };
const and = (left: Expr, right: Expr): Expr => ({ type: 'and', left, right });
const or = (left: Expr, right: Expr): Expr => ({ type: 'or', left, right });
const not = (operand: Expr): Expr => ({ type: 'not', operand });
const cmp = (op: '==' | '!=' | '<' | '<=' | '>' | '>=', left: Expr, right: Expr): Expr => ({ type: 'compare', op, left, right });
const arith = (op: '+' | '-' | '*' | '/' | '%', left: Expr, right: Expr): Expr => ({ type: 'arith', op, left, right });
const match = (op: ':' | 'like' | 'regex', caseInsensitive: boolean, subject: Expr, patterns: Expr[], list: boolean): Expr => ({
  type: 'match',
  op,
  caseInsensitive,
  subject,
  patterns,
  list,
});
const inList = (subject: Expr, values: Expr[], caseInsensitive = false, negated = false): Expr => ({
  type: 'in',
  subject,
  values,
  caseInsensitive,
  negated,
});

const conditionOf = (text: string): Expr => {
  const query = parseEql(`process where ${text}`);
  if (query.body.type !== 'event') throw new Error('expected an event query');
  return withoutStart(query.body.condition);
};

describe('parseEql expressions', () => {
  it.each<[string, Expr]>([
    // literals
    ['"abc"', str('abc')],
    ['"""C:\\Windows\\*"""', str('C:\\Windows\\*')],
    ['"tab\\there \\u{1F600}"', str('tab\there 😀')],
    ['42', int(42)],
    ['-5', int(-5)],
    ['- 5', int(-5)],
    ['-(5)', int(-5)],
    ['+5', int(5)],
    ['4.5', dec(4.5)],
    ['.5', dec(0.5)],
    ['1e3', dec(1000)],
    ['-2.5e-1', dec(-0.25)],
    // The largest long stays an integer literal (its double value is 2^63); one more becomes a decimal.
    ['9223372036854775807', int(2 ** 63)],
    ['9223372036854775808', dec(2 ** 63)],
    ['true', bool(true)],
    ['false', bool(false)],
    ['null', nul],
    // fields
    ['process.name', field('process.name')],
    ['@timestamp', field('@timestamp')],
    ['?process.name', field('process.name', true)],
    ['? process.name', field('process.name', true)],
    ['a.`b-c`.`d``e`', field('a.b-c.d`e')],
    ['`sequence`', field('sequence')],
    ['`1st`.x', field('1st.x')],
    ['AND', field('AND')],
    ['length', field('length')],
    // precedence: or < and < not < comparison < + - < * / % < unary < predicate
    ['a or b and c', or(field('a'), and(field('b'), field('c')))],
    ['a and b or c', or(and(field('a'), field('b')), field('c'))],
    ['a or b or c', or(or(field('a'), field('b')), field('c'))],
    ['not a and b', and(not(field('a')), field('b'))],
    ['not not a', not(not(field('a')))],
    ['not a == 1', not(cmp('==', field('a'), int(1)))],
    ['a == 1 and b != 2', and(cmp('==', field('a'), int(1)), cmp('!=', field('b'), int(2)))],
    ['a + b * c == d', cmp('==', arith('+', field('a'), arith('*', field('b'), field('c'))), field('d'))],
    ['a - b - c', arith('-', arith('-', field('a'), field('b')), field('c'))],
    ['a - (b - c)', arith('-', field('a'), arith('-', field('b'), field('c')))],
    ['a / b % c', arith('%', arith('/', field('a'), field('b')), field('c'))],
    ['-a * b', arith('*', { type: 'negate', operand: field('a') }, field('b'))],
    ['a - -5', arith('-', field('a'), int(-5))],
    ['--a', { type: 'negate', operand: { type: 'negate', operand: field('a') } }],
    ['- -5', int(5)],
    ['a <= 1', cmp('<=', field('a'), int(1))],
    ['a >= 1', cmp('>=', field('a'), int(1))],
    ['a < 1', cmp('<', field('a'), int(1))],
    ['a > 1', cmp('>', field('a'), int(1))],
    ['(a == 1) == true', cmp('==', cmp('==', field('a'), int(1)), bool(true))],
    ['((a))', field('a')],
    // the predicate binds to a primary, as in the ES grammar
    ['a + b : "x"', arith('+', field('a'), match(':', true, field('b'), [str('x')], false))],
    ['-a in (1)', { type: 'negate', operand: inList(field('a'), [int(1)]) }],
    ['a : "x" == true', cmp('==', match(':', true, field('a'), [str('x')], false), bool(true))],
    // pattern operators
    ['a : "x*"', match(':', true, field('a'), [str('x*')], false)],
    ['a : ("x", "y")', match(':', true, field('a'), [str('x'), str('y')], true)],
    ['a : ("x")', match(':', true, field('a'), [str('x')], true)],
    ['a like "x*"', match('like', false, field('a'), [str('x*')], false)],
    ['a like~ ("x*", "y")', match('like', true, field('a'), [str('x*'), str('y')], true)],
    ['a regex ".*"', match('regex', false, field('a'), [str('.*')], false)],
    ['a regex~ (".*", "b")', match('regex', true, field('a'), [str('.*'), str('b')], true)],
    ['a : 1', match(':', true, field('a'), [int(1)], false)],
    ['length(a) : "x"', match(':', true, { type: 'call', name: 'length', caseInsensitive: false, args: [field('a')] }, [str('x')], false)],
    // membership
    ['a in (1, "b", c + 1)', inList(field('a'), [int(1), str('b'), arith('+', field('c'), int(1))])],
    ['a in~ ("x")', inList(field('a'), [str('x')], true)],
    ['a not in ("x")', inList(field('a'), [str('x')], false, true)],
    ['a not in~ ("x", "y")', inList(field('a'), [str('x'), str('y')], true, true)],
    ['not a in (1)', not(inList(field('a'), [int(1)]))],
    // functions: names are case-insensitive, printed canonically
    ['startsWith(a, "x")', { type: 'call', name: 'startsWith', caseInsensitive: false, args: [field('a'), str('x')] }],
    ['startswith~(a, "x")', { type: 'call', name: 'startsWith', caseInsensitive: true, args: [field('a'), str('x')] }],
    ['CIDRMATCH(a, "10.0.0.0/8", "::1/128")', { type: 'call', name: 'cidrMatch', caseInsensitive: false, args: [field('a'), str('10.0.0.0/8'), str('::1/128')] }],
    ['between(a, "x", "y", true)', { type: 'call', name: 'between', caseInsensitive: false, args: [field('a'), str('x'), str('y'), bool(true)] }],
    ['concat(a)', { type: 'call', name: 'concat', caseInsensitive: false, args: [field('a')] }],
    ['substring (a, 1)', { type: 'call', name: 'substring', caseInsensitive: false, args: [field('a'), int(1)] }],
    ['indexOf~(a, "x", 2)', { type: 'call', name: 'indexOf', caseInsensitive: true, args: [field('a'), str('x'), int(2)] }],
    ['number(a, 16) == 255', cmp('==', { type: 'call', name: 'number', caseInsensitive: false, args: [field('a'), int(16)] }, int(255))],
    // comments and layout
    ['a == 1 // trailing\n and /* inline */ b', and(cmp('==', field('a'), int(1)), field('b'))],
  ])('parses %j', (text, expected) => {
    expect(conditionOf(text)).toEqual(expected);
  });
});

const simple = (category: string | null, condition: Expr = bool(true)) => ({ type: 'event' as const, category, condition });

describe('parseEql queries', () => {
  it.each<[string, EqlQuery]>([
    ['process where true', { type: 'query', body: simple('process'), pipes: [] }],
    ['any where true', { type: 'query', body: simple(null), pipes: [] }],
    ['"my-cat" where true', { type: 'query', body: simple('my-cat'), pipes: [] }],
    ['"""any""" where true', { type: 'query', body: simple('any'), pipes: [] }],
    ['Process where true', { type: 'query', body: simple('Process'), pipes: [] }],
    [
      'process where true | head 5 | tail 0',
      { type: 'query', body: simple('process'), pipes: [{ type: 'head', count: 5 }, { type: 'tail', count: 0 }] },
    ],
    [
      'sequence by host.id with maxspan=30s [process where true] by process.pid [file where true] by process.pid',
      {
        type: 'query',
        pipes: [],
        body: {
          type: 'sequence',
          by: [field('host.id')],
          maxspan: timeSpan(30, 's'),
          clauses: [
            { query: simple('process'), by: [field('process.pid')], runs: 1, missing: false },
            { query: simple('file'), by: [field('process.pid')], runs: 1, missing: false },
          ],
          until: null,
        },
      },
    ],
    [
      'sequence with maxspan=5m [a where true] with runs=3 ![b where true] [c where true] until [d where true] | head 1',
      {
        type: 'query',
        pipes: [{ type: 'head', count: 1 }],
        body: {
          type: 'sequence',
          by: [],
          maxspan: timeSpan(5, 'm'),
          clauses: [
            { query: simple('a'), by: [], runs: 3, missing: false },
            { query: simple('b'), by: [], runs: 1, missing: true },
            { query: simple('c'), by: [], runs: 1, missing: false },
          ],
          until: { query: simple('d'), by: [], runs: 1, missing: false },
        },
      },
    ],
    [
      'sequence [a where true] with runs=2',
      {
        type: 'query',
        pipes: [],
        body: { type: 'sequence', by: [], maxspan: null, clauses: [{ query: simple('a'), by: [], runs: 2, missing: false }], until: null },
      },
    ],
    [
      'sequence by ?a, b [x where true] [y where true] until [z where true]',
      {
        type: 'query',
        pipes: [],
        body: {
          type: 'sequence',
          by: [field('a', true), field('b')],
          maxspan: null,
          clauses: [
            { query: simple('x'), by: [], runs: 1, missing: false },
            { query: simple('y'), by: [], runs: 1, missing: false },
          ],
          until: { query: simple('z'), by: [], runs: 1, missing: false },
        },
      },
    ],
    [
      'sequence with maxspan=10ms [a where true] by k [b where true] by j with runs=2 until [c where true] by u',
      {
        type: 'query',
        pipes: [],
        body: {
          type: 'sequence',
          by: [],
          maxspan: timeSpan(10, 'ms'),
          clauses: [
            { query: simple('a'), by: [field('k')], runs: 1, missing: false },
            { query: simple('b'), by: [field('j')], runs: 2, missing: false },
          ],
          until: { query: simple('c'), by: [field('u')], runs: 1, missing: false },
        },
      },
    ],
    [
      'sample by host [a where true] by x [b where true] by y',
      {
        type: 'query',
        pipes: [],
        body: {
          type: 'sample',
          by: [field('host')],
          clauses: [
            { query: simple('a'), by: [field('x')] },
            { query: simple('b'), by: [field('y')] },
          ],
        },
      },
    ],
  ])('parses %j', (text, expected) => {
    expect(withoutStart(parseEql(text))).toEqual(expected);
  });

  it.each<[string, number]>([
    ['1ms', 1],
    ['2s', 2000],
    ['3m', 180_000],
    ['4h', 14_400_000],
    ['5d', 432_000_000],
    ['6micros', 0.006],
    ['7nanos', 0.000007],
    ['8 s', 8000],
  ])('reads maxspan=%s as %d ms', (span, millis) => {
    const query = parseEql(`sequence with maxspan=${span} [a where true] [b where true]`);
    expect((query.body as Sequence).maxspan?.millis).toBeCloseTo(millis, 12);
  });

  it('records the offset of every node', () => {
    const query = parseEql('sequence by k\n  [process where a == -1 and f(x)] by p\n  [file where true] by q'.replace('f(x)', 'length(x)'));
    const body = query.body as Sequence;
    const [first] = body.clauses;
    const condition = first?.query.condition;
    expect(query.start).toBe(0);
    expect(body.by[0]?.start).toBe(12);
    expect(first?.start).toBe(16);
    expect(first?.query.start).toBe(17);
    expect(condition?.type === 'and' ? [condition.start, condition.left.start, condition.right.start] : null).toEqual([31, 31, 43]);
    expect(condition?.type === 'and' && condition.left.type === 'compare' ? condition.left.right.start : null).toBe(36);
    expect(first?.by[0]?.start).toBe(57);
  });
});
