/**
 * Term keys: one string per term combination of a new-terms rule, used as the storage key.
 *
 * Encoding: `JSON.stringify` of the values' keyword forms in the rule's `new_terms_fields` order,
 * e.g. `["host-1","/usr/bin/python3"]`. JSON string escaping is injective and `JSON.stringify` is
 * deterministic (no whitespace, fixed escapes, lone surrogates escaped), so two tuples share a key
 * only if they are equal, and the same tuple always gives the same key in every host. The state
 * layer does not interpret the values: the engine derives them (Elasticsearch's keyword form of
 * each field) before asking.
 */
export const MAX_TERM_FIELDS = 3;

export function encodeTermKey(values: readonly string[]): string {
  return JSON.stringify(values);
}

/** The values of a canonical term key with `arity` values; null for anything else. */
export function decodeTermKey(key: string, arity: number): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== arity) return null;
  if (!parsed.every((value): value is string => typeof value === 'string')) return null;
  return encodeTermKey(parsed) === key ? parsed : null;
}
