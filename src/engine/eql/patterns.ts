/** Compiles the patterns of `:`, `like`, `like~`, `regex`, `regex~` once per query. */
import { foldCase } from '../match/case.ts';
import { compileGlob, globLiteral, parseEqlWildcard } from '../match/glob.ts';
import { compileLuceneRegex, regexErrorMessage, RegexSyntaxError } from '../match/regex/index.ts';
import type { PatternMatch } from './ast.ts';
import type { CompileContext } from './context.ts';
import { constantValue } from './compile-expr.ts';

export type TextMatcher = (text: string) => boolean;

/** The pattern texts; Elasticsearch requires them to be literal strings (foldable). */
export function patternTexts(node: PatternMatch, context: CompileContext): string[] {
  return node.patterns.map((pattern) => {
    const value = constantValue(pattern, context);
    if (typeof value !== 'string') throw context.error(`the patterns of '${operatorName(node)}' must be literal strings`, pattern);
    return value;
  });
}

export function operatorName(node: PatternMatch): string {
  return node.op === ':' ? ':' : `${node.op}${node.caseInsensitive ? '~' : ''}`;
}

/**
 * True when the text matches any of the node's patterns. Wildcard-free `:`/`like` patterns are
 * equality, so a long list of them becomes one set lookup; the other patterns are tried in turn,
 * on the value folded once (not once per pattern) when case-insensitive.
 */
export function compilePatterns(node: PatternMatch, context: CompileContext): TextMatcher {
  // `:` is always case-insensitive, whatever the flag says.
  const caseInsensitive = node.op === ':' || node.caseInsensitive;
  const fold = caseInsensitive ? foldCase : (text: string) => text;
  if (node.op !== 'regex') {
    const literals = new Set<string>();
    const globs: TextMatcher[] = [];
    for (const text of patternTexts(node, context)) {
      const segments = parseEqlWildcard(text);
      const literal = globLiteral(segments);
      if (literal !== null) literals.add(fold(literal));
      else globs.push(compileGlob(segments, { caseInsensitive, folded: true }));
    }
    return (text) => {
      const folded = fold(text);
      if (literals.has(folded)) return true;
      for (let i = 0; i < globs.length; i++) if (globs[i]!(folded)) return true;
      return false;
    };
  }
  const matchers: TextMatcher[] = [];
  patternTexts(node, context).forEach((text, index) => {
    try {
      matchers.push(compileLuceneRegex(text, { caseInsensitive }));
    } catch (error) {
      if (error instanceof RegexSyntaxError) {
        const pattern = node.patterns[index] ?? node;
        throw context.error(regexErrorMessage(error), pattern);
      }
      throw error;
    }
  });
  if (matchers.length === 1) return matchers[0]!;
  return (text) => matchers.some((matcher) => matcher(text));
}
