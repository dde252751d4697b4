/**
 * The `{type: {field: value}}` / `{type: {field: {param: ...}}}` shape shared by single-field
 * queries (term, match, wildcard, range, ...).
 */
import { DslError } from './errors.ts';
import { checkKeys, isRecord, keyPath, type JsonRecord } from './json.ts';

export interface FieldParams {
  readonly field: string;
  /** Parameters; the short form `{field: value}` gives `{[shortKey]: value}`. */
  readonly params: JsonRecord;
  /** Path of the params object (for errors on one parameter). */
  readonly path: string;
}

export function readFieldParams(
  body: unknown,
  path: string,
  type: string,
  shortKey: string | null,
  allowed: readonly string[],
): FieldParams {
  if (!isRecord(body)) throw new DslError(path, `[${type}] query must be an object`);
  const keys = Object.keys(body);
  if (keys.length === 0) throw new DslError(path, `[${type}] query requires a field`);
  if (keys.length > 1) throw new DslError(path, `[${type}] query doesn't support multiple fields, found [${keys[0]}] and [${keys[1]}]`);
  const field = keys[0]!;
  const fieldPath = keyPath(path, field);
  const value = body[field];
  if (isRecord(value)) {
    checkKeys(value, fieldPath, type, allowed);
    return { field, params: value, path: fieldPath };
  }
  if (shortKey === null) throw new DslError(fieldPath, `[${type}] query expects an object of parameters`);
  return { field, params: { [shortKey]: value }, path: fieldPath };
}

/** A required parameter. */
export function required(params: FieldParams, key: string, type: string): unknown {
  const value = Object.hasOwn(params.params, key) ? params.params[key] : undefined;
  if (value === undefined || value === null) throw new DslError(params.path, `[${type}] query requires [${key}]`);
  return value;
}

export function paramPath(params: FieldParams, key: string): string {
  return keyPath(params.path, key);
}
