/**
 * Why a rule matched an event, for the alert detail view: the query's clauses that held, the
 * rule's Kibana filters, a note that no exception excluded the event, and the `_source` fields
 * those clauses read (see explanation.ts). Everything is tested with the compilers the detector
 * uses; null means the rule's search would not return the event.
 */
import { parseEql } from '../eql/parser.ts';
import { QuerySyntaxError } from '../errors.ts';
import { ECS_SCHEMA } from '../fields/schema.ts';
import { parseKql } from '../kql/parser.ts';
import { parseLucene } from '../lucene/parser.ts';
import type { EventDoc } from '../query/event.ts';
import { checkRule } from '../rules/check.ts';
import type { RuleEntry } from '../rules/model.ts';
import { explainEqlQuery } from './eql.ts';
import { ExplanationBuilder, type MatchExplanation } from './explanation.ts';
import { checkExceptions, explainFilters } from './filters.ts';
import { explainKql } from './kql.ts';
import { explainLucene } from './lucene.ts';
import { explainNewTerms } from './new-terms.ts';

export interface ExplainMatchOptions {
  /** Epoch ms for `now` in date math (queries, filters) and exception `expire_time`: the scan's `now`. */
  readonly now?: number;
  /** EQL sequences and samples: which clause the event filled (see explainEqlQuery). */
  readonly clause?: number;
  /** new_terms rules: the alert's `kibana.alert.new_terms`, the combination it is new for. */
  readonly newTerms?: unknown;
}

/**
 * Takes the loaded rule rather than the detector's prepared one: the prepared rule holds only
 * closures, and an explanation needs the query's text and tree.
 */
export function explainMatch(entry: RuleEntry, event: EventDoc, options: ExplainMatchOptions = {}): MatchExplanation | null {
  const check = checkRule(entry);
  if (check.status !== 'ok' || check.compiled === undefined) return null;
  const now = options.now ?? Date.now();
  const text = entry.rule.query ?? '';
  let query: MatchExplanation | null;
  try {
    switch (check.compiled.language) {
      case 'kuery':
        query = explainKql(parseKql(text), event, { now });
        break;
      case 'lucene':
        query = explainLucene(parseLucene(text), event, { now });
        break;
      case 'eql':
        query = explainEqlQuery(parseEql(text), event, { text, categoryField: entry.rule.event_category_override, clause: options.clause });
        break;
    }
  } catch (error) {
    if (error instanceof QuerySyntaxError) return null;
    throw error;
  }
  if (query === null) return null;
  const builder = new ExplanationBuilder();
  builder.addAll(query);
  if (!explainFilters(entry.rule.filters ?? [], event, now, builder)) return null;
  const exceptions = checkExceptions(entry, event, now);
  if (exceptions.excluded) return null;
  if (exceptions.note !== null) builder.add(exceptions.note, []);
  const newTerms = options.newTerms === undefined ? null : explainNewTerms(entry.rule, event, options.newTerms);
  if (newTerms === null) return builder.finish(event, ECS_SCHEMA);
  builder.read(newTerms.terms.map((term) => term.field));
  return { ...builder.finish(event, ECS_SCHEMA), newTerms };
}
