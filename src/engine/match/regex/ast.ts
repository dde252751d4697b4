import type { CharSet } from './charset.ts';

/**
 * Parsed Lucene regular expression. `offset` (UTF-16 index in the pattern) is kept where a later
 * stage may still reject the pattern as too complex.
 */
export type RegexNode =
  /** One code point out of a set: `.`, `[...]`, `\d`, or a class member. */
  | { readonly kind: 'chars'; readonly set: CharSet }
  /** Literal text (case-folded later when matching case-insensitively). */
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'concat'; readonly parts: readonly RegexNode[] }
  | { readonly kind: 'union'; readonly options: readonly RegexNode[] }
  | { readonly kind: 'intersection'; readonly left: RegexNode; readonly right: RegexNode; readonly offset: number }
  | { readonly kind: 'complement'; readonly of: RegexNode; readonly offset: number }
  /** `max` is Infinity for unbounded repetition. */
  | { readonly kind: 'repeat'; readonly of: RegexNode; readonly min: number; readonly max: number; readonly offset: number }
  /** `#`: matches nothing. */
  | { readonly kind: 'nothing' }
  /** `@`: matches any string. */
  | { readonly kind: 'anything' };
