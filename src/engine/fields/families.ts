import type { MatchFamily } from './schema.ts';

/**
 * How each Elasticsearch field type compares values. `wildcard`, `constant_keyword` and the leaves
 * of `flattened` fields are exact, case-sensitive strings like `keyword`; structural and geo types
 * hold no directly comparable values (`other`).
 */
const FAMILY_BY_TYPE: Readonly<Record<string, MatchFamily>> = {
  keyword: 'keyword',
  constant_keyword: 'keyword',
  wildcard: 'keyword',
  flattened: 'keyword',
  version: 'keyword',
  text: 'text',
  match_only_text: 'text',
  long: 'number',
  integer: 'number',
  short: 'number',
  byte: 'number',
  double: 'number',
  float: 'number',
  half_float: 'number',
  scaled_float: 'number',
  unsigned_long: 'number',
  ip: 'ip',
  date: 'date',
  date_nanos: 'date',
  boolean: 'boolean',
};

export function familyOf(esType: string): MatchFamily {
  return Object.hasOwn(FAMILY_BY_TYPE, esType) ? FAMILY_BY_TYPE[esType]! : 'other';
}

/** Types whose fields hold sub-fields rather than values. */
export function isContainerType(esType: string): boolean {
  return esType === 'object' || esType === 'nested' || esType === 'group';
}
