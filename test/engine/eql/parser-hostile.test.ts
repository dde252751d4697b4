/** Hostile input: the parser must answer with a result or a QuerySyntaxError, quickly, never crash. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuerySyntaxError } from '../../../src/engine/errors.ts';
import { parseEql } from '../../../src/engine/eql/parser.ts';
import { printEql } from '../../../src/engine/eql/printer.ts';
import { MAX_NESTING, MAX_TREE_DEPTH } from '../../../src/engine/eql/token-stream.ts';
import { withoutStart } from './ast-helpers.ts';
import { readShared, skipWithoutShared } from '../../support/shared-data.ts';

/** Parses, and if that works, checks the result survives print → parse. Other exceptions escape. */
function parseOrSyntaxError(text: string): 'parsed' | 'rejected' {
  try {
    const ast = parseEql(text);
    expect(withoutStart(parseEql(printEql(ast)))).toEqual(withoutStart(ast));
    return 'parsed';
  } catch (error) {
    if (error instanceof QuerySyntaxError) return 'rejected';
    throw error;
  }
}

const repeat = (unit: string, times: number): string => unit.repeat(times);

describe('EQL parser on hostile input', () => {
  it.each<[string, string, string]>([
    ['10k parentheses', `any where ${repeat('(', 10_000)}a${repeat(')', 10_000)}`, 'query is nested too deeply'],
    ['10k not', `any where ${repeat('not ', 10_000)}a`, 'query is nested too deeply'],
    ['10k unary minus', `any where ${repeat('-', 10_000)}a`, 'query is nested too deeply'],
    ['10k nested calls', `any where ${repeat('length(', 10_000)}a${repeat(')', 10_000)}`, 'query is nested too deeply'],
    ['10k nested in-lists', `any where ${repeat('a in (', 10_000)}1${repeat(')', 10_000)}`, 'query is nested too deeply'],
    ['10k-term or chain', `any where a${repeat(' or a', 10_000)}`, 'expression is too deeply nested'],
    ['10k-term sum', `any where 1${repeat(' + 1', 10_000)} == 2`, 'expression is too deeply nested'],
  ])('rejects %s cleanly', (_label, text, reason) => {
    expect(() => parseEql(text)).toThrow(QuerySyntaxError);
    expect(() => parseEql(text)).toThrow(reason);
  });

  it('accepts nesting and chains just inside the limits, and prints them back', () => {
    const parens = `any where ${repeat('(', MAX_NESTING - 1)}a${repeat(')', MAX_NESTING - 1)}`;
    const chain = `any where a${repeat(' or a', MAX_TREE_DEPTH - 2)}`;
    expect(parseOrSyntaxError(parens)).toBe('parsed');
    expect(parseOrSyntaxError(chain)).toBe('parsed');
  });

  // The timeout is the hang guard for a quadratic parser; speed itself is measured in benchmarks.
  it('handles huge literals, lists and comments without hanging', () => {
    const big = 'x'.repeat(500_000);
    expect(parseOrSyntaxError(`any where a == "${big}"`)).toBe('parsed');
    expect(parseOrSyntaxError(`any where a == """C:\\${big}"""`)).toBe('parsed');
    expect(parseOrSyntaxError(`any where a in (${Array.from({ length: 50_000 }, (_, i) => i).join(', ')})`)).toBe('parsed');
    expect(parseOrSyntaxError(`any where true /* ${big} */`)).toBe('parsed');
    expect(parseOrSyntaxError(`any where a == "${big}`)).toBe('rejected');
    expect(parseOrSyntaxError(`any where ${repeat('/*', 100_000)}`)).toBe('rejected');
    expect(parseOrSyntaxError(`any where a == "${repeat('\\u{', 100_000)}"`)).toBe('rejected');
  }, 30_000);

  it('answers random text with a result or a QuerySyntaxError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        parseOrSyntaxError(text);
        parseOrSyntaxError(`process where ${text}`);
      }),
      { numRuns: 500 },
    );
  });

  const VOCABULARY = [
    'process', 'any', 'where', 'sequence', 'sample', 'by', 'with', 'maxspan', '=', '5m', 'runs', '2', 'until',
    '[', ']', '![', '(', ')', ',', '|', 'head', 'tail', 'and', 'or', 'not', 'in', 'in~', ':', 'like~', 'regex',
    '==', '!=', '<', '+', '-', '*', '/', '%', '?', 'a.b', '`x y`', '"s"', '"""r\\"""', '1', '2.5', 'true',
    'null', 'length', 'between', 'startsWith~', 'cidrMatch', '.', '//c\n', '/*c*/',
  ];

  it('answers random token soup with a result or a QuerySyntaxError', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 30 }), (words) => {
        parseOrSyntaxError(words.join(' '));
      }),
      { numRuns: 1000 },
    );
  });

  it('answers mutated detection rules with a result or a QuerySyntaxError', (context) => {
    skipWithoutShared(context, 'corpus/detection-rules.ndjson');
    const rules = readShared('corpus/detection-rules.ndjson')
      .split('\n')
      .filter((line) => line.includes('"eql"'))
      .map((line) => (JSON.parse(line) as { query?: string }).query)
      .filter((query): query is string => typeof query === 'string');
    const mutation = fc.record({
      rule: fc.nat({ max: rules.length - 1 }),
      at: fc.nat(),
      remove: fc.nat({ max: 3 }),
      insert: fc.constantFrom('', '(', ')', '"', '"""', '[', ']', ' and ', ' not ', '`', '\\', '|', ','),
    });
    fc.assert(
      fc.property(mutation, ({ rule, at, remove, insert }) => {
        const query = rules[rule] as string;
        const cut = at % (query.length + 1);
        parseOrSyntaxError(query.slice(0, cut) + insert + query.slice(cut + remove));
      }),
      { numRuns: 400 },
    );
  });
});
