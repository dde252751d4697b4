import type { EventDoc } from '../query/event.ts';

/**
 * Reads every value of one field from an event's `_source`, as Elasticsearch would index it.
 * API contract (implementation in progress): dotted names resolve through nested objects and dotted
 * keys in any split; arrays (also arrays of objects) flatten; null and [] give no values; only own
 * properties are read, so `__proto__` / `constructor` keys are plain data. Returns primitive leaves
 * (string | number | boolean) in document order.
 */
export type FieldGetter = (event: EventDoc) => readonly (string | number | boolean)[];

export function compileFieldGetter(name: string): FieldGetter {
  throw new Error(`not implemented: compileFieldGetter(${name})`);
}
