/**
 * The literal prefilter (ripgrep's candidate lines): all rules' requirements compiled into one
 * search that tells, from a raw NDJSON line and without parsing it, which rules could match the
 * event it holds. It is exactly as correct as no prefilter: a rule is left out only when a literal
 * its every match must contain is absent from the line, and lines whose text could hide a literal
 * (see line-hazards.ts) are candidates for every rule.
 */
import type { Requirement } from '../query/requirements.ts';
import { AhoCorasick, foldUnits } from './aho-corasick.ts';
import { AnchorSearch } from './anchor-search.ts';
import { chooseAnchors, observedCost, type AnchorSet } from './anchors.ts';
import { hasFoldHazard, hasHidingEscape } from './line-hazards.ts';
import { LiteralTable, type LiteralFormula, type PrefilterLiteral } from './literal-table.ts';

/** Above this many anchor needles, one alternation gets slower than the automaton (measured: see bench). */
const MAX_REGEX_NEEDLES = 24;
/**
 * With the automaton, anchors are chosen again after this many lines from how often each literal
 * actually occurred: a guess such as `.exe` for an OR of process names can hit every line of the
 * evidence, making hundreds of rules evaluate their formulas on each line.
 */
export const DEFAULT_ADAPT_AFTER_LINES = 2000;
/** Literals shorter than this are left out of the automaton unless they anchor a rule. */
const MIN_SEARCHED_LENGTH = 3;

export interface PrefilterOptions {
  /** Lines after which the automaton's anchors follow observed frequencies (default DEFAULT_ADAPT_AFTER_LINES). */
  readonly adaptAfterLines?: number;
}

/** Per rule (by position), 1 when the rule could match. Shared and read-only: never modify one. */
export type RuleMask = Uint8Array;

export interface Prefilter {
  readonly ruleCount: number;
  /** Rules that can never be ruled out (no usable literal): every object line is a candidate for them. */
  readonly unconstrainedRules: number;
  /**
   * The rules that could match the event on this raw JSON line, or undefined when none could
   * (the line need not be parsed).
   */
  candidates(line: string): RuleMask | undefined;
  /** Whether anchors have been chosen again from observed literal frequencies (see DEFAULT_ADAPT_AFTER_LINES). */
  readonly adapted: boolean;
}

interface ConstrainedRule {
  readonly index: number;
  readonly formula: LiteralFormula;
}

/**
 * Whether a prefilter over these requirements could pass over any line: not when some running rule
 * has no literal at all, since every object-shaped line is then a candidate for it and is parsed.
 * The rule program then does the prefilter's other work (narrowing the rules tried on an event)
 * from the parsed fields, so the literal search is not worth running (nor its automaton holding).
 */
export function prefilterSkipsLines(requirements: readonly (Requirement | null)[]): boolean {
  return requirements.every((requirement) => requirement === null || requirement.kind !== 'true');
}

/**
 * `requirements[i]` is rule i's requirement, or null for a rule that never runs (errors,
 * unsupported): such a rule is never a candidate.
 */
