/** One event query (`category where condition`) as a stateless CompiledFilter. */
import type { CompiledFilter } from '../query/compiled.ts';
import { allOf, literal } from '../query/requirements.ts';
import type { EventQuery } from './ast.ts';
import { collectFields, type CompileContext } from './context.ts';
import { compileCondition } from './compile-condition.ts';
import { KEYWORD_KEYS } from '../kql/field/value-sets.ts';
import { triggerAtom, triggersOfAll } from '../query/triggers.ts';

/**
 * The category matches when any value of the category field equals it exactly (a term query on a
 * keyword field: case-sensitive). `any` matches every event, with or without a category.
 */
export function compileEventFilter(query: EventQuery, context: CompileContext, categoryField: string): CompiledFilter {
  const condition = compileCondition(query.condition, context);
  const fields: string[] = [];
  const category = query.category;
  if (category !== null) fields.push(categoryField);
  collectFields(query.condition, fields);
  if (category === null) return { matches: condition.test, requires: condition.requires, triggers: condition.triggers, fields };
  const typed = context.field(categoryField);
  const categoryValues = typed.values;
  // A string value equal to the category: KEYWORD_KEYS reads it as itself (and other leaves as their text: a superset).
  const categoryTriggers = typed.source === null ? null : triggerAtom(typed.source, KEYWORD_KEYS, [category]);
  const inCategory = categoryTest([category]);
  const test = condition.test;
  return {
    matches: (event) => inCategory(categoryValues(event)) && test(event),
    requires: allOf([literal(category, false), condition.requires]),
    triggers: triggersOfAll([categoryTriggers, condition.triggers]),
    fields,
  };
}

type Leaf = string | number | boolean;

/** Whether one of the category field's values is exactly one of `categories`. */
export function categoryTest(categories: readonly string[]): (values: readonly Leaf[]) => boolean {
  if (categories.length === 1) {
    const only = categories[0];
    return (values) => values.some((value) => value === only);
  }
  const names = new Set<Leaf>(categories);
  return (values) => values.some((value) => names.has(value));
}
