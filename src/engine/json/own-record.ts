/**
 * Objects built from event data keep every key as data: `__proto__`, `constructor` and the like
 * are defined as own properties instead of assigned (assigning `__proto__` would set the
 * prototype and lose the key).
 */

const hasOwn = Object.prototype.hasOwnProperty;

export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function getOwn(target: Readonly<Record<string, unknown>>, key: string): unknown {
  return hasOwn.call(target, key) ? target[key] : undefined;
}

export function hasOwnKey(target: object, key: string): boolean {
  return hasOwn.call(target, key);
}

/** A JSON object (not an array, not null): the only values Loupe walks into. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with the given entries in order; entries whose value is undefined are left out. */
export function recordFrom(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) if (value !== undefined) setOwn(out, key, value);
  return out;
}
