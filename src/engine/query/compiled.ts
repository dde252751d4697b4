import type { EventDoc } from './event.ts';
import type { Requirement } from './requirements.ts';
import type { Triggers } from './triggers.ts';

/**
 * A stateless per-event matcher, compiled once from a query's AST into closures.
 * KQL and Lucene queries, and each EQL event query (the `where` of a plain query or of one
 * sequence/sample clause), compile to this.
 */
export interface CompiledFilter {
  readonly matches: (event: EventDoc) => boolean;
  /** Literals every matching event's raw JSON must contain (see requirements.ts). */
  readonly requires: Requirement;
  /** Field values one of which every matching event holds (triggers.ts); absent or null: unconstrained. */
  readonly triggers?: Triggers;
  /** Field names the query reads, in query order, without duplicates. */
  readonly fields: readonly string[];
}
