import { isRecord, recordFrom } from '../json/own-record.ts';

/**
 * JSON text of a value with object keys sorted (by UTF-16 code units), so an event's identity
 * does not depend on how its file laid the keys out.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isRecord(item) ? recordFrom(Object.keys(item).sort().map((key) => [key, item[key]] as const)) : item,
  );
}