export function compilePrefilter(requirements: readonly (Requirement | null)[], options: PrefilterOptions = {}): Prefilter {
  const ruleCount = requirements.length;
  const table = new LiteralTable();
  const always = new Uint8Array(ruleCount);
  const everything = new Uint8Array(ruleCount).fill(1);
  const constrained: ConstrainedRule[] = [];
  requirements.forEach((requirement, index) => {
    if (requirement === null) return;
    const formula = table.formula(requirement);
    if (formula === null) always[index] = 1;
    else constrained.push({ index, formula });
  });
  const { literals } = table;
  const hasCaseInsensitive = literals.some((literal) => literal.caseInsensitive);
  const unconstrainedRules = always.reduce((sum, bit) => sum + bit, 0);
  const alwaysMask = unconstrainedRules > 0 ? always : undefined;
  // Every rule unconstrained, or none runs: no search can rule anything out.
  if (constrained.length === 0) return { ruleCount, unconstrainedRules, candidates: () => alwaysMask, adapted: false };

  const anchorsByRule = constrained.map((rule) => chooseAnchors(rule.formula, literals));
  const anchorNeedles = dropSuperstrings(anchorsByRule.flatMap((anchors) => [...anchors]));
  // Few needles: one regular expression over the anchors. Many: one automaton over every literal,
  // so a rule's whole formula is decided from the same pass (measured in aho-corasick.ts).
  const exhaustive = anchorNeedles.size > MAX_REGEX_NEEDLES;
  const needleIndex = new Map<string, number>();
  const rulesByNeedle: ConstrainedRule[][] = [];
  const indexOf = (needle: string) => {
    let index = needleIndex.get(needle);
    if (index === undefined) {
      index = rulesByNeedle.length;
      needleIndex.set(needle, index);
      rulesByNeedle.push([]);
    }
    return index;
  };
  /** Per constrained rule, the needles (indices) whose presence makes it evaluate its formula. */
  const ruleNeedles: number[][] = constrained.map((_, r) => [...new Set([...anchorsByRule[r]!].map((anchor) => indexOf(anchorNeedles.get(anchor)!)))]);
  ruleNeedles.forEach((indices, r) => indices.forEach((index) => rulesByNeedle[index]!.push(constrained[r]!)));
  /**
   * Per literal, its needle in an exhaustive search (absent from the search: absent from the line),
   * or -1 for a literal of one or two characters that anchors no rule: such needles occur dozens of
   * times on every line, so they are checked with `includes` when a formula asks instead.
   */
  const literalNeedle = exhaustive
    ? literals.map((literal) => {
        const needle = foldUnits(literal.needle);
        return needle.length < MIN_SEARCHED_LENGTH && !needleIndex.has(needle) ? -1 : indexOf(needle);
      })
    : undefined;
  const needles = [...needleIndex.keys()];
  const literalOrs = indexLiteralOrs(constrained, literals, literalNeedle);
  const search = exhaustive ? new AhoCorasick(needles) : new AnchorSearch(needles);
  // Observed frequencies (exhaustive search only: it finds every literal on every line).
  // Chosen again at 1, 4, 16, ... times `adaptAfterLines`, so evidence that changes its mix (another host, another OS) is followed.
  let nextAdapt = exhaustive ? Math.max(1, options.adaptAfterLines ?? DEFAULT_ADAPT_AFTER_LINES) : Infinity;
  const linesWithNeedle = exhaustive ? new Uint32Array(needles.length) : undefined;
  let linesSearched = 0;
  let adapted = false;

  /**
   * Each rule's anchors chosen again from the lines seen so far (literal needles only, all of them
   * counted), kept where they are expected to hit fewer lines. Any anchor set a formula implies is
   * sound, so only the work changes, never a mask.
   */
  const adapt = () => {
    adapted = true;
    const frequency = (needle: string) => {
      const index = needleIndex.get(needle);
      return index === undefined ? undefined : linesWithNeedle![index]! / linesSearched;
    };
    const costOf = (indices: readonly number[]) => observedCost(new Set(indices.map((index) => needles[index]!)), frequency);
    constrained.forEach((rule, r) => {
      const chosen: AnchorSet = chooseAnchors(rule.formula, literals, frequency);
      const indices = [...chosen].map((needle) => needleIndex.get(needle));
      // A needle the search does not look for cannot anchor: such a choice keeps the old anchors.
      if (indices.some((index) => index === undefined)) return;
      if (costOf(indices as number[]) < costOf(ruleNeedles[r]!)) ruleNeedles[r] = indices as number[];
    });
    for (const list of rulesByNeedle) list.length = 0;
    ruleNeedles.forEach((indices, r) => indices.forEach((index) => rulesByNeedle[index]!.push(constrained[r]!)));
  };

  // Per-line memo, reset by bumping the stamp instead of clearing arrays.
  let stamp = 0;
  const needleStamp = new Int32Array(needles.length);
  const literalStamp = new Int32Array(literals.length);
  const literalValue = new Uint8Array(literals.length);
  const ruleStamp = new Int32Array(ruleCount);
  let line = '';
  let lowered: string | undefined;
  const hits: ConstrainedRule[] = [];
  /** The needles found on the line, each once. */
  const lineNeedles: number[] = [];

  const found = (index: number) => {
    if (needleStamp[index] === stamp) return;
    needleStamp[index] = stamp;
    lineNeedles.push(index);
    if (linesWithNeedle !== undefined) linesWithNeedle[index]!++;
    for (const rule of rulesByNeedle[index]!) hits.push(rule);
  };

  const present = (id: number): boolean => {
    const literal = literals[id]!;
    const index = literalNeedle?.[id] ?? -1;
    if (index !== -1) {
      // The search folded ASCII case: enough for a case-insensitive literal, a hint for the others.
      if (needleStamp[index] !== stamp) return false;
      if (literal.caseInsensitive) return true;
      return line.includes(literal.needle);
    }
    return literal.caseInsensitive ? (lowered ??= line.toLowerCase()).includes(literal.needle) : line.includes(literal.needle);
  };

  const literalHolds = (id: number): boolean => {
    if (literalStamp[id] !== stamp) {
      literalStamp[id] = stamp;
      literalValue[id] = present(id) ? 1 : 0;
    }
    return literalValue[id] === 1;
  };

  /** An OR of many literals: only those whose needle is on the line (or that are not searched) can hold. */
  const literalOrHolds = (or: LiteralOr): boolean => {
    if (or.search !== undefined) {
      let holding = false;
      or.search.search(line, (needle) => {
        holding ||= (or.byNeedle.get(needle) ?? []).some(literalHolds);
      });
      return holding;
    }
    for (const needle of lineNeedles) {
      for (const id of or.byNeedle.get(needle) ?? []) if (literalHolds(id)) return true;
    }
    return or.unsearched.some(literalHolds);
  };

  const holds = (formula: LiteralFormula): boolean => {
    switch (formula.kind) {
      case 'literal':
        return literalHolds(formula.id);
      case 'and':
        return formula.of.every(holds);
      case 'or': {
        const or = literalOrs.get(formula);
        return or === undefined ? formula.of.some(holds) : literalOrHolds(or);
      }
    }
  };

  const nextStamp = () => {
    if (stamp === 0x7fffffff) {
      [needleStamp, literalStamp, ruleStamp].forEach((stamps) => stamps.fill(0));
      stamp = 0;
    }
    return ++stamp;
  };

  return {
    ruleCount,
    unconstrainedRules,
    get adapted() {
      return adapted;
    },
    candidates(text) {
      if (hasHidingEscape(text) || (hasCaseInsensitive && hasFoldHazard(text))) return everything;
      if (linesSearched === nextAdapt) {
        adapt();
        nextAdapt *= 4;
      }
      linesSearched++;
      nextStamp();
      line = text;
      lowered = undefined;
      hits.length = 0;
      lineNeedles.length = 0;
      search.search(text, found);
      if (hits.length === 0) return alwaysMask;
      let mask: Uint8Array | undefined;
      for (const rule of hits) {
        if (ruleStamp[rule.index] === stamp) continue;
        ruleStamp[rule.index] = stamp;
        if (!holds(rule.formula)) continue;
        mask ??= alwaysMask ? alwaysMask.slice() : new Uint8Array(ruleCount);
        mask[rule.index] = 1;
      }
      return mask ?? alwaysMask;
    },
  };
}

