/** Defensive reads of parsed JSON: raw records may hold anything, and mapping must never throw. */

export type JsonObject = Readonly<Record<string, unknown>>;

export function objectAt(value: unknown, key: string): JsonObject | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const child = (value as JsonObject)[key];
  return typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as JsonObject) : undefined;
}

export function stringAt(value: JsonObject | undefined, key: string): string | undefined {
  const child = value?.[key];
  return typeof child === 'string' ? child : undefined;
}

export function integerAt(value: JsonObject | undefined, key: string): number | undefined {
  const child = value?.[key];
  return typeof child === 'number' && Number.isSafeInteger(child) ? child : undefined;
}

export function booleanAt(value: JsonObject | undefined, key: string): boolean | undefined {
  const child = value?.[key];
  return typeof child === 'boolean' ? child : undefined;
}

/** The strings of an array (other elements left out); undefined when it is not an array. */
export function stringsAt(value: JsonObject | undefined, key: string): string[] | undefined {
  const child = value?.[key];
  return Array.isArray(child) ? child.filter((item): item is string => typeof item === 'string') : undefined;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
