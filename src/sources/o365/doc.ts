/** What the o365 mapping needs beyond the shared document helpers (../common/doc.ts). */
import { getPath, putPath, type Doc } from '../common/doc.ts';

/**
 * Appends a value not yet there to a field that may hold one value or a list (`related.*`): one
 * value stays a scalar, as Beats' `AppendTo` leaves it (the module's goldens hold `"related.ip": "…"`).
 */
export function appendUnique(doc: Doc, path: string, value: unknown): void {
  const current = getPath(doc, path);
  if (current === undefined || current === null) putPath(doc, path, value);
  else if (Array.isArray(current)) {
    if (!current.includes(value)) current.push(value);
  } else if (current !== value) putPath(doc, path, [current, value]);
}

/** Text of a scalar as the module's `type: string` conversions write it. */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
