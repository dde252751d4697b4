/** What every query-type compiler receives and returns. */
import type { FieldSchema } from '../fields/schema.ts';
import type { EventDoc } from '../query/event.ts';
import type { Requirement } from '../query/requirements.ts';
import { NO_REQUIREMENT } from '../query/requirements.ts';

export interface DslCompiled {
  /** The event is the document at the top level, or one object of the array inside a `nested` query. */
  readonly test: (event: EventDoc) => boolean;
  readonly requires: Requirement;
}

export interface DslContext {
  readonly schema: FieldSchema;
  /** Epoch milliseconds that `now` stands for in date math. */
  readonly now: number;
  /** The `nested` path the query runs under ("" at the top level). Field names stay full paths. */
  readonly nestedPath: string;
  /** Field names read, in query order (deduplicated at the end). */
  readonly fields: string[];
  readonly depth: number;
  /** Compiles a sub-query (the dispatcher, passed down so query modules do not import it). */
  readonly compile: (query: unknown, path: string, context: DslContext) => DslCompiled;
}

/** Compiles one query type's body (the value under its type key). */
export type QueryCompiler = (body: unknown, path: string, context: DslContext) => DslCompiled;

export const MATCH_ALL: DslCompiled = { test: () => true, requires: NO_REQUIREMENT };
export const MATCH_NONE: DslCompiled = { test: () => false, requires: NO_REQUIREMENT };
