/** Property tests: print/parse round trips, and compiled closures against the reference interpreter. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSchema } from '../../../src/engine/fields/schema.ts';
import { compileKql } from '../../../src/engine/kql/compile.ts';
import { parseKql } from '../../../src/engine/kql/parser.ts';
import { printKql } from '../../../src/engine/kql/printer.ts';
import { textSatisfies } from '../../../src/engine/query/requirements.ts';
import { anyKqlAst, EVAL_TYPES, evalDocument, evalKqlAst } from './arbitraries.ts';
import { referenceMatches } from './reference-interpreter.ts';
import { withoutOffsets } from './notation.ts';

const schema = createSchema(EVAL_TYPES);

describe('KQL properties', () => {
  it('print then parse gives the same AST', () => {
    fc.assert(
      fc.property(anyKqlAst, (ast) => {
        expect(withoutOffsets(parseKql(printKql(ast)))).toEqual(ast);
      }),
      { numRuns: 1500 },
    );
  });

  it('compiled closures agree with the reference interpreter', () => {
    fc.assert(
      fc.property(evalKqlAst, fc.array(evalDocument, { minLength: 1, maxLength: 8 }), (ast, docs) => {
        const compiled = compileKql(ast, { schema });
        for (const doc of docs) expect(compiled.matches(doc)).toBe(referenceMatches(ast, doc));
      }),
      { numRuns: 1500 },
    );
  });

  it('the prefilter requirement never rejects a matching event', () => {
    fc.assert(
      fc.property(evalKqlAst, evalDocument, (ast, doc) => {
        const compiled = compileKql(ast, { schema });
        if (compiled.matches(doc)) expect(textSatisfies(compiled.requires, JSON.stringify(doc))).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('never crashes on arbitrary text: parses or throws QuerySyntaxError', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab :()<>"*{}\\ \tornt'.split('')), maxLength: 40 }), (text) => {
        try {
          compileKql(parseKql(text), { schema }).matches({ a: 'b' });
        } catch (error) {
          expect((error as Error).name).toBe('QuerySyntaxError');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
