/**
 * Properties over random queries and documents (ECS families: keyword, text, number, ip, date,
 * boolean, caseless): must_not is the complement, bool combinators are the boolean connectives,
 * and the prefilter requirement holds on every matching event.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileDsl } from '../../../src/engine/dsl/compile.ts';
import { textSatisfies } from '../../../src/engine/query/requirements.ts';
import { NOW } from './helpers.ts';

const WORDS = ['cmd.exe', 'CMD.EXE', 'python3', 'Error opening file', 'error', 'a b', 'x*y', 'true', '42', '10.0.0.1'];
const FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  'process.name': fc.constantFrom(...WORDS),
  message: fc.constantFrom(...WORDS),
  'process.pid': fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom('42', 'x')),
  'source.ip': fc.constantFrom('10.0.0.1', '10.2.3.4', '192.168.1.1', '::1', 'bad'),
  '@timestamp': fc.constantFrom('2024-05-10T11:30:00Z', '2024-05-09', NOW, 'nope'),
  'dll.code_signature.trusted': fc.constantFrom(true, false, 'true', 'x'),
  'host.os.name.caseless': fc.constantFrom('Windows', 'linux'),
};
const fieldNames = Object.keys(FIELDS);

/** A document: some of the fields, each a value, an array of values, or null. */
const documents = fc
  .record(
    Object.fromEntries(
      fieldNames.map((f) => [f, fc.oneof(FIELDS[f]!, fc.array(FIELDS[f]!, { maxLength: 3 }), fc.constant(null))]),
    ),
    { requiredKeys: [] },
  )
  .map((flat) => {
    const doc: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(flat)) doc[key] = value;
    return doc;
  });

const scalar = fc.oneof(fc.constantFrom(...WORDS), fc.integer({ min: 0, max: 50 }), fc.constantFrom('10.0.0.0/8', 'now-1h', '2024-05-10'));
const field = fc.constantFrom(...fieldNames);
const textValue = fc.constantFrom(...WORDS, '10.0.0.0/8', 'now-1h', '2024-05-10');
const leaves: fc.Arbitrary<object>[] = [
  fc.record({ field, value: scalar, ci: fc.boolean() }).map(({ field: f, value, ci }) => ({ term: { [f]: { value, case_insensitive: ci } } })),
  fc.record({ field, values: fc.array(scalar, { maxLength: 3 }) }).map(({ field: f, values }) => ({ terms: { [f]: values } })),
  fc.record({ field, query: textValue, operator: fc.constantFrom('or', 'and') }).map(({ field: f, query, operator }) => ({ match: { [f]: { query, operator } } })),
  fc.record({ field, query: textValue }).map(({ field: f, query }) => ({ match_phrase: { [f]: query } })),
  fc.record({ field, value: fc.constantFrom('*', 'cmd*', '*EXE', 'py?hon3', '*rr*', 'x\\*y', '10.*'), ci: fc.boolean() }).map(
    ({ field: f, value, ci }) => ({ wildcard: { [f]: { value, case_insensitive: ci } } }),
  ),
  fc.record({ field, value: fc.constantFrom('c', 'C', 'py', 'err') }).map(({ field: f, value }) => ({ prefix: { [f]: value } })),
  fc.record({ field, op: fc.constantFrom('gt', 'gte', 'lt', 'lte'), value: scalar }).map(({ field: f, op, value }) => ({ range: { [f]: { [op]: value } } })),
  field.map((f) => ({ exists: { field: f } })),
];

const queries: fc.Arbitrary<object> = fc.letrec<{ query: object }>((tie) => ({
  query: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    ...leaves,
    fc
      .record({
        must: fc.array(tie('query'), { maxLength: 2 }),
        filter: fc.array(tie('query'), { maxLength: 2 }),
        should: fc.array(tie('query'), { maxLength: 3 }),
        must_not: fc.array(tie('query'), { maxLength: 2 }),
        minimum_should_match: fc.option(fc.constantFrom(0, 1, 2, '50%', '-1'), { nil: undefined }),
      })
      .map((bool) => ({ bool: Object.fromEntries(Object.entries(bool).filter(([, v]) => v !== undefined)) })),
  ),
})).query;

const matches = (query: object, doc: Record<string, unknown>): boolean => compileDsl(query, { now: NOW }).matches(doc);

describe('DSL properties', () => {
  it('bool.must_not(q) is the complement of q', () => {
    fc.assert(
      fc.property(queries, documents, (query, doc) => {
        expect(matches({ bool: { must_not: query } }, doc)).toBe(!matches(query, doc));
      }),
      { numRuns: 400 },
    );
  });

  it('filter is AND, should (alone) is OR, and minimum_should_match counts clauses', () => {
    fc.assert(
      fc.property(queries, queries, queries, documents, (a, b, c, doc) => {
        const [x, y, z] = [matches(a, doc), matches(b, doc), matches(c, doc)];
        expect(matches({ bool: { filter: [a, b] } }, doc)).toBe(x && y);
        expect(matches({ bool: { should: [a, b] } }, doc)).toBe(x || y);
        expect(matches({ bool: { should: [a, b, c], minimum_should_match: 2 } }, doc)).toBe(Number(x) + Number(y) + Number(z) >= 2);
        expect(matches({ bool: { filter: a, should: [b] } }, doc)).toBe(x);
      }),
      { numRuns: 300 },
    );
  });

  it('a matching event satisfies the prefilter requirement', () => {
    fc.assert(
      fc.property(queries, documents, (query, doc) => {
        const compiled = compileDsl(query, { now: NOW });
        const raw = JSON.stringify(doc);
        if (compiled.matches(doc) && !raw.includes('\\')) expect(textSatisfies(compiled.requires, raw)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
