/** Small helpers shared by the EQL evaluation tests. */
import { compileEql, runEql, type CompiledEql, type EqlOptions } from '../../../src/engine/eql/compile.ts';
import { compileScript } from '../../../src/engine/eql/compile-expr.ts';
import { CompileContext } from '../../../src/engine/eql/context.ts';
import { parseEql } from '../../../src/engine/eql/parser.ts';
import type { EqlValue } from '../../../src/engine/eql/values.ts';
import { createSchema } from '../../../src/engine/fields/schema.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';

export const testSchema = createSchema({
  'process.pid': 'long',
  'process.name': 'keyword',
  'process.args': 'keyword',
  'process.command_line': 'wildcard',
  'source.ip': 'ip',
  'event.category': 'keyword',
  score: 'double',
  flag: 'boolean',
});

export function compile(query: string, options: EqlOptions = {}): CompiledEql {
  return compileEql(parseEql(query), { schema: testSchema, text: query, ...options });
}

export function matches(query: string, event: EventDoc): boolean {
  const compiled = compile(query);
  if (compiled.kind !== 'event') throw new Error('not an event query');
  return compiled.filter.matches(event);
}

/** The value of an expression on an event (script evaluation, any-combination rule for arrays). */
export function valueOf(expression: string, event: EventDoc = {}): EqlValue {
  const text = `any where ${expression}`;
  const query = parseEql(text);
  if (query.body.type !== 'event') throw new Error('not an event query');
  return compileScript(query.body.condition, new CompileContext(testSchema, text))(event);
}

/** Runs a query over events and returns, per result, the `id` of each event (-1 for a missing event). */
export function runIds(query: string, events: readonly EventDoc[], options: EqlOptions = {}): number[][] {
  return runEql(compile(query, { tiebreakerField: 'id', ...options }), events).map((match) => match.events.map((event) => (event === null ? -1 : (event['id'] as number))));
}
