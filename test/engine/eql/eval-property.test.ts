/**
 * Property: the compiled closures agree with the reference interpreter on random expressions (the
 * parser engineer's arbExpr) over random events holding those fields, and the prefilter requirement
 * is sound (every matching event's JSON contains the required literals).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../src/engine/eql/ast.ts';
import { compileEql } from '../../../src/engine/eql/compile.ts';
import { collectFields } from '../../../src/engine/eql/context.ts';
import { QuerySyntaxError } from '../../../src/engine/errors.ts';
import { createSchema } from '../../../src/engine/fields/schema.ts';
import { textSatisfies } from '../../../src/engine/query/requirements.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { arbExpr } from './arbitraries.ts';
import { referenceTest } from './reference-interpreter.ts';

const schema = createSchema({});
const arbLeaf = fc.oneof(
  fc.constantFrom('a', 'A', 'abc', 'ABC', '1', '10', '-3', '2.5', 'true', '', '*', '10.1.2.3', 'C:\\x'),
  fc.string({ maxLength: 4 }),
  fc.integer({ min: -20, max: 20 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }),
  fc.boolean(),
);
const arbFieldValue = fc.oneof({ weight: 4, arbitrary: arbLeaf }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.array(fc.oneof(arbLeaf, fc.constant(null)), { maxLength: 3 }) });

/** An expression plus an event that gives some of its fields values (as literal dotted keys). */
const arbCase = arbExpr.chain((expr) => {
  const names: string[] = [];
  collectFields(expr, names);
  const entries = names.map((name) => fc.option(arbFieldValue.map((value) => [name, value] as const), { nil: undefined }));
  return fc.tuple(fc.constant(expr), fc.tuple(...entries)).map(([e, pairs]) => {
    const event: EventDoc = {};
    for (const pair of pairs) if (pair) event[pair[0]] = pair[1];
    return { expr: e, event };
  });
});

function compiledMatches(expr: Expr, event: EventDoc): boolean | 'error' {
  try {
    const compiled = compileEql({ type: 'query', body: { type: 'event', category: null, condition: expr }, pipes: [] }, { schema });
    if (compiled.kind !== 'event') throw new Error('expected an event query');
    const matches = compiled.filter.matches(event);
    if (matches && !JSON.stringify(event).includes('\\')) {
      expect(textSatisfies(compiled.filter.requires, JSON.stringify(event))).toBe(true);
    }
    return matches;
  } catch (error) {
    if (error instanceof QuerySyntaxError) return 'error';
    throw error;
  }
}

function referenceMatches(expr: Expr, event: EventDoc): boolean | 'error' {
  try {
    return referenceTest(expr, event, schema);
  } catch {
    // Non-literal patterns/CIDRs and invalid regexes are compile errors in the engine.
    return 'error';
  }
}

describe('compiled EQL conditions vs the reference interpreter', () => {
  it('agree on random expressions and events', () => {
    let agreedMatches = 0;
    fc.assert(
      fc.property(arbCase, ({ expr, event }) => {
        const expected = referenceMatches(expr, event);
        const actual = compiledMatches(expr, event);
        if (expected === "error" || actual === "error") return; // error cases are covered by table tests
        expect(actual).toBe(expected);
        if (actual) agreedMatches++;
      }),
      { numRuns: 400 },
    );
    // Not vacuous: about one case in ten matches (both sides agree on it).
    expect(agreedMatches).toBeGreaterThan(5);
  });
});
