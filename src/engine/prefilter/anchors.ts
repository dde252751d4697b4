/**
 * Anchors: for each rule, a few needles at least one of which every matching line must contain
 * (compared case-insensitively). Only anchors are searched on every line; a rule's literals are
 * checked on the rare lines where one of its anchors occurs. For an AND the cheapest branch is
 * enough; an OR needs all its branches' anchors — or, for an OR of literals, one substring they
 * all share (`/Library/Keychains/`, `System.keychain`, `login.keychain-db` → `keychain`), which is
 * one needle instead of many.
 */
import { foldUnits } from './aho-corasick.ts';
import type { LiteralFormula, PrefilterLiteral } from './literal-table.ts';

/**
 * Values nearly every ECS event holds (categories, types, OS names): as anchors they would make
 * almost every line a candidate, so any other branch of an AND is preferred.
 */
const COMMON_VALUES: ReadonlySet<string> = new Set([
  'process', 'file', 'network', 'authentication', 'registry', 'library', 'driver', 'host', 'iam', 'session', 'configuration',
  'start', 'end', 'info', 'change', 'creation', 'deletion', 'access', 'connection', 'protocol', 'allowed', 'denied',
  'exec', 'fork', 'open', 'event', 'alert', 'success', 'failure', 'windows', 'linux', 'macos', 'true', 'false', 'logs', 'default',
]);

/** Shared substrings shorter than this hit too many lines to be worth one needle. */
const MIN_SHARED = 4;

/** Needles folded with `foldUnits` (lower case, one code unit at a time). */
export type AnchorSet = ReadonlySet<string>;

/** Expected cost of searching an anchor set: more and shorter needles hit more lines. */
function cost(needles: AnchorSet): number {
  let total = 0;
  for (const needle of needles) total += COMMON_VALUES.has(needle) ? 10 : 1 / Math.min(needle.length, 16);
  return total;
}

/**
 * Observed share of lines holding each (lower-cased) needle, from the lines a prefilter has seen:
 * `undefined` for a needle it did not count.
 */
export type NeedleFrequency = (needle: string) => number | undefined;

/**
 * The anchors of one rule. With `frequency`, costs are what the evidence shows (a share of lines)
 * and only literals the search counts are used (no shared substrings, which it does not count).
 */
export function chooseAnchors(formula: LiteralFormula, literals: readonly PrefilterLiteral[], frequency?: NeedleFrequency): AnchorSet {
  const costOf = (needles: AnchorSet) => (frequency ? observedCost(needles, frequency) : cost(needles));
  switch (formula.kind) {
    case 'literal':
      return new Set([foldUnits(literals[formula.id]!.needle)]);
    case 'or': {
      const union = new Set(formula.of.flatMap((part) => [...chooseAnchors(part, literals, frequency)]));
      if (frequency) return union;
      const shared = longestSharedSubstring([...union]);
      return shared.length >= MIN_SHARED && cost(new Set([shared])) < cost(union) ? new Set([shared]) : union;
    }
    case 'and': {
      let best: AnchorSet | undefined;
      let bestCost = Infinity;
      for (const part of formula.of) {
        const anchors = chooseAnchors(part, literals, frequency);
        const partCost = costOf(anchors);
        if (partCost < bestCost) [best, bestCost] = [anchors, partCost];
      }
      return best!;
    }
  }
}

/** Expected share of lines on which some needle of the set occurs (an upper bound: the sum), plus a little per needle. */
export function observedCost(needles: AnchorSet, frequency: NeedleFrequency): number {
  let total = 0;
  for (const needle of needles) total += (frequency(needle) ?? 1) + 1e-6;
  return total;
}

/** The longest string every one of `texts` contains ('' when there is none). */
export function longestSharedSubstring(texts: readonly string[]): string {
  if (texts.length === 0) return '';
  const shortest = texts.reduce((a, b) => (b.length < a.length ? b : a));
  for (let length = shortest.length; length > 0; length--) {
    for (let start = 0; start + length <= shortest.length; start++) {
      const candidate = shortest.slice(start, start + length);
      if (texts.every((text) => text.includes(candidate))) return candidate;
    }
  }
  return '';
}
