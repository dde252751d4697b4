/**
 * Property: the prefilter never drops a line whose event matches. Random rules from the KQL and
 * EQL grammars (the parser engineers' arbitraries), random events, and the events' JSON written
 * with random escaping (`\/`, `\uXXXX` in either case), key order and whitespace: every rule whose
 * query matches the parsed event must be a candidate for the raw line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../src/engine/eql/ast.ts';
import { compileEql } from '../../../src/engine/eql/compile.ts';
import { collectFields } from '../../../src/engine/eql/context.ts';
import { createSchema } from '../../../src/engine/fields/schema.ts';
import { compileKql } from '../../../src/engine/kql/compile.ts';
import { compilePrefilter } from '../../../src/engine/prefilter/prefilter.ts';
import type { CompiledFilter } from '../../../src/engine/query/compiled.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { arbExpr } from '../eql/arbitraries.ts';
import { evalDocument, evalKqlAst } from '../kql/arbitraries.ts';
import { writeJson, type JsonStyle } from './json-variants.ts';

const arbStyle: fc.Arbitrary<JsonStyle> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  escapeRate: fc.constantFrom(0, 0, 0.05, 0.5),
  shuffleKeys: fc.boolean(),
  spaces: fc.boolean(),
});

interface Tally {
  matched: number;
  skipped: number;
}

/** Checks every rule that matches `event` is a candidate for each written form of it. */
function checkLine(filters: readonly CompiledFilter[], event: EventDoc, style: JsonStyle, tally: Tally): void {
  const prefilter = compilePrefilter(filters.map((filter) => filter.requires));
  const line = writeJson(event, style);
  expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(event)));
  const mask = prefilter.candidates(line);
  if (mask === undefined) tally.skipped++;
  filters.forEach((filter, r) => {
    if (!filter.matches(event)) return;
    tally.matched++;
    expect(mask?.[r], `rule ${r} matches ${line}`).toBe(1);
  });
}

function tryCompile<T>(compile: () => T): T | undefined {
  try {
    return compile();
  } catch {
    return undefined; // queries the compiler rejects are not rules
  }
}

describe('the prefilter never drops a matching line', () => {
  it('KQL rules over random documents, randomly escaped', () => {
    const tally: Tally = { matched: 0, skipped: 0 };
    fc.assert(
      fc.property(fc.array(evalKqlAst, { minLength: 1, maxLength: 4 }), evalDocument, arbStyle, (asts, event, style) => {
        const filters = asts.map((ast) => tryCompile(() => compileKql(ast))).filter((filter) => filter !== undefined);
        checkLine(filters, event, style, tally);
      }),
      { numRuns: 600 },
    );
    // Not vacuous: rules matched, and lines were skipped.
    expect(tally.matched).toBeGreaterThan(50);
    expect(tally.skipped).toBeGreaterThan(3);
  });

  const schema = createSchema({});
  const arbLeaf = fc.oneof(
    fc.constantFrom('a', 'A', 'abc', 'ABC', 'İx', 'Kx', 'ſ', '1', '10', 'C:\\x', 'a/b', 'q"q', 'tab\tline\n', '\u0001', 'é', '𝄞'),
    fc.string({ maxLength: 4 }),
    fc.integer({ min: -20, max: 20 }),
    fc.boolean(),
  );
  const arbValue = fc.oneof({ weight: 4, arbitrary: arbLeaf }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.array(arbLeaf, { maxLength: 3 }) });
  /** Expressions with an event giving some of their fields values, as in eval-property.test.ts. */
  const arbCase = fc.array(arbExpr, { minLength: 1, maxLength: 3 }).chain((exprs) => {
    const names: string[] = [];
    for (const expr of exprs) collectFields(expr, names);
    const entries = names.map((name) => fc.option(arbValue.map((value) => [name, value] as const), { nil: undefined }));
    return fc.tuple(fc.constant(exprs), fc.tuple(...entries)).map(([all, pairs]) => {
      const event: EventDoc = {};
      for (const pair of pairs) if (pair) event[pair[0]] = pair[1];
      return { exprs: all, event };
    });
  });
  const eqlFilter = (expr: Expr): CompiledFilter | undefined =>
    tryCompile(() => {
      const compiled = compileEql({ type: 'query', body: { type: 'event', category: null, condition: expr }, pipes: [] }, { schema });
      return compiled.kind === 'event' ? compiled.filter : undefined;
    });

  it('EQL conditions over random events, randomly escaped', () => {
    const tally: Tally = { matched: 0, skipped: 0 };
    fc.assert(
      fc.property(arbCase, arbStyle, ({ exprs, event }, style) => {
        const filters = exprs.map(eqlFilter).filter((filter) => filter !== undefined);
        checkLine(filters, event, style, tally);
      }),
      { numRuns: 500 },
    );
    expect(tally.matched).toBeGreaterThan(20);
    expect(tally.skipped).toBeGreaterThan(5);
  });
});
