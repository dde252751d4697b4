/**
 * Value lists compile to set lookups (value-sets.ts, targets.ts `anyEventTest`): an OR of equality
 * tests on one field reads the field once and looks each value up in one Set. These properties
 * compare that against testing the values one by one — the evaluation before sets — for every field
 * family, both cases, and the query shapes that produce lists: KQL `f:(a or b)`, Lucene
 * `f:(a OR b)`, DSL `terms`, and the should of `match_phrase` Kibana builds for an exception's
 * "is one of".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileDsl } from '../../../src/engine/dsl/compile.ts';
import { exactTermTest } from '../../../src/engine/dsl/value-tests.ts';
import { createSchema } from '../../../src/engine/fields/schema.ts';
import type { KqlNode } from '../../../src/engine/kql/ast.ts';
import { compileKql } from '../../../src/engine/kql/compile.ts';
import { parseKql } from '../../../src/engine/kql/parser.ts';
import { anyValuesTest } from '../../../src/engine/kql/field/value-sets.ts';
import { termTest, type FieldValue, type ValuesTest } from '../../../src/engine/kql/field/value-tests.ts';
import type { LuceneNode } from '../../../src/engine/lucene/ast.ts';
import { compileLucene } from '../../../src/engine/lucene/compile.ts';
import { parseLucene } from '../../../src/engine/lucene/parser.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';

const SCHEMA = createSchema({ kw: 'keyword', num: 'long', real: 'double', ip: 'ip', txt: 'text', flag: 'boolean', ts: 'date' });
const FIELDS = ['kw', 'kw.caseless', 'num', 'real', 'ip', 'txt', 'flag', 'ts'] as const;
const NOW = Date.UTC(2024, 5, 1);

/** Texts that mean different things to different families (numbers, addresses, dates, case, tokens). */
const TEXTS = [
  'a', 'A', 'ab', 'a b', 'Ab c', 'é', 'É', 'straße', 'STRASSE', '1', '01', '1.0', '2', '-0', '0', '1e3', 'true', 'false', '',
  '10.0.0.1', '::ffff:10.0.0.1', '10.0.0.0/8', '::1', '2024-01-01', '2024-01-01T00:00:00Z', '1704067200000', 'x y z', 'Y',
];
const arbText = fc.constantFrom(...TEXTS);
const arbValue: fc.Arbitrary<FieldValue> = fc.oneof(arbText, fc.constantFrom(0, -0, 1, 2, 1000, 1.5, 1704067200000, true, false));
const arbValues = fc.array(arbValue, { maxLength: 3 });
const arbList = fc.array(arbText, { minLength: 2, maxLength: 12 });

const oneByOne = (tests: readonly ValuesTest[]): ValuesTest => (values) => tests.some((test) => test(values));

