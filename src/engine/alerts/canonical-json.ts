import { writeJson } from '../json/stringify.ts';

/**
 * JSON text of a value with object keys sorted (by UTF-16 code units, array-index keys first in
 * numeric order), so an event's identity does not depend on how its file laid the keys out.
 * Written without recursion: an event nested thousands of levels deep still gets its identity.
 */
export function canonicalJson(value: unknown): string {
  return writeJson(value, { sortKeys: true }) ?? 'undefined';
}
