/**
 * Lucene regular expressions (the syntax of Elasticsearch `regexp` queries and EQL `regex`), matched
 * against the whole string in time linear in the input: a rule author's pattern can never hang a scan.
 * Patterns are parsed with Lucene's grammar (see parser.ts), compiled to a Thompson NFA over code
 * points, and determinised at compile time with Elasticsearch's state limit (see dfa.ts).
 */
import { reachableAlphabet } from './automaton.ts';
import { determinize, MAX_DETERMINIZED_STATES } from './dfa.ts';
import { dfaMatcher } from './matcher.ts';
import { buildNfa } from './nfa.ts';
import { parseLuceneRegex } from './parser.ts';
import { requiredLiterals } from './literals.ts';

export { MAX_DETERMINIZED_STATES } from './dfa.ts';
export { regexErrorMessage, RegexSyntaxError, RegexTooComplexError } from './syntax-error.ts';

export interface RegexOptions {
  /**
   * `regex~`: each literal character (also a single character inside `[...]`) matches its case
   * variants; ranges such as `[a-z]` and classes such as `\w` do not widen, as in Lucene.
   */
  readonly caseInsensitive: boolean;
  /** A `regexp` query's `max_determinized_states` (default Elasticsearch's 10,000). */
  readonly maxDeterminizedStates?: number;
}

/**
 * Compiled matchers by options and pattern. A pattern is compiled where it is checked (the query
 * parser) and again per field it is tested on; determinising it once is enough. Bounded.
 */
const compiled = new Map<string, (text: string) => boolean>();
const MAX_CACHED = 64;

/**
 * Throws `RegexSyntaxError` for an invalid pattern, and its subclass `RegexTooComplexError` for one
 * whose automaton exceeds the limits (Elasticsearch would fail the query).
 */
export function compileLuceneRegex(pattern: string, options: RegexOptions): (text: string) => boolean {
  const maxStates = options.maxDeterminizedStates ?? MAX_DETERMINIZED_STATES;
  const key = `${options.caseInsensitive ? 'i' : 's'}${maxStates}:${pattern}`;
  let matcher = compiled.get(key);
  if (matcher === undefined) {
    matcher = compile(pattern, options.caseInsensitive, maxStates);
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(key, matcher);
  }
  return matcher;
}

function compile(pattern: string, caseInsensitive: boolean, maxStates: number): (text: string) => boolean {
  const root = parseLuceneRegex(pattern, caseInsensitive);
  if (root.kind === 'literal' && !caseInsensitive) return (text) => text === root.text;
  const nfa = buildNfa(root, caseInsensitive, maxStates);
  const alphabet = reachableAlphabet(nfa, [nfa.start]);
  return dfaMatcher(determinize(nfa, nfa.start, nfa.accept, alphabet, 0, maxStates), alphabet);
}

/**
 * Literal substrings every match must contain (conservative, possibly none), for prefilter
 * requirements; with `caseInsensitive` they are meant to be searched case-insensitively.
 * Throws `RegexSyntaxError` like `compileLuceneRegex`.
 */
export function regexRequiredLiterals(pattern: string, options: RegexOptions): string[] {
  return requiredLiterals(parseLuceneRegex(pattern, options.caseInsensitive), options.caseInsensitive);
}
