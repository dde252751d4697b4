/**
 * Values tests where the Query DSL differs from KQL's `query_string`/`match` paths (which
 * kql/field/value-tests.ts implements and this module reuses):
 * - term-level queries (`term`, `wildcard`, `prefix`, `regexp`) on text fields compare the query
 *   value as written, without analysis or lower-casing, with each indexed token (ES `StringFieldType`:
 *   only `query_string` normalises patterns). So `term: {message: "Error"}` never matches.
 * - `case_insensitive: true` compares case-folded; on keyword fields it is the same as a lowercase normalizer.
 * - `match` honours `operator` and `minimum_should_match` over the analysed query tokens.
 */
import { analyzeText } from '../fields/analyzer.ts';
import type { FieldMapping } from '../fields/schema.ts';
import { keywordForm } from '../fields/values.ts';
import { foldCase } from '../match/case.ts';
import { compileGlob, type GlobSegment } from '../match/glob.ts';
import { compileLuceneRegex, type RegexOptions } from '../match/regex/index.ts';
import { asMembership, FOLDED_TOKEN_KEYS, TOKEN_KEYS } from '../kql/field/value-sets.ts';
import { globTest, isKeywordLike, regexTest, termTest, type ValueContext, type ValuesTest } from '../kql/field/value-tests.ts';
import { minimumShouldMatch } from './minimum-should-match.ts';

/** Case-insensitive matching on a keyword field is the same as matching a lowercase-normalised field. */
export function foldedIf(mapping: FieldMapping, caseInsensitive: boolean): FieldMapping {
  return caseInsensitive && !mapping.caseless ? { ...mapping, caseless: true } : mapping;
}

function anyToken(matches: (token: string) => boolean): ValuesTest {
  return (values) => values.some((v) => analyzeText(String(v)).some(matches));
}

/** `term` (and each value of `terms`). */
export function exactTermTest(mapping: FieldMapping, text: string, caseInsensitive: boolean, context: ValueContext): ValuesTest | null {
  if (mapping.family === 'text') {
    if (!caseInsensitive) return asMembership(anyToken((token) => token === text), TOKEN_KEYS, [text]);
    const wanted = foldCase(text);
    return asMembership(anyToken((token) => foldCase(token) === wanted), FOLDED_TOKEN_KEYS, [wanted]);
  }
  return termTest(foldedIf(mapping, caseInsensitive), text, false, context);
}

/** `wildcard` and `prefix`. */
export function patternTest(mapping: FieldMapping, segments: readonly GlobSegment[], caseInsensitive: boolean): ValuesTest | null {
  if (mapping.family === 'text') return anyToken(compileGlob(segments, { caseInsensitive }));
  return globTest(foldedIf(mapping, caseInsensitive), segments);
}

/** `regexp`; throws `RegexSyntaxError` for an invalid pattern. */
export function regexpTest(mapping: FieldMapping, pattern: string, options: RegexOptions): ValuesTest | null {
  if (!options.caseInsensitive) return regexTest(mapping, pattern, options);
  const matches = compileLuceneRegex(pattern, options);
  if (mapping.family === 'text') return anyToken(matches);
  if (!isKeywordLike(mapping)) return null;
  return (values) => values.some((v) => matches(keywordForm(v)));
}

export interface MatchOptions {
  readonly operator: 'or' | 'and';
  /** `minimum_should_match` as written (null: not given). */
  readonly minimumShouldMatch: string | null;
}

/**
 * `match` on a text field: the analysed query tokens are clauses (MUST with `and`, SHOULD with `or`),
 * each satisfied when the field holds that token in any of its values. One token is a plain term
 * query, which `minimum_should_match` does not affect. Other families: a term query (normalised).
 */
export function matchTest(mapping: FieldMapping, text: string, options: MatchOptions, context: ValueContext): ValuesTest | null {
  if (mapping.family !== 'text') return termTest(mapping, text, false, context);
  const tokens = analyzeText(text);
  if (tokens.length === 0) return null;
  let needed = 1;
  if (options.operator === 'and') needed = tokens.length;
  else if (options.minimumShouldMatch !== null && tokens.length > 1) {
    needed = Math.max(1, minimumShouldMatch(tokens.length, options.minimumShouldMatch));
  }
  return (values) => {
    const present = new Set(values.flatMap((v) => analyzeText(String(v))));
    let found = 0;
    for (const token of tokens) if (present.has(token)) found++;
    return found >= needed;
  };
}
