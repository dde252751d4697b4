/**
 * Value lists as sets. A rule with a long list of values on one field (`f:(a or b or ...)`, Lucene
 * `f:(a OR b ...)`, a DSL `terms` or a should of `match_phrase`, an exception's "is one of") used to
 * test every value one by one. Equality tests now record what they compare — the key a field value
 * reads as, and the key wanted — so that OR-ing tests of the same kind becomes one `Set` lookup per
 * field value, with the same result as testing them one by one.
 */
import { analyzeText } from '../../fields/analyzer.ts';
import { booleanForm, ipKey, keywordForm, numberForm, parseIp } from '../../fields/values.ts';
import { foldCase } from '../../match/case.ts';
import type { GlobSegment } from '../../match/glob.ts';
import type { FieldValue, ValuesTest } from './value-tests.ts';

export type SetKey = string | number | boolean;

/**
 * The keys one field value reads as (none when it cannot match). A test "some value reads as one
 * of `keys`" is exactly `values.some((v) => reader(v).some((k) => keys.has(k)))`; tests that share a
 * reader merge. Readers are module constants, so that sharing one means comparing the same way.
 */
export type KeyReader = (value: FieldValue) => readonly SetKey[];

export const KEYWORD_KEYS: KeyReader = (value) => [keywordForm(value)];
export const FOLDED_KEYWORD_KEYS: KeyReader = (value) => [foldCase(keywordForm(value))];
export const NUMBER_KEYS: KeyReader = (value) => {
  const number = numberForm(value);
  return number === null ? [] : [number];
};
export const BOOLEAN_KEYS: KeyReader = (value) => {
  const boolean = booleanForm(value);
  return boolean === null ? [] : [boolean];
};
/** The address of an ip value (text only, as the ip family reads it), as `ipKey`. */
export const IP_KEYS: KeyReader = (value) => {
  const address = typeof value === 'string' ? parseIp(value) : null;
  return address === null ? [] : [ipKey(address)];
};
/** The analysed tokens of a text value (standard analyzer). */
export const TOKEN_KEYS: KeyReader = (value) => analyzeText(String(value));
export const FOLDED_TOKEN_KEYS: KeyReader = (value) => analyzeText(String(value)).map(foldCase);

export interface Membership {
  readonly reader: KeyReader;
  readonly keys: readonly SetKey[];
}

const memberships = new WeakMap<ValuesTest, Membership>();

/**
 * Records that `test` holds exactly when some value reads (through `reader`) as one of `keys`.
 * Keys are compared with `Set` semantics (SameValueZero), the same as `===` for these keys: numbers
 * are finite, never NaN.
 */
export function asMembership(test: ValuesTest, reader: KeyReader, keys: readonly SetKey[]): ValuesTest {
  memberships.set(test, { reader, keys });
  return test;
}

/** The membership `test` was recorded as (asMembership), if any: what query triggers are made of. */
export function membershipOf(test: ValuesTest): Membership | undefined {
  return memberships.get(test);
}

interface GlobTest {
  readonly segments: readonly GlobSegment[];
  readonly caseInsensitive: boolean;
}

const globs = new WeakMap<ValuesTest, GlobTest>();

/** Records that `test` holds exactly when some value's keywordForm matches the glob (folded when case-insensitive). */
export function asGlob(test: ValuesTest, segments: readonly GlobSegment[], caseInsensitive: boolean): ValuesTest {
  globs.set(test, { segments, caseInsensitive });
  return test;
}

export function globOf(test: ValuesTest): GlobTest | undefined {
  return globs.get(test);
}

/** A test that holds when any of `tests` holds; memberships with the same reader become one set. */
export function anyValuesTest(tests: readonly ValuesTest[]): ValuesTest {
  if (tests.length === 1) return tests[0]!;
  const groups = new Map<KeyReader, SetKey[]>();
  const others: ValuesTest[] = [];
  for (const test of tests) {
    const membership = memberships.get(test);
    if (membership === undefined) {
      others.push(test);
      continue;
    }
    const keys = groups.get(membership.reader) ?? [];
    for (const key of membership.keys) keys.push(key);
    groups.set(membership.reader, keys);
  }
  const parts = [...[...groups].map(([reader, keys]) => setTest(reader, keys)), ...others];
  if (parts.length === 1) return parts[0]!;
  return (values) => parts.some((part) => part(values));
}

function setTest(reader: KeyReader, keys: readonly SetKey[]): ValuesTest {
  const wanted = new Set(keys);
  const test: ValuesTest = (values) => values.some((value) => reader(value).some((key) => wanted.has(key)));
  return asMembership(test, reader, [...wanted]);
}
