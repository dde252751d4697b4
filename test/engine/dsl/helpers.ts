/** Shared notation for the DSL tests: a fixed clock, and table rows shown with their JSON. */
import { compileDsl } from '../../../src/engine/dsl/compile.ts';
import type { FieldSchema } from '../../../src/engine/fields/schema.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';

export const NOW = Date.parse('2024-05-10T12:00:00.000Z');

export type Row = [query: object, event: EventDoc, expected: boolean];

export const dslMatches = (query: unknown, event: EventDoc, schema?: FieldSchema): boolean =>
  compileDsl(query, { now: NOW, ...(schema === undefined ? {} : { schema }) }).matches(event);

/** Rows with a readable title (query and event as JSON) for `it.each`. */
export const table = (rows: readonly Row[]) =>
  rows.map(([query, event, expected]) => [JSON.stringify(query), JSON.stringify(event), expected, query, event] as const);
