/**
 * Bounds on state read from files or imports: a hostile or broken document fails with a clear
 * error instead of exhausting memory. Generous next to real use (the corpus has 245 new-terms
 * rules; a run covers at least one history window, so 100,000 runs span centuries).
 */
export const LIMITS = {
  /** Rule ids, scan ids and field names. */
  maxIdLength: 1024,
  /** Lucene's largest indexable term is 32,766 bytes; three values plus JSON quoting and escapes fit. */
  maxTermKeyLength: 3 * 32_766 * 2,
  maxRules: 100_000,
  maxTermsTotal: 20_000_000,
  maxRunsPerTerm: 100_000,
  maxScans: 1_000_000,
  maxPartsPerScan: 100_000,
  /** ECMAScript's date range (±100,000,000 days) in epoch ms. */
  maxAbsTime: 8.64e15,
  /** V8's longest string (2^29 - 24 UTF-16 units): a larger state file cannot be read as one document. */
  maxDocumentBytes: 2 ** 29 - 24,
} as const;

/** Keys that would alter a plain object's prototype or shadow its machinery if ever used as one. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
