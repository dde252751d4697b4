/**
 * Explaining an EQL event query's match (a plain query, or the sequence/sample clause an event
 * filled): the condition is walked and every part is tested with the EQL compiler itself
 * (`compileCondition`), so the explanation cannot disagree with the matcher.
 * - `process where` is reported as `event.category == "process"` (or the rule's category field);
 * - `and`: both sides; `or`: the sides that held; `not x` (and `f not in (...)`): the whole clause;
 * - value lists `f : ("a", "b")`, `f in ("a", "b")`: each value that matched, as `f : "a"`, `f in ("a")`;
 * - anything else (comparisons, functions, scripts) is one clause.
 */
import type { EqlQuery, EventQuery, Expr } from '../eql/ast.ts';
import { compileCondition } from '../eql/compile-condition.ts';
import { sequenceStages } from '../eql/compile.ts';
import { collectFields, CompileContext } from '../eql/context.ts';
import { compileEventFilter } from '../eql/event-filter.ts';
import { printExpr } from '../eql/printer.ts';
import { ECS_SCHEMA, type FieldSchema } from '../fields/schema.ts';
import type { EventDoc } from '../query/event.ts';
import { ExplanationBuilder, type ClauseSink, type MatchExplanation } from './explanation.ts';

export interface EqlExplainOptions {
  readonly schema?: FieldSchema;
  /** The rule's `event_category_override` (default `event.category`). */
  readonly categoryField?: string;
  /** The query text, for compile errors with a position. */
  readonly text?: string;
}

export interface EqlQueryExplainOptions extends EqlExplainOptions {
  /**
   * For sequences and samples: the clause the event filled, 0-based among the clauses events fill
   * (`with runs=n` counts n times, missing-event clauses `![...]` not at all), which is the building
   * block alert's `kibana.alert.group.index`. Default: the first clause the event matches.
   */
  readonly clause?: number;
}

/** Null when the event query does not match the event. Throws QuerySyntaxError for an invalid query. */
export function explainEqlEvent(query: EventQuery, event: EventDoc, options: EqlExplainOptions = {}): MatchExplanation | null {
  const schema = options.schema ?? ECS_SCHEMA;
  const categoryField = options.categoryField ?? 'event.category';
  const context = new CompileContext(schema, options.text ?? '');
  if (!compileEventFilter(query, context, categoryField).matches(event)) return null;
  const builder = new ExplanationBuilder();
  if (query.category !== null) {
    const clause: Expr = { type: 'compare', op: '==', left: { type: 'field', name: categoryField, optional: false }, right: { type: 'string', value: query.category } };
    builder.add(printExpr(clause), [categoryField]);
  }
  explainCondition(query.condition, event, context, builder);
  return builder.finish(event, schema);
}

/** The event query of `query` that `event` is explained against (see `clause`), then explainEqlEvent. */
export function explainEqlQuery(query: EqlQuery, event: EventDoc, options: EqlQueryExplainOptions = {}): MatchExplanation | null {
  const candidates = clauseQueries(query, options.clause);
  for (const candidate of candidates) {
    const explained = explainEqlEvent(candidate, event, options);
    if (explained !== null) return explained;
  }
  return null;
}

function clauseQueries(query: EqlQuery, clause: number | undefined): EventQuery[] {
  const body = query.body;
  if (body.type === 'event') return [body];
  const stages = body.type === 'sequence' ? sequenceStages(body).filter((stage) => !stage.missing) : body.clauses;
  const chosen = clause === undefined ? stages : stages.slice(clause, clause + 1);
  return chosen.map((stage) => stage.query);
}

function explainCondition(expr: Expr, event: EventDoc, context: CompileContext, sink: ClauseSink): void {
  const holds = (part: Expr): boolean => compileCondition(part, context).test(event);
  switch (expr.type) {
    case 'and':
      explainCondition(expr.left, event, context, sink);
      explainCondition(expr.right, event, context, sink);
      return;
    case 'or':
      if (holds(expr.left)) explainCondition(expr.left, event, context, sink);
      if (holds(expr.right)) explainCondition(expr.right, event, context, sink);
      return;
    case 'match':
      if (expr.patterns.length > 1) {
        reportHeld(expr.patterns.map((pattern): Expr => ({ ...expr, patterns: [pattern], list: false })), holds, sink);
        return;
      }
      break;
    case 'in':
      if (!expr.negated && expr.values.length > 1) {
        reportHeld(expr.values.map((value): Expr => ({ ...expr, values: [value] })), holds, sink);
        return;
      }
      break;
    default:
      break;
  }
  sink.add(printExpr(expr), fieldsOf(expr));
}

function reportHeld(parts: readonly Expr[], holds: (part: Expr) => boolean, sink: ClauseSink): void {
  for (const part of parts) if (holds(part)) sink.add(printExpr(part), fieldsOf(part));
}

function fieldsOf(expr: Expr): string[] {
  const fields: string[] = [];
  collectFields(expr, fields);
  return fields;
}
