/**
 * What an explanation collects while walking a query: the clauses that held and the fields they
 * read. `finish` turns query field names into the `_source` paths the alert view highlights.
 */
import { compileFieldGetter } from '../fields/access.ts';
import type { FieldSchema } from '../fields/schema.ts';
import type { EventDoc } from '../query/event.ts';
import type { NewTermsReason } from './new-terms.ts';

/**
 * The engine's account of one match (the UI's `MatchExplanation` has the same shape).
 * `clauses`: printed query text of each clause that held and made the event match, in query order.
 * `fields`: dotted `_source` paths those clauses read that have a value in the event.
 */
export interface MatchExplanation {
  readonly fields: readonly string[];
  readonly clauses: readonly string[];
  /** new_terms alerts: the combination that was new and the history it was new against. */
  readonly newTerms?: NewTermsReason;
}

/** Where explained clauses go: their printed text and the query field names they read. */
export interface ClauseSink {
  add(clause: string, fields: Iterable<string>): void;
}

export class ExplanationBuilder implements ClauseSink {
  private readonly clauses = new Set<string>();
  private readonly fields = new Set<string>();

  add(clause: string, fields: Iterable<string>): void {
    this.clauses.add(clause);
    for (const field of fields) this.fields.add(field);
  }

  /** Fields the match depended on beyond the query's clauses (a new_terms rule's fields). */
  read(fields: Iterable<string>): void {
    for (const field of fields) this.fields.add(field);
  }

  addAll(explanation: MatchExplanation): void {
    for (const clause of explanation.clauses) this.clauses.add(clause);
    for (const field of explanation.fields) this.fields.add(field);
  }

  /**
   * Multi-fields read their parent's values (`process.command_line.text`, `process.name.caseless`
   * are `process.command_line`, `process.name` in `_source`), so they are reported by the parent's
   * path. A field without a value in the event is left out: it can only have been read by a clause
   * that held because the field is missing (`not f:*`, `f == null`, `f != "x"`, `not f : "x"`), and
   * the JSON tree has nothing there to highlight.
   */
  finish(event: EventDoc, schema: FieldSchema): MatchExplanation {
    const paths = new Set<string>();
    for (const name of this.fields) {
      const path = schema.lookup(name).sourceName;
      if (compileFieldGetter(path)(event).length > 0) paths.add(path);
    }
    return { clauses: [...this.clauses], fields: [...paths] };
  }
}
