/**
 * Case folding for case-insensitive comparisons: each code point becomes its lower-case form, one
 * code point for one, as Lucene/Elasticsearch case-insensitive term, wildcard and regexp queries and
 * the `lowercase` token filter do (Java `Character.toLowerCase`, locale-independent).
 *
 * JS `toLowerCase()` is right for everything except two full-mapping quirks that Java's per-character
 * folding does not have: `İ` (U+0130) expands to two code points, and `Σ` becomes `ς` at a word end.
 * Both would make a fold of a pattern piece disagree with the fold of the whole value (and break `?`
 * counting), so those rare strings take a per-code-point path.
 */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length && !lower.includes('ς')) return lower;
  let folded = '';
  for (const symbol of text) folded += foldCodePoint(symbol);
  return folded;
}

function foldCodePoint(symbol: string): string {
  const lower = symbol.toLowerCase();
  // U+0130 lower-cases to "i" + U+0307; Java's simple mapping keeps just the "i".
  return lower.length === symbol.length ? lower : String.fromCodePoint(lower.codePointAt(0) ?? 0);
}
