/**
 * Tests on the values of one field, built once per (field mapping, query value), following how
 * Elasticsearch matches each mapping family. Shared by KQL and Lucene (`query_string`).
 * A builder returns null when the query value cannot match that field at all (ES would reject it, or
 * skip the field when lenient), e.g. `bytes:abc` on a number field.
 * Any-element semantics: a test holds if one value of a multi-valued field satisfies it.
 */
import { analyzeText } from '../../fields/analyzer.ts';
import type { FieldMapping } from '../../fields/schema.ts';
import {
  booleanForm,
  cidrContains,
  compareIp,
  dateForm,
  ipKey,
  keywordForm,
  numberForm,
  parseCidr,
  parseIp,
} from '../../fields/values.ts';
import { foldCase } from '../../match/case.ts';
import { compileGlob, type GlobSegment } from '../../match/glob.ts';
import { compileLuceneRegex, type RegexOptions } from '../../match/regex/index.ts';
import { compareCodePoints } from './code-points.ts';
import { asGlob, asMembership, BOOLEAN_KEYS, FOLDED_KEYWORD_KEYS, IP_KEYS, KEYWORD_KEYS, NUMBER_KEYS, TOKEN_KEYS } from './value-sets.ts';
import { resolveDateMath } from './date-math.ts';

export type FieldValue = string | number | boolean;
export type ValuesTest = (values: readonly FieldValue[]) => boolean;

export interface ValueContext {
  /** Epoch milliseconds that `now` in date math stands for. */
  readonly now: number;
}

/** A bound of a range; `text` as written in the query. */
export interface RangeBound {
  readonly text: string;
  readonly inclusive: boolean;
}

export const existsTest: ValuesTest = (values) => values.length > 0;

/**
 * Equality with a query value (KQL `f:v` / `f:"v"`, Lucene term or phrase): exact keyword (case-folded
 * for `.caseless`), analysed tokens for text (any token; quoted: the tokens as a contiguous phrase),
 * numeric / instant / address / boolean equality for the other families.
 */
export function termTest(mapping: FieldMapping, text: string, phrase: boolean, context: ValueContext): ValuesTest | null {
  switch (mapping.family) {
    case 'text': {
      const tokens = analyzeText(text);
      if (tokens.length === 0) return null;
      return phrase ? phraseTest(tokens) : anyTokenTest(tokens);
    }
    case 'number': {
      const wanted = numberForm(text);
      if (wanted === null) return null;
      return asMembership((values) => values.some((v) => numberForm(v) === wanted), NUMBER_KEYS, [wanted]);
    }
    case 'date': {
      // ES turns equality on a date field into `range gte=lte`, so `@timestamp:2024-01-02` is the whole day.
      const from = resolveDateMath(text, context.now, false);
      const to = resolveDateMath(text, context.now, true);
      if (from === null || to === null) return null;
      return (values) => values.some((v) => inInterval(dateForm(v), from, to));
    }
    case 'ip': {
      const block = parseCidr(text);
      if (block === null) return null;
      const test: ValuesTest = (values) =>
        values.some((v) => {
          const address = typeof v === 'string' ? parseIp(v) : null;
          return address !== null && cidrContains(block, address);
        });
      // A full-length prefix is one address: equality.
      return block.prefixLength === block.network.bytes.length * 8 ? asMembership(test, IP_KEYS, [ipKey(block.network)]) : test;
    }
    case 'boolean': {
      const wanted = booleanForm(text);
      if (wanted === null) return null;
      return asMembership((values) => values.some((v) => booleanForm(v) === wanted), BOOLEAN_KEYS, [wanted]);
    }
    default:
      return keywordEqualsTest(mapping, text);
  }
}

function keywordEqualsTest(mapping: FieldMapping, text: string): ValuesTest {
  if (mapping.caseless) {
    const wanted = foldCase(text);
    return asMembership((values) => values.some((v) => foldCase(keywordForm(v)) === wanted), FOLDED_KEYWORD_KEYS, [wanted]);
  }
  return asMembership((values) => values.some((v) => keywordForm(v) === text), KEYWORD_KEYS, [text]);
}

function anyTokenTest(tokens: readonly string[]): ValuesTest {
  const wanted = new Set(tokens);
  return asMembership((values) => values.some((v) => analyzeText(String(v)).some((token) => wanted.has(token))), TOKEN_KEYS, tokens);
}

function phraseTest(phrase: readonly string[]): ValuesTest {
  return (values) => values.some((v) => containsRun(analyzeText(String(v)), phrase));
}

