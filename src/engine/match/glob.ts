/**
 * Wildcard patterns (KQL `*`, EQL `*` and `?`) matched against a whole string, in O(n·m) worst case
 * without building a backtracking RegExp.
 *
 * `any` (`*`) matches any run of characters, newlines included; `one` (`?`) matches exactly one Unicode
 * code point (a surrogate pair counts as one), as Lucene's wildcard automaton does.
 */
import { foldCase } from './case.ts';
import { nextCodePoint, previousCodePoint } from './codepoints.ts';

export type GlobSegment = { readonly literal: string } | 'any' | 'one';

export interface GlobOptions {
  readonly caseInsensitive: boolean;
  /**
   * With `caseInsensitive`: the matcher is given text already folded with foldCase (a caller
   * trying many patterns on one value folds it once).
   */
  readonly folded?: boolean;
}

type Matcher = (text: string) => boolean;

/** A run of literals and `one`s between two `any`s: it matches a fixed number of code points. */
type Block = readonly (string | 'one')[];

export function compileGlob(segments: readonly GlobSegment[], options: GlobOptions): Matcher {
  const fold = options.caseInsensitive ? foldCase : (text: string) => text;
  const normal = normalize(segments, fold);
  const matcher = literalShortcut(normal) ?? blockMatcher(normal);
  return options.caseInsensitive && options.folded !== true ? (text) => matcher(foldCase(text)) : matcher;
}

/**
 * EQL `:` / `like` pattern text: `*` is any run, `?` one character, everything else literal.
 * A backslash is an ordinary character: Elasticsearch's EQL turns the pattern into a LIKE pattern with
 * an escape character that cannot occur in text (`StringUtils.toLikePattern`), so `"C:\\Windows\\*"`
 * matches Windows paths, and a literal `*` or `?` cannot be expressed.
 */
export function parseEqlWildcard(pattern: string): GlobSegment[] {
  const segments: GlobSegment[] = [];
  let literal = '';
  for (const char of pattern) {
    if (char === '*' || char === '?') {
      if (literal !== '') segments.push({ literal });
      literal = '';
      segments.push(char === '*' ? 'any' : 'one');
    } else {
      literal += char;
    }
  }
  if (literal !== '') segments.push({ literal });
  return segments;
}

/**
 * The text a wildcard-free pattern stands for (matching it is equality with that text, folded
 * with `foldCase` on both sides when case-insensitive); null if the pattern has a wildcard.
 */
export function globLiteral(segments: readonly GlobSegment[]): string | null {
  let text = '';
  for (const segment of segments) {
    if (segment === 'any' || segment === 'one') return null;
    text += segment.literal;
  }
  return text;
}

/** The literal runs of a pattern (adjacent literals joined, empty ones dropped), for prefilter requirements. */
export function globLiterals(segments: readonly GlobSegment[]): string[] {
  return normalize(segments, (text) => text).filter((segment): segment is string => segment !== 'any' && segment !== 'one');
}

/** Adjacent literals joined and folded, empty literals dropped, runs of `any` collapsed to one. */
function normalize(segments: readonly GlobSegment[], fold: (text: string) => string): (string | 'any' | 'one')[] {
  const out: (string | 'any' | 'one')[] = [];
  for (const segment of segments) {
    const last = out[out.length - 1];
    if (segment === 'any') {
      if (last !== 'any') out.push('any');
    } else if (segment === 'one') {
      out.push('one');
    } else if (segment.literal !== '') {
      if (last !== undefined && last !== 'any' && last !== 'one') out[out.length - 1] = last + segment.literal;
      else out.push(segment.literal);
    }
  }
  // Folding the joined literal, not the pieces, keeps folding consistent with folding the whole value.
  return out.map((segment) => (segment === 'any' || segment === 'one' ? segment : fold(segment)));
}

/** Patterns made of at most two literals and `any`s map onto native string operations. */
function literalShortcut(pattern: readonly (string | 'any' | 'one')[]): Matcher | undefined {
  if (pattern.includes('one')) return undefined;
  const shape = pattern.map((segment) => (segment === 'any' ? '*' : 'L')).join('');
  const [first = '', second = '', third = ''] = pattern;
  switch (shape) {
    case '':
      return (text) => text === '';
    case '*':
      return () => true;
    case 'L':
      return (text) => text === first;
    case '*L*':
      return (text) => text.includes(second);
    case 'L*':
      return (text) => text.startsWith(first);
    case '*L':
      return (text) => text.endsWith(second);
    case 'L*L':
      return (text) => text.length >= first.length + third.length && text.startsWith(first) && text.endsWith(third);
    default:
      return undefined;
  }
}

/**
 * General case: blocks separated by `any`. The first block is anchored at the start, the last at the
 * end; each middle block takes its leftmost match after the previous one, which is optimal because a
 * block's match end only grows with its start. Each block search is O(n·|block|).
 */
function blockMatcher(pattern: readonly (string | 'any' | 'one')[]): Matcher {
  const blocks: (string | 'one')[][] = [[]];
  for (const segment of pattern) {
    if (segment === 'any') blocks.push([]);
    else blocks[blocks.length - 1]?.push(segment);
  }
  const head = blocks[0] ?? [];
  if (blocks.length === 1) return (text) => matchBlockAt(head, text, 0, text.length) === text.length;
  const tail = blocks[blocks.length - 1] ?? [];
  const middle = blocks.slice(1, -1).filter((block) => block.length > 0);
  return (text) => {
    const tailStart = matchBlockEndingAt(tail, text, text.length);
    if (tailStart < 0) return false;
    let position = matchBlockAt(head, text, 0, tailStart);
    if (position < 0) return false;
    for (const block of middle) {
      position = findBlock(block, text, position, tailStart);
      if (position < 0) return false;
    }
    return true;
  };
}

/** End of `block` matched at `start` without passing `limit`, or -1. */
function matchBlockAt(block: Block, text: string, start: number, limit: number): number {
  let position = start;
  for (const item of block) {
    if (item === 'one') {
      if (position >= limit) return -1;
      position = nextCodePoint(text, position);
    } else {
      if (!text.startsWith(item, position)) return -1;
      position += item.length;
    }
  }
  return position <= limit ? position : -1;
}

/** Start of `block` matched so that it ends exactly at `end`, or -1. */
function matchBlockEndingAt(block: Block, text: string, end: number): number {
  let position = end;
  for (let index = block.length - 1; index >= 0; index--) {
    const item = block[index];
    if (item === 'one') {
      if (position <= 0) return -1;
      position = previousCodePoint(text, position);
    } else if (item !== undefined) {
      const start = position - item.length;
      if (start < 0 || !text.startsWith(item, start)) return -1;
      position = start;
    }
  }
  return position;
}

/** End of the leftmost match of `block` starting at or after `from` and ending by `limit`, or -1. */
function findBlock(block: Block, text: string, from: number, limit: number): number {
  const first = block[0];
  let start = from;
  while (start <= limit) {
    if (first !== undefined && first !== 'one') {
      start = text.indexOf(first, start);
      if (start < 0 || start + first.length > limit) return -1;
    }
    const end = matchBlockAt(block, text, start, limit);
    if (end >= 0) return end;
    if (start >= limit) return -1;
    start = nextCodePoint(text, start);
  }
  return -1;
}
