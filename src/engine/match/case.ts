/**
 * Case folding for case-insensitive comparisons. Elasticsearch lower-cases with Java's
 * `toLowerCase(Locale.ROOT)`, which is full-Unicode and locale-independent: JS `toLowerCase()` matches it.
 */
export function foldCase(text: string): string {
  return text.toLowerCase();
}
