/** Lucene print/parse round trips on random ASTs shaped like the parser's output. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LuceneClause, LuceneNode } from '../../../src/engine/lucene/ast.ts';
import type { GlobSegment } from '../../../src/engine/match/glob.ts';
import { parseLucene } from '../../../src/engine/lucene/parser.ts';
import { printLucene } from '../../../src/engine/lucene/printer.ts';
import { withoutOffsets } from '../kql/notation.ts';

const tricky = fc
  .array(fc.constantFrom(...'abAND OR:()[]{}"\\/*?+-!&|^~<>é\t'.split('')), { minLength: 1, maxLength: 6 })
  .map((c) => c.join(''));
const field = fc.oneof(fc.constant(null), fc.constantFrom('a', 'b.c', 'x y', 'AND', 'p.*'));
const named = fc.constantFrom('a', 'b.c', 'x y', 'AND', 'p.*');

const leaf: fc.Arbitrary<LuceneNode> = fc.oneof(
  fc.record({ type: fc.constant('term' as const), field, text: tricky, quoted: fc.boolean() }).filter(
    (t) => t.quoted || t.field === null || !/^[<>]./.test(t.text),
  ),
  fc.record({
    type: fc.constant('wildcard' as const),
    field,
    segments: fc.constantFrom<readonly GlobSegment[]>(
      [{ literal: 'a b' }, 'any'],
      ['any', { literal: 'x*' }],
      ['one', { literal: '?' }, 'any', { literal: ':' }],
    ),
  }),
  fc.record({ type: fc.constant('regex' as const), field, pattern: fc.constantFrom('a.b', '[0-9]{3}', 'x\\/y') }),
  fc.record({
    type: fc.constant('range' as const),
    field: named,
    lower: fc.option(tricky, { nil: null }),
    upper: fc.option(tricky, { nil: null }),
    includeLower: fc.boolean(),
    includeUpper: fc.boolean(),
  }),
  fc.record({ type: fc.constant('exists' as const), field: fc.constantFrom('a', 'b.c', 'p.*') }),
);

const { node } = fc.letrec<{ node: LuceneNode }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 3 },
    leaf,
    fc
      .array(fc.record({ occur: fc.constantFrom('must' as const, 'should' as const, 'must_not' as const), query: tie('node') }), {
        minLength: 1,
        maxLength: 4,
      })
      // A query of one optional clause is that clause itself, never a bool.
      .filter((clauses: LuceneClause[]) => !(clauses.length === 1 && clauses[0]!.occur === 'should'))
      .map((clauses): LuceneNode => ({ type: 'bool', clauses })),
  ),
}));

describe('Lucene properties', () => {
  it('print then parse gives the same AST', () => {
    fc.assert(
      fc.property(node, (ast) => {
        expect(withoutOffsets(parseLucene(printLucene(ast)))).toEqual(ast);
      }),
      { numRuns: 1500 },
    );
  });
});