/** An OR of literals indexed by needle, for lines that hold few of them (see `indexLiteralOrs`). */
interface LiteralOr {
  /** Per needle index (of the prefilter's search, or of `search`), the OR's literals with that needle. */
  readonly byNeedle: Map<number, number[]>;
  /** Literals the prefilter's search does not look for (checked with `includes`). */
  readonly unsearched: number[];
  /** The OR's own search over its literals, when the prefilter's search does not find every literal. */
  readonly search?: AhoCorasick;
}

/** ORs with fewer literals are simply tried in turn. */
const MIN_INDEXED_OR = 16;

/**
 * The large ORs of literals in the rules' formulas (a list of values: `f:(a or b ...)`, `in (...)`),
 * each indexed by needle, so that such an OR is decided from the few needles found on a line instead
 * of trying its thousands of literals. With an exhaustive search (`literalNeedle` given) a literal can
 * only be present when its needle was found on the line; otherwise (the rules' anchors were few,
 * e.g. one substring the whole list shares) the OR gets its own automaton over its literals.
 */
function indexLiteralOrs(
  rules: readonly ConstrainedRule[],
  literals: readonly PrefilterLiteral[],
  literalNeedle: readonly number[] | undefined,
): Map<LiteralFormula, LiteralOr> {
  const indexed = new Map<LiteralFormula, LiteralOr>();
  const visit = (formula: LiteralFormula): void => {
    if (formula.kind === 'literal' || indexed.has(formula)) return;
    formula.of.forEach(visit);
    if (formula.kind !== 'or' || formula.of.length < MIN_INDEXED_OR) return;
    const ids = formula.of.flatMap((part) => (part.kind === 'literal' ? [part.id] : []));
    if (ids.length < formula.of.length) return;
    const byNeedle = new Map<number, number[]>();
    const add = (needle: number, id: number) => {
      const list = byNeedle.get(needle) ?? [];
      list.push(id);
      byNeedle.set(needle, list);
    };
    if (literalNeedle !== undefined) {
      const unsearched: number[] = [];
      for (const id of ids) {
        const needle = literalNeedle[id] ?? -1;
        if (needle === -1) unsearched.push(id);
        else add(needle, id);
      }
      indexed.set(formula, { byNeedle, unsearched });
      return;
    }
    const needles = [...new Set(ids.map((id) => foldUnits(literals[id]!.needle)))];
    const needleOf = new Map(needles.map((needle, index) => [needle, index]));
    for (const id of ids) add(needleOf.get(foldUnits(literals[id]!.needle))!, id);
    indexed.set(formula, { byNeedle, unsearched: [], search: new AhoCorasick(needles) });
  };
  for (const rule of rules) visit(rule.formula);
  return indexed;
}

/**
 * Each needle mapped to the shortest other needle it contains, if any: a line holding the longer
 * one holds the shorter, so searching the shorter alone finds every such line (`dump-keychain`
 * and `keychain` → `keychain`), with fewer alternatives in the search. The contained needles are
 * found with one automaton over all of them (a list of 50,000 values must not take 50,000² tests).
 */
function dropSuperstrings(needles: readonly string[]): Map<string, string> {
  const distinct = [...new Set(needles)].sort((a, b) => a.length - b.length);
  const kept = new Map<string, string>();
  if (distinct.length <= 1) {
    for (const needle of distinct) kept.set(needle, needle);
    return kept;
  }
  const automaton = new AhoCorasick(distinct);
  for (const needle of distinct) {
    // The shortest (then first) other needle inside this one; the automaton folds case, so confirm exactly.
    let shortest = -1;
    automaton.search(needle, (index) => {
      const other = distinct[index]!;
      if ((shortest === -1 || index < shortest) && other.length < needle.length && needle.includes(other)) shortest = index;
    });
    kept.set(needle, shortest === -1 ? needle : distinct[shortest]!);
  }
  return kept;
}