describe('value lists: one set lookup decides as the values one by one', () => {
  it('query_string / match equality (KQL, Lucene) on every family', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), arbList, fc.boolean(), fc.array(arbValues, { minLength: 1, maxLength: 5 }), (field, texts, phrase, samples) => {
        const mapping = SCHEMA.lookup(field);
        const tests = texts.map((text) => termTest(mapping, text, phrase, { now: NOW })).filter((test) => test !== null);
        const merged = anyValuesTest(tests);
        for (const values of samples) expect(merged(values), JSON.stringify(values)).toBe(oneByOne(tests)(values));
      }),
      { numRuns: 600, seed: 1001 },
    );
  });

  it('term equality (DSL term/terms), case-sensitive or not, on every family', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), arbList, fc.boolean(), fc.array(arbValues, { minLength: 1, maxLength: 5 }), (field, texts, caseInsensitive, samples) => {
        const mapping = SCHEMA.lookup(field);
        const tests = texts.map((text) => exactTermTest(mapping, text, caseInsensitive, { now: NOW })).filter((test) => test !== null);
        const merged = anyValuesTest(tests);
        for (const values of samples) expect(merged(values), JSON.stringify(values)).toBe(oneByOne(tests)(values));
      }),
      { numRuns: 600, seed: 1002 },
    );
  });

  // Every field at once (`kw.caseless` reads `kw`), each a value, several, or absent.
  const arbEvent: fc.Arbitrary<EventDoc> = fc.record(
    Object.fromEntries(['kw', 'num', 'real', 'ip', 'txt', 'flag', 'ts'].map((name) => [name, fc.oneof(arbValue, arbValues)])),
    { requiredKeys: [] },
  );
  const arbEvents = fc.array(arbEvent, { minLength: 1, maxLength: 8 });
  const arbQuery = fc.record({ field: fc.constantFrom(...FIELDS), texts: arbList, quoted: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }) });

  it('KQL and Lucene lists on one field, compiled whole vs value by value', () => {
    fc.assert(
      fc.property(arbQuery, arbEvents, ({ field, texts, quoted }, events) => {
        const options = { schema: SCHEMA, now: NOW };
        const kqlLeaf = (text: string, i: number): KqlNode => ({
          type: 'is',
          field: { type: 'literal', value: field, quoted: false },
          value: { type: 'literal', value: text, quoted: quoted[i]! },
        });
        const luceneLeaf = (text: string, i: number): LuceneNode => ({ type: 'term', field, text, quoted: quoted[i]! });
        const kqlWhole = compileKql({ type: 'or', args: texts.map(kqlLeaf) }, options);
        const kqlEach = texts.map((text, i) => compileKql(kqlLeaf(text, i), options));
        const luceneWhole = compileLucene({ type: 'bool', clauses: texts.map((text, i) => ({ occur: 'should' as const, query: luceneLeaf(text, i) })) }, options);
        const luceneEach = texts.map((text, i) => compileLucene(luceneLeaf(text, i), options));
        for (const event of events) {
          expect(kqlWhole.matches(event), JSON.stringify(event)).toBe(kqlEach.some((each) => each.matches(event)));
          expect(luceneWhole.matches(event), JSON.stringify(event)).toBe(luceneEach.some((each) => each.matches(event)));
        }
      }),
      { numRuns: 400, seed: 1003 },
    );
  });

  it('DSL terms and an exception\'s "is one of" (should of match_phrase), whole vs value by value', () => {
    fc.assert(
      fc.property(arbQuery, arbEvents, ({ field, texts }, events) => {
        const options = { schema: SCHEMA, now: NOW };
        const terms = compileDsl({ terms: { [field]: texts } }, options);
        const termEach = texts.map((text) => compileDsl({ term: { [field]: text } }, options));
        // build_exception_filter.ts: each value a bool/should of one match_phrase, in a bool/should.
        const phrase = (text: string) => ({ bool: { minimum_should_match: 1, should: [{ match_phrase: { [field]: text } }] } });
        const oneOf = compileDsl({ bool: { minimum_should_match: 1, should: texts.map(phrase) } }, options);
        const phraseEach = texts.map((text) => compileDsl({ match_phrase: { [field]: text } }, options));
        for (const event of events) {
          expect(terms.matches(event), JSON.stringify(event)).toBe(termEach.some((each) => each.matches(event)));
          expect(oneOf.matches(event), JSON.stringify(event)).toBe(phraseEach.some((each) => each.matches(event)));
        }
      }),
      { numRuns: 400, seed: 1004 },
    );
  });
});

describe('a 50,000-value list', () => {
  const values = Array.from({ length: 50_000 }, (_, i) => `tool${i.toString(36)}x.exe`);

  it('compiles from KQL and Lucene text and matches exactly the listed values', () => {
    const kql = compileKql(parseKql(`process.name:(${values.join(' or ')})`));
    const lucene = compileLucene(parseLucene(`process.name:(${values.join(' OR ')})`));
    for (const filter of [kql, lucene]) {
      for (const name of [values[0]!, values[12_345]!, values[49_999]!]) expect(filter.matches({ process: { name } })).toBe(true);
      expect(filter.matches({ process: { name: ['other.exe', values[777]!] } })).toBe(true);
      // Keyword equality is exact: another case, a prefix, or another field is no match.
      expect(filter.matches({ process: { name: values[5]!.toUpperCase() } })).toBe(false);
      expect(filter.matches({ process: { name: 'tool0x' } })).toBe(false);
      expect(filter.matches({ process: { executable: values[5]! } })).toBe(false);
    }
  });

  it('compiles from a DSL terms query', () => {
    const terms = compileDsl({ terms: { 'process.name': values } });
    expect(terms.matches({ process: { name: values[40_000]! } })).toBe(true);
    expect(terms.matches({ process: { name: 'nope.exe' } })).toBe(false);
  });
});
