/**
 * fast-check generators of EQL ASTs that `parseEql` can produce (no `start` offsets), for round-trip
 * property tests of the printer/parser and for compiler/evaluator tests.
 *
 * What "the parser can produce" means here: `-` on a number literal is folded into the literal (so no
 * `negate` of a number); integer literals are safe integers with `integer: true`; `:`/like/regex
 * patterns are literals and a single pattern has `list: false`; join keys are fields; every clause of a
 * sequence/sample has the same number of keys; sequences have >= 2 clauses, at least one of them not
 * missing, and a maxspan whenever a clause is missing; `until` is a plain clause (no runs, not missing);
 * samples have >= 2 clauses and at least one join key.
 */
import fc from 'fast-check';
import {
  FUNCTION_NAMES,
  type ArithOp,
  type CompareOp,
  type EqlQuery,
  type EventQuery,
  type Expr,
  type FieldRef,
  type Literal,
  type Pipe,
  type Sample,
  type SampleClause,
  type Sequence,
  type SequenceClause,
  type TimeUnit,
} from '../../../src/engine/eql/ast.ts';
import { FUNCTION_SIGNATURES } from '../../../src/engine/eql/functions.ts';
import { timeSpan } from '../../../src/engine/eql/time-span.ts';

const KEYWORDS = ['and', 'any', 'by', 'false', 'in', 'join', 'like', 'maxspan', 'not', 'null', 'of', 'or', 'regex'];
const MORE_KEYWORDS = ['sample', 'sequence', 'true', 'until', 'where', 'with', 'runs', 'head', 'tail'];

/** Strings that stress quoting: backslashes, quotes, raw-string delimiters, control characters. */
const TRICKY_STRINGS = [
  '',
  'C:\\Windows\\System32\\*.exe',
  '\\\\?\\pipe\\*',
  '"""',
  'a"b',
  'ends with quote"',
  'ends with quotes""',
  '\\',
  '\\"',
  '\n',
  'line1\r\nline2',
  '\t*',
  '\u0000\u001f\u007f',
  '\u{1F600}',
  '*?',
  "it's",
];

const arbString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom(...TRICKY_STRINGS),
);

const arbIdentifier: fc.Arbitrary<string> = fc.stringMatching(/^[A-Za-z_@][A-Za-z0-9_]{0,6}$/);

/** One segment of a field name: mostly identifiers, sometimes keywords or text that needs back-quotes. */
const arbFieldSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: arbIdentifier },
  { weight: 1, arbitrary: fc.constantFrom(...KEYWORDS, ...MORE_KEYWORDS, ...FUNCTION_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom('a-b', '1x', 'with space', 'tick`tick', '`', 'é', 'x~', '?') },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 5 }).filter((s) => !s.includes('.')) },
);

export const arbFieldName: fc.Arbitrary<string> = fc
  .array(arbFieldSegment, { minLength: 1, maxLength: 3 })
  .map((segments) => segments.join('.'));

export const arbFieldRef: fc.Arbitrary<FieldRef> = fc.record({
  type: fc.constant('field' as const),
  name: arbFieldName,
  optional: fc.boolean(),
});

const arbIntegerLiteral = fc.maxSafeInteger().map((value) => ({ type: 'number' as const, value, integer: true }));
const arbDecimalLiteral = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .filter((value) => !Object.is(value, -0))
  .map((value) => ({ type: 'number' as const, value, integer: false }));

export const arbLiteral: fc.Arbitrary<Literal> = fc.oneof(
  { weight: 4, arbitrary: arbString.map((value) => ({ type: 'string' as const, value })) },
  { weight: 2, arbitrary: arbIntegerLiteral },
  { weight: 1, arbitrary: arbDecimalLiteral },
  { weight: 1, arbitrary: fc.boolean().map((value) => ({ type: 'boolean' as const, value })) },
  { weight: 1, arbitrary: fc.constant({ type: 'null' as const }) },
);

const COMPARE_OPS: readonly CompareOp[] = ['==', '!=', '<', '<=', '>', '>='];
const ARITH_OPS: readonly ArithOp[] = ['+', '-', '*', '/', '%'];

/** Variadic functions get at most 3 arguments more than their minimum. */
const arbCallShape = fc.constantFrom(...FUNCTION_NAMES).chain((name) => {
  const { minArgs, maxArgs, caseInsensitiveVariant } = FUNCTION_SIGNATURES[name];
  return fc.record({
    name: fc.constant(name),
    caseInsensitive: caseInsensitiveVariant ? fc.boolean() : fc.constant(false),
    argCount: fc.integer({ min: minArgs, max: Math.min(maxArgs, minArgs + 3) }),
  });
});

/** Patterns of `:`/like/regex are constants in the ES grammar (no sign: `f : -1` does not parse). */
const arbPattern: fc.Arbitrary<Literal> = fc.oneof(
  { weight: 6, arbitrary: arbString.map((value) => ({ type: 'string' as const, value })) },
  { weight: 1, arbitrary: fc.nat().map((value) => ({ type: 'number' as const, value, integer: true })) },
  { weight: 1, arbitrary: fc.boolean().map((value) => ({ type: 'boolean' as const, value })) },
  { weight: 1, arbitrary: fc.constant({ type: 'null' as const }) },
);

