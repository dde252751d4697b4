/**
 * Lucene regular expressions (the syntax of Elasticsearch `regexp` queries and EQL `regex`), matched
 * against the whole string in time linear in the input: a rule author's pattern can never hang a scan.
 * Patterns are parsed with Lucene's grammar (see parser.ts), compiled to a Thompson NFA over code
 * points, and run as a lazily built DFA.
 */
import { lazyDfaMatcher } from './matcher.ts';
import { buildNfa } from './nfa.ts';
import { parseLuceneRegex } from './parser.ts';
import { requiredLiterals } from './literals.ts';

export { RegexSyntaxError } from './syntax-error.ts';

export interface RegexOptions {
  /**
   * `regex~`: each literal character (also a single character inside `[...]`) matches its case
   * variants; ranges such as `[a-z]` and classes such as `\w` do not widen, as in Lucene.
   */
  readonly caseInsensitive: boolean;
}

/** Throws `RegexSyntaxError` for an invalid or too complex pattern. */
export function compileLuceneRegex(pattern: string, options: RegexOptions): (text: string) => boolean {
  const root = parseLuceneRegex(pattern, options.caseInsensitive);
  if (root.kind === 'literal' && !options.caseInsensitive) return (text) => text === root.text;
  return lazyDfaMatcher(buildNfa(root, options.caseInsensitive));
}

/**
 * Literal substrings every match must contain (conservative, possibly none), for prefilter
 * requirements; with `caseInsensitive` they are meant to be searched case-insensitively.
 * Throws `RegexSyntaxError` like `compileLuceneRegex`.
 */
export function regexRequiredLiterals(pattern: string, options: RegexOptions): string[] {
  return requiredLiterals(parseLuceneRegex(pattern, options.caseInsensitive), options.caseInsensitive);
}
