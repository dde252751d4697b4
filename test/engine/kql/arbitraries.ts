/** fast-check generators of KQL ASTs (as the parser can produce them) and of small ECS-like documents. */
import fc from 'fast-check';
import type { GlobSegment } from '../../../src/engine/match/glob.ts';
import type { KqlLiteral, KqlNode, KqlRangeOp, KqlValue, KqlWildcard } from '../../../src/engine/kql/ast.ts';

/** Characters that stress escaping: specials, keywords' letters, whitespace of every kind KQL knows. */
const trickyChar = fc.constantFrom(...'abnotrdAOR :()<>"*{}\\\t\n\u00a0é𝄞'.match(/./gsu)!);
const trickyText = fc.array(trickyChar, { minLength: 1, maxLength: 8 }).map((chars) => chars.join(''));

/** Unquoted text as the parser leaves it: non-empty, trimmed, not a boolean/null keyword. */
const unquotedText = (text: fc.Arbitrary<string>) =>
  text.filter((t) => t !== '' && t.trim() === t && !['true', 'false', 'null'].includes(t));

function literalOf(text: fc.Arbitrary<string>): fc.Arbitrary<KqlLiteral> {
  return fc.oneof(
    text.map((value): KqlLiteral => ({ type: 'literal', value, quoted: true })),
    unquotedText(text).map((value): KqlLiteral => ({ type: 'literal', value, quoted: false })),
    fc.constantFrom(true, false, null).map((value): KqlLiteral => ({ type: 'literal', value, quoted: false })),
  );
}

function wildcardOf(text: fc.Arbitrary<string>): fc.Arbitrary<KqlWildcard> {
  return fc
    .array(fc.option(text.map((t) => t.replace(/\*/g, 'x')), { nil: undefined }), { minLength: 1, maxLength: 4 })
    .map((parts) => {
      const segments: GlobSegment[] = [];
      parts.forEach((part, i) => {
        if (i > 0 || part === undefined) segments.push('any');
        if (part !== undefined && part !== '') segments.push({ literal: part });
      });
      if (!segments.includes('any')) segments.push('any');
      return { type: 'wildcard' as const, segments: mergeAdjacent(segments) };
    })
    .filter((w) => {
      // The parser trims unquoted values, so edge whitespace cannot come out of it.
      const first = w.segments[0];
      const last = w.segments[w.segments.length - 1];
      return (
        (typeof first !== 'object' || first.literal.trimStart() === first.literal) &&
        (typeof last !== 'object' || last.literal.trimEnd() === last.literal)
      );
    });
}

function mergeAdjacent(segments: GlobSegment[]): GlobSegment[] {
  const out: GlobSegment[] = [];
  for (const s of segments) {
    const prev = out[out.length - 1];
    if (typeof s === 'object' && typeof prev === 'object') out[out.length - 1] = { literal: prev.literal + s.literal };
    else out.push(s);
  }
  return out;
}

function valueOf(text: fc.Arbitrary<string>): fc.Arbitrary<KqlValue> {
  return fc.oneof({ weight: 3, arbitrary: literalOf(text) }, { weight: 1, arbitrary: wildcardOf(text) });
}

interface AstShape {
  fields: fc.Arbitrary<KqlValue | null>;
  values: fc.Arbitrary<KqlValue>;
  rangeValues: fc.Arbitrary<KqlValue>;
  nestedPaths: fc.Arbitrary<KqlValue>;
}

function astOf(shape: AstShape, maxDepth: number): fc.Arbitrary<KqlNode> {
  const { node } = fc.letrec<{ node: KqlNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      fc.record({ type: fc.constant('is' as const), field: shape.fields, value: shape.values }),
      fc.record({
        type: fc.constant('range' as const),
        field: shape.fields.filter((f): f is KqlValue => f !== null),
        op: fc.constantFrom<KqlRangeOp>('lt', 'lte', 'gt', 'gte'),
        value: shape.rangeValues,
      }),
      fc.record({ type: fc.constant('not' as const), arg: tie('node') }),
      fc.record({ type: fc.constantFrom('and' as const, 'or' as const), args: fc.array(tie('node'), { minLength: 2, maxLength: 3 }) }),
      fc.record({ type: fc.constant('nested' as const), path: shape.nestedPaths, query: tie('node') }),
    ),
  }));
  return node;
}

const fieldLiteral = (names: fc.Arbitrary<string>) =>
  names.map((value): KqlValue => ({ type: 'literal', value, quoted: false }));

/** Any AST the parser could produce, with hostile text, for print/parse round trips. */
export const anyKqlAst: fc.Arbitrary<KqlNode> = astOf(
  {
    fields: fc.oneof(
      fc.constant(null),
      literalOf(trickyText).filter((f) => f.value !== null),
      wildcardOf(trickyText),
    ),
    values: valueOf(trickyText),
    rangeValues: valueOf(trickyText),
    nestedPaths: literalOf(trickyText).filter((f) => f.value !== null),
  },
  4,
);

// ---- evaluation: a small schema, values that collide often ---------------------------------------

/** Field types of the evaluation schema. */
export const EVAL_TYPES = { k1: 'keyword', k2: 'keyword', n: 'long', t: 'text', 'items.k1': 'keyword', 'items.n': 'long' } as const;

const evalWords = ['a', 'b', 'ab', 'A', '1', '10', '9', 'a b'];
const evalText = fc.constantFrom(...evalWords);

/** Queries over the evaluation schema (no nested-path field names inside `items:{}` beyond k1/n). */
export const evalKqlAst: fc.Arbitrary<KqlNode> = astOf(
  {
    fields: fc.oneof(
      { weight: 6, arbitrary: fieldLiteral(fc.constantFrom('k1', 'k2', 'n', 't')) },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constant<KqlValue>({ type: 'wildcard', segments: [{ literal: 'k' }, 'any'] }) },
    ),
    values: fc.oneof(
      { weight: 4, arbitrary: fc.record({ type: fc.constant('literal' as const), value: evalText, quoted: fc.boolean() }) },
      {
        weight: 2,
        arbitrary: fc.constantFrom<GlobSegment[]>(
          ['any'],
          [{ literal: 'a' }, 'any'],
          ['any', { literal: 'b' }],
          ['any', { literal: 'a b' }, 'any'],
          [{ literal: 'a' }, 'any', { literal: ' b' }],
          [{ literal: 'A' }, 'any'],
        ).map((segments): KqlValue => ({ type: 'wildcard', segments })),
      },
    ),
    rangeValues: fc.record({ type: fc.constant('literal' as const), value: evalText, quoted: fc.constant(false) }),
    nestedPaths: fc.constant<KqlValue>({ type: 'literal', value: 'items', quoted: false }),
  },
  3,
);

const leaf = fc.oneof(evalText, fc.constantFrom(1, 9, 10, 'A b', 'b a'));
const maybeArray = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { maxLength: 3 }), fc.constant(null));

export const evalDocument: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    k1: maybeArray(leaf),
    k2: maybeArray(leaf),
    n: maybeArray(fc.oneof(fc.constantFrom(1, 9, 10), fc.constantFrom('1', '10', 'a'))),
    t: maybeArray(fc.constantFrom('a b', 'A', 'b ab', '1 10')),
    items: fc.array(fc.record({ k1: maybeArray(leaf), n: maybeArray(fc.constantFrom(1, 9, 10)) }, { requiredKeys: [] }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
