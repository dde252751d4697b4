/**
 * explainKql against the compiled KQL matcher on random queries and documents: an explanation
 * exists exactly when the query matches, its fields have values in the document, and each
 * reported clause is itself a KQL query that matches the document.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainKql } from '../../../src/engine/explain/kql.ts';
import { createSchema } from '../../../src/engine/fields/schema.ts';
import { compileKql } from '../../../src/engine/kql/compile.ts';
import { parseKql } from '../../../src/engine/kql/parser.ts';
import { EVAL_TYPES, evalDocument, evalKqlAst } from '../kql/arbitraries.ts';
import { expectFieldsPresent, Tally } from './helpers.ts';

const schema = createSchema(EVAL_TYPES);
const now = Date.parse('2024-06-01T00:00:00Z');

describe('explainKql agrees with compileKql', () => {
  it('explains exactly the matching documents, with present fields and clauses that hold', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(evalKqlAst, evalDocument, (ast, doc) => {
        const matches = compileKql(ast, { schema, now }).matches(doc);
        const explanation = explainKql(ast, doc, { schema, now });
        tally.record(matches);
        expect(explanation !== null).toBe(matches);
        if (explanation === null) return;
        expect(explanation.clauses.length).toBeGreaterThan(0);
        expectFieldsPresent(explanation, doc);
        for (const clause of explanation.clauses) expect(compileKql(parseKql(clause), { schema, now }).matches(doc), clause).toBe(true);
      }),
      { numRuns: 800 },
    );
    console.log(`explainKql property: ${tally.matched} matching and ${tally.unmatched} non-matching cases agreed`);
    expect(tally.matched).toBeGreaterThan(100);
    expect(tally.unmatched).toBeGreaterThan(100);
  });
});