function containsRun(tokens: readonly string[], run: readonly string[]): boolean {
  outer: for (let i = 0; i + run.length <= tokens.length; i++) {
    for (let j = 0; j < run.length; j++) if (tokens[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * A wildcard pattern over the whole value for keyword-like fields (case-folded for `.caseless`), or
 * over single tokens for text fields (pattern lower-cased: ES normalises wildcard terms). Other
 * families reject wildcard queries.
 */
export function globTest(mapping: FieldMapping, segments: readonly GlobSegment[]): ValuesTest | null {
  if (mapping.family === 'text') {
    const lowered = segments.map((s) => (typeof s === 'string' ? s : { literal: foldCase(s.literal) }));
    const matches = compileGlob(lowered, { caseInsensitive: false });
    return (values) => values.some((v) => analyzeText(String(v)).some(matches));
  }
  if (!isKeywordLike(mapping)) return null;
  const matches = compileGlob(segments, { caseInsensitive: mapping.caseless });
  return asGlob((values) => values.some((v) => matches(keywordForm(v))), segments, mapping.caseless);
}

/**
 * Lucene `prefix*` on a text field with `analyze_wildcard` (what Kibana sends for Lucene rules): the
 * prefix is analysed; every token but the last must be present, the last is a token prefix, and the
 * parts are OR-ed (default operator).
 */
export function analyzedPrefixTest(prefix: string): ValuesTest | null {
  const tokens = analyzeText(prefix);
  const last = tokens.pop();
  if (last === undefined) return null;
  const whole = new Set(tokens);
  return (values) =>
    values.some((v) => analyzeText(String(v)).some((token) => whole.has(token) || token.startsWith(last)));
}

/** A Lucene regular expression over the whole keyword value, or over single tokens of text. */
export function regexTest(mapping: FieldMapping, pattern: string, options: RegexOptions = { caseInsensitive: false }): ValuesTest | null {
  const matches = compileLuceneRegex(pattern, options);
  if (mapping.family === 'text') return (values) => values.some((v) => analyzeText(String(v)).some(matches));
  if (!isKeywordLike(mapping)) return null;
  return mapping.caseless
    ? (values) => values.some((v) => matches(foldCase(keywordForm(v))))
    : (values) => values.some((v) => matches(keywordForm(v)));
}

/** A range with optional bounds, compared in the field family's order (keyword: code points). */
export function rangeTest(
  mapping: FieldMapping,
  lower: RangeBound | null,
  upper: RangeBound | null,
  context: ValueContext,
): ValuesTest | null {
  switch (mapping.family) {
    case 'number':
      return orderedTest(lower, upper, numberForm, numberForm, (a, b) => a - b);
    case 'date':
      return dateRangeTest(lower, upper, context);
    case 'ip':
      return orderedTest(lower, upper, parseIp, (v) => (typeof v === 'string' ? parseIp(v) : null), compareIp);
    case 'boolean':
      return orderedTest(lower, upper, booleanForm, booleanForm, (a, b) => Number(a) - Number(b));
    case 'text':
      // Term ranges on text compare indexed tokens; ES normalises (lower-cases) the bounds.
      return tokenRangeTest(lower, upper);
    default: {
      const fold = mapping.caseless ? foldCase : (s: string) => s;
      return orderedTest(
        lower,
        upper,
        (text) => fold(text),
        (v) => fold(keywordForm(v)),
        compareCodePoints,
      );
    }
  }
}

function orderedTest<T>(
  lower: RangeBound | null,
  upper: RangeBound | null,
  parseBound: (text: string) => T | null,
  readValue: (value: FieldValue) => T | null,
  compare: (a: T, b: T) => number,
): ValuesTest | null {
  const low = lower === null ? null : parseBound(lower.text);
  const high = upper === null ? null : parseBound(upper.text);
  if ((lower !== null && low === null) || (upper !== null && high === null)) return null;
  const inRange = (value: T): boolean => {
    if (low !== null) {
      const c = compare(value, low);
      if (c < 0 || (c === 0 && !lower!.inclusive)) return false;
    }
    if (high !== null) {
      const c = compare(value, high);
      if (c > 0 || (c === 0 && !upper!.inclusive)) return false;
    }
    return true;
  };
  return (values) =>
    values.some((v) => {
      const value = readValue(v);
      return value !== null && inRange(value);
    });
}

function tokenRangeTest(lower: RangeBound | null, upper: RangeBound | null): ValuesTest | null {
  const foldBound = (b: RangeBound | null): RangeBound | null => (b === null ? null : { ...b, text: foldCase(b.text) });
  const perToken = orderedTest(foldBound(lower), foldBound(upper), (t) => t, (v) => String(v), compareCodePoints);
  if (perToken === null) return null;
  return (values) => values.some((v) => perToken(analyzeText(String(v))));
}

/** ES date bounds: `gt`/`lte` round up, `gte`/`lt` round down; then compare instants. */
function dateRangeTest(lower: RangeBound | null, upper: RangeBound | null, context: ValueContext): ValuesTest | null {
  const low = lower === null ? null : resolveDateMath(lower.text, context.now, !lower.inclusive);
  const high = upper === null ? null : resolveDateMath(upper.text, context.now, upper.inclusive);
  if ((lower !== null && low === null) || (upper !== null && high === null)) return null;
  const from = low === null ? -Infinity : lower!.inclusive ? low : low + 1;
  const to = high === null ? Infinity : upper!.inclusive ? high : high - 1;
  return (values) => values.some((v) => inInterval(dateForm(v), from, to));
}

function inInterval(time: number | null, from: number, to: number): boolean {
  return time !== null && time >= from && time <= to;
}

/** keyword, wildcard, constant_keyword and unknown types ("other" falls back to keyword semantics). */
export function isKeywordLike(mapping: FieldMapping): boolean {
  return mapping.family === 'keyword' || mapping.family === 'other';
}
