/**
 * explainLucene against the compiled Lucene matcher on random queries (over the KQL evaluation
 * schema and documents): an explanation exists exactly when the query matches, its fields have
 * values in the document, and each reported clause is itself a query that matches the document.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainLucene } from '../../../src/engine/explain/lucene.ts';
import { createSchema } from '../../../src/engine/fields/schema.ts';
import type { LuceneClause, LuceneNode } from '../../../src/engine/lucene/ast.ts';
import { compileLucene } from '../../../src/engine/lucene/compile.ts';
import { parseLucene } from '../../../src/engine/lucene/parser.ts';
import type { GlobSegment } from '../../../src/engine/match/glob.ts';
import { EVAL_TYPES, evalDocument } from '../kql/arbitraries.ts';
import { expectFieldsPresent, Tally } from './helpers.ts';

const schema = createSchema(EVAL_TYPES);
const now = Date.parse('2024-06-01T00:00:00Z');

const field = fc.constantFrom(null, 'k1', 'k2', 'n', 't', 'k*');
const word = fc.constantFrom('a', 'b', 'ab', 'A', '1', '10', '9', 'a b');

const leaf: fc.Arbitrary<LuceneNode> = fc.oneof(
  fc.record({ type: fc.constant('term' as const), field, text: word, quoted: fc.boolean() }),
  fc.record({
    type: fc.constant('wildcard' as const),
    field,
    segments: fc.constantFrom<readonly GlobSegment[]>([{ literal: 'a' }, 'any'], ['any', { literal: 'b' }], ['one', 'any']),
  }),
  fc.record({
    type: fc.constant('range' as const),
    field: fc.constantFrom('k1', 'n', 't'),
    lower: fc.option(word, { nil: null }),
    upper: fc.option(word, { nil: null }),
    includeLower: fc.boolean(),
    includeUpper: fc.boolean(),
  }),
  fc.record({ type: fc.constant('exists' as const), field: fc.constantFrom('k1', 'k2', 'n', 'k*') }),
);

const { node } = fc.letrec<{ node: LuceneNode }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 3 },
    leaf,
    fc
      .array(fc.record({ occur: fc.constantFrom('must' as const, 'should' as const, 'must_not' as const), query: tie('node') }), { minLength: 1, maxLength: 3 })
      .map((clauses: LuceneClause[]): LuceneNode => ({ type: 'bool', clauses })),
  ),
}));

describe('explainLucene agrees with compileLucene', () => {
  it('explains exactly the matching documents, with present fields and clauses that hold', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(node, evalDocument, (ast, doc) => {
        const matches = compileLucene(ast, { schema, now }).matches(doc);
        const explanation = explainLucene(ast, doc, { schema, now });
        tally.record(matches);
        expect(explanation !== null).toBe(matches);
        if (explanation === null) return;
        expectFieldsPresent(explanation, doc);
        for (const clause of explanation.clauses) expect(compileLucene(parseLucene(clause), { schema, now }).matches(doc), clause).toBe(true);
      }),
      { numRuns: 800 },
    );
    console.log(`explainLucene property: ${tally.matched} matching and ${tally.unmatched} non-matching cases agreed`);
    expect(tally.matched).toBeGreaterThan(100);
    expect(tally.unmatched).toBeGreaterThan(100);
  });
});
