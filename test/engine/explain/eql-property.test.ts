/**
 * explainEqlEvent against the compiled EQL matcher on random conditions (the parser engineer's
 * arbExpr) over events holding some of their fields: an explanation exists exactly when the
 * compiled filter matches, its fields have values in the event, and each reported clause is a
 * condition that holds on the event by itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventQuery, Expr } from '../../../src/engine/eql/ast.ts';
import { compileEql } from '../../../src/engine/eql/compile.ts';
import { collectFields } from '../../../src/engine/eql/context.ts';
import { parseEql } from '../../../src/engine/eql/parser.ts';
import { QuerySyntaxError } from '../../../src/engine/errors.ts';
import { explainEqlEvent } from '../../../src/engine/explain/eql.ts';
import { createSchema } from '../../../src/engine/fields/schema.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { arbExpr } from '../eql/arbitraries.ts';
import { expectFieldsPresent, Tally } from './helpers.ts';

const schema = createSchema({});
const arbLeaf = fc.oneof(fc.constantFrom('a', 'A', 'abc', '1', '10', '-3', 'true', '', '*'), fc.integer({ min: -20, max: 20 }), fc.boolean());
const arbFieldValue = fc.oneof({ weight: 4, arbitrary: arbLeaf }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.array(arbLeaf, { maxLength: 3 }) });
const arbCategory = fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('process', 'file') });

/** A condition, a category, and an event giving some of the condition's fields values (as dotted keys). */
const arbCase = fc.tuple(arbExpr, arbCategory).chain(([condition, category]) => {
  const names: string[] = [];
  collectFields(condition, names);
  const entries = names.map((name) => fc.option(arbFieldValue.map((value) => [name, value] as const), { nil: undefined }));
  return fc.tuple(fc.tuple(...entries), fc.constantFrom(['process'], 'file', undefined)).map(([pairs, eventCategory]) => {
    const event: EventDoc = {};
    for (const pair of pairs) if (pair) event[pair[0]] = pair[1];
    if (eventCategory !== undefined) event['event.category'] = eventCategory;
    const query: EventQuery = { type: 'event', category, condition };
    return { query, event };
  });
});

function compiledMatches(query: EventQuery, event: EventDoc): boolean | 'error' {
  try {
    const compiled = compileEql({ type: 'query', body: query, pipes: [] }, { schema });
    return compiled.kind === 'event' && compiled.filter.matches(event);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return 'error';
    throw error;
  }
}

function holdsAlone(clause: string, event: EventDoc): boolean {
  const compiled = compileEql(parseEql(`any where ${clause}`), { schema });
  return compiled.kind === 'event' && compiled.filter.matches(event);
}

describe('explainEqlEvent agrees with the compiled EQL filter', () => {
  it('explains exactly the matching events, with present fields and clauses that hold', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(arbCase, ({ query, event }) => {
        const matches = compiledMatches(query, event);
        if (matches === 'error') {
          expect(() => explainEqlEvent(query, event, { schema })).toThrow(QuerySyntaxError);
          return;
        }
        const explanation = explainEqlEvent(query, event, { schema });
        tally.record(matches);
        expect(explanation !== null).toBe(matches);
        if (explanation === null) return;
        expectFieldsPresent(explanation, event);
        for (const clause of explanation.clauses) expect(holdsAlone(clause, event), clause).toBe(true);
      }),
      { numRuns: 1500 },
    );
    console.log(`explainEqlEvent property: ${tally.matched} matching and ${tally.unmatched} non-matching cases agreed`);
    expect(tally.matched).toBeGreaterThan(50);
    expect(tally.unmatched).toBeGreaterThan(100);
  });

  it.each<[string, Expr]>([
    ['a value list reports the pattern that matched', { type: 'match', op: ':', caseInsensitive: true, subject: { type: 'field', name: 'f', optional: false }, patterns: [{ type: 'string', value: 'x*' }, { type: 'string', value: '*z' }], list: true }],
  ])('%s', (_name, condition) => {
    const explanation = explainEqlEvent({ type: 'event', category: null, condition }, { f: 'XYZ' }, { schema });
    expect(explanation).toEqual({ clauses: ['f : "x*"', 'f : "*z"'], fields: ['f'] });
  });
});
