/** Reading untrusted JSON: own keys only, readable paths for error messages. */
import { DslError } from './errors.ts';

export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_$@][\w$@]*$/;

/** `parent.key`, or `parent["odd key"]` when the key is not a plain identifier (dotted field names). */
export function keyPath(parent: string, key: string): string {
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** An own property (never one inherited from Object.prototype, whatever the key). */
export function own(record: JsonRecord, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function expectRecord(value: unknown, path: string, what: string): JsonRecord {
  if (!isRecord(value)) throw new DslError(path, `${what} must be an object`);
  return value;
}

export function expectString(value: unknown, path: string, what: string): string {
  if (typeof value !== 'string') throw new DslError(path, `${what} must be a string`);
  return value;
}

/** The text form of a term value: ES accepts strings, numbers and booleans and compares their text. */
export function scalarText(value: unknown, path: string, what: string): string {
  if (typeof value === 'string') return value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  throw new DslError(path, `${what} must be a string, number or boolean`);
}

export function optionalBoolean(value: unknown, path: string, what: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new DslError(path, `${what} must be true or false`);
  return value;
}

/** Rejects keys a query does not accept, as Elasticsearch's parsers do ("[term] query does not support [x]"). */
export function checkKeys(record: JsonRecord, path: string, type: string, allowed: readonly string[]): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) throw new DslError(keyPath(path, key), `[${type}] query does not support [${key}]`);
  }
}