const { expr } = fc.letrec<{ expr: Expr }>((tie) => {
  const sub = tie('expr');
  return {
    expr: fc.oneof(
      { depthSize: 'small', maxDepth: 4, depthIdentifier: 'eql-expr', withCrossShrink: true },
      { weight: 3, arbitrary: fc.oneof(arbLiteral, arbFieldRef) },
      fc.record({ type: fc.constant('compare' as const), op: fc.constantFrom(...COMPARE_OPS), left: sub, right: sub }),
      fc
        .record({
          op: fc.constantFrom(':' as const, 'like' as const, 'regex' as const),
          caseInsensitiveVariant: fc.boolean(),
          subject: sub,
          patterns: fc.array(arbPattern, { minLength: 1, maxLength: 3 }),
          list: fc.boolean(),
        })
        .map(({ op, caseInsensitiveVariant, subject, patterns, list }) => ({
          type: 'match' as const,
          op,
          // ':' is always case-insensitive; like/regex have a `~` variant.
          caseInsensitive: op === ':' ? true : caseInsensitiveVariant,
          subject,
          patterns: list ? patterns : patterns.slice(0, 1),
          list,
        })),
      fc.record({
        type: fc.constant('in' as const),
        subject: sub,
        values: fc.array(sub, { minLength: 1, maxLength: 3 }),
        caseInsensitive: fc.boolean(),
        negated: fc.boolean(),
      }),
      fc.record({ type: fc.constant('and' as const), left: sub, right: sub }),
      fc.record({ type: fc.constant('or' as const), left: sub, right: sub }),
      fc.record({ type: fc.constant('not' as const), operand: sub }),
      fc.record({ type: fc.constant('arith' as const), op: fc.constantFrom(...ARITH_OPS), left: sub, right: sub }),
      fc.record({ type: fc.constant('negate' as const), operand: sub.filter((e) => e.type !== 'number') }),
      arbCallShape.chain(({ name, caseInsensitive, argCount }) =>
        fc.array(sub, { minLength: argCount, maxLength: argCount }).map((args) => ({
          type: 'call' as const,
          name,
          caseInsensitive,
          args,
        })),
      ),
    ),
  };
});

/** Any expression the parser can produce. */
export const arbExpr: fc.Arbitrary<Expr> = expr;

const arbCategory: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom('process', 'network', 'file', 'registry', 'any', 'where', 'sequence', 'my-cat', '1st'),
  arbIdentifier,
  arbString,
);

export const arbEventQuery: fc.Arbitrary<EventQuery> = fc.record({
  type: fc.constant('event' as const),
  category: arbCategory,
  condition: arbExpr,
});

const arbKeys = (count: number): fc.Arbitrary<FieldRef[]> =>
  fc.array(arbFieldRef, { minLength: count, maxLength: count });

const arbTimeSpan = fc
  .record({
    value: fc.integer({ min: 1, max: 10_000 }),
    unit: fc.constantFrom<TimeUnit>('nanos', 'micros', 'ms', 's', 'm', 'h', 'd'),
  })
  .map(({ value, unit }) => timeSpan(value, unit));

const arbRuns = fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 100 }) });

export const arbSequence: fc.Arbitrary<Sequence> = fc
  .record({ sharedKeys: fc.integer({ min: 0, max: 2 }), clauseKeys: fc.integer({ min: 0, max: 2 }) })
  .chain(({ sharedKeys, clauseKeys }) => {
    const clause = (missing: fc.Arbitrary<boolean>): fc.Arbitrary<SequenceClause> =>
      fc.record({ query: arbEventQuery, by: arbKeys(clauseKeys), runs: arbRuns, missing });
    const untilClause: fc.Arbitrary<SequenceClause> = fc.record({
      query: arbEventQuery,
      by: arbKeys(clauseKeys),
      runs: fc.constant(1),
      missing: fc.constant(false),
    });
    return fc
      .record({
        by: arbKeys(sharedKeys),
        clauses: fc.array(clause(fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.constant(true))), {
          minLength: 2,
          maxLength: 4,
        }),
        // Guarantees the "at least one clause is not missing" rule wherever it lands.
        anchor: clause(fc.constant(false)),
        anchorAt: fc.nat(),
        maxspan: fc.option(arbTimeSpan, { nil: null }),
        fallbackMaxspan: arbTimeSpan,
        until: fc.option(untilClause, { nil: null }),
      })
      .map(({ by, clauses, anchor, anchorAt, maxspan, fallbackMaxspan, until }) => {
        const all = [...clauses];
        if (all.every((c) => c.missing)) all[anchorAt % all.length] = anchor;
        const needsMaxspan = all.some((c) => c.missing);
        return {
          type: 'sequence' as const,
          by,
          maxspan: needsMaxspan ? (maxspan ?? fallbackMaxspan) : maxspan,
          clauses: all,
          until,
        };
      });
  });

export const arbSample: fc.Arbitrary<Sample> = fc
  .record({ sharedKeys: fc.integer({ min: 0, max: 2 }), clauseKeys: fc.integer({ min: 0, max: 2 }) })
  .filter(({ sharedKeys, clauseKeys }) => sharedKeys + clauseKeys > 0)
  .chain(({ sharedKeys, clauseKeys }) =>
    fc.record({
      type: fc.constant('sample' as const),
      by: arbKeys(sharedKeys),
      clauses: fc.array(
        fc.record<SampleClause>({ query: arbEventQuery, by: arbKeys(clauseKeys) }),
        { minLength: 2, maxLength: 3 },
      ),
    }),
  );

export const arbPipe: fc.Arbitrary<Pipe> = fc.record({
  type: fc.constantFrom('head' as const, 'tail' as const),
  count: fc.integer({ min: 0, max: 10_000 }),
});

/** Any query the parser can produce. */
export const arbEqlQuery: fc.Arbitrary<EqlQuery> = fc.record({
  type: fc.constant('query' as const),
  body: fc.oneof({ weight: 3, arbitrary: arbEventQuery }, { weight: 2, arbitrary: arbSequence }, arbSample),
  pipes: fc.array(arbPipe, { maxLength: 2 }),
});
