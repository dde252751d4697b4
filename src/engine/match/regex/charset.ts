/**
 * Sets of Unicode code points as sorted, disjoint, non-adjacent inclusive ranges, flattened as
 * `[start0, end0, start1, end1, ...]`.
 */
export type CharSet = readonly number[];

export const MAX_CODE_POINT = 0x10ffff;

export const ANY_CHAR: CharSet = [0, MAX_CODE_POINT];

export function charRange(from: number, to: number): CharSet {
  return [from, to];
}

export function unionSets(sets: readonly CharSet[]): CharSet {
  const ranges: [number, number][] = [];
  for (const set of sets) {
    for (let index = 0; index < set.length; index += 2) ranges.push([set[index] ?? 0, set[index + 1] ?? 0]);
  }
  ranges.sort((left, right) => left[0] - right[0]);
  const merged: number[] = [];
  for (const [start, end] of ranges) {
    const lastEnd = merged[merged.length - 1];
    if (lastEnd !== undefined && start <= lastEnd + 1) merged[merged.length - 1] = Math.max(lastEnd, end);
    else merged.push(start, end);
  }
  return merged;
}

export function complementSet(set: CharSet): CharSet {
  const out: number[] = [];
  let next = 0;
  for (let index = 0; index < set.length; index += 2) {
    const start = set[index] ?? 0;
    if (start > next) out.push(next, start - 1);
    next = (set[index + 1] ?? 0) + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

/**
 * The code point and its case variants, for case-insensitive literals. Elasticsearch 8 (Lucene 9)
 * folds ASCII letters only, to their ASCII pair; Lucene 10 (Elasticsearch 9) also matches every
 * simple case alternate of other characters (Σ σ ς, ǅ ǆ Ǆ, é É). We do both: ASCII keeps its pair
 * (so "i" does not match the dotless ı, nor "k" the Kelvin sign), other characters take their full
 * group, found by grouping code points on their one-to-one upper-then-lower mapping.
 */
export function caseAlternates(codePoint: number): CharSet {
  if (codePoint < 0x80) {
    const symbol = String.fromCharCode(codePoint);
    return unionSets([symbol.toLowerCase(), symbol.toUpperCase()].map((form) => charRange(form.charCodeAt(0), form.charCodeAt(0))));
  }
  const group = caseGroups().get(caseKey(codePoint)) ?? [codePoint];
  return unionSets(group.map((form) => charRange(form, form)));
}

/** Cased scripts all live below U+20000; beyond it every code point is its own group. */
const CASED_LIMIT = 0x20000;
let groups: Map<number, number[]> | undefined;

function caseGroups(): Map<number, number[]> {
  if (groups) return groups;
  const all = new Map<number, number[]>();
  for (let codePoint = 0; codePoint < CASED_LIMIT; codePoint++) {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
    const key = caseKey(codePoint);
    const members = all.get(key);
    if (members) members.push(codePoint);
    else all.set(key, [codePoint]);
  }
  groups = new Map([...all].filter(([, members]) => members.length > 1));
  return groups;
}

function caseKey(codePoint: number): number {
  const upper = singleMapping(codePoint, (text) => text.toUpperCase()) ?? codePoint;
  return singleMapping(upper, (text) => text.toLowerCase()) ?? singleMapping(codePoint, (text) => text.toLowerCase()) ?? codePoint;
}

/** The mapped code point when the mapping is one-to-one, else undefined (e.g. ß → SS). */
function singleMapping(codePoint: number, map: (text: string) => string): number | undefined {
  const mapped = map(String.fromCodePoint(codePoint));
  const result = mapped.codePointAt(0);
  return result !== undefined && mapped.length === String.fromCodePoint(result).length ? result : undefined;
}
