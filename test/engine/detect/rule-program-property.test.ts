/**
 * Property: the rule program (rules tried only on the events their triggers pick) gives exactly
 * what rule-at-a-time evaluation gives. Random rules from the KQL and EQL grammars (the parser
 * engineers' arbitraries) as query, threshold, new_terms, EQL event and EQL sequence rules, over
 * random event streams whose dotted field names are written flat or nested at random: the alert
 * documents and the per-rule counts must be identical, and at the filter level every query that
 * matches an event must be picked for it (while the program does leave rules out).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../src/engine/eql/ast.ts';
import { compileEql } from '../../../src/engine/eql/compile.ts';
import { collectFields } from '../../../src/engine/eql/context.ts';
import { printExpr } from '../../../src/engine/eql/printer.ts';
import { compileRuleProgram } from '../../../src/engine/detect/rule-program.ts';
import { createSchema } from '../../../src/engine/fields/schema.ts';
import type { KqlNode, KqlValue } from '../../../src/engine/kql/ast.ts';
import type { GlobSegment } from '../../../src/engine/match/glob.ts';
import { compileKql } from '../../../src/engine/kql/compile.ts';
import { printKql } from '../../../src/engine/kql/printer.ts';
import type { CompiledFilter } from '../../../src/engine/query/compiled.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { arbExpr } from '../eql/arbitraries.ts';
import { evalDocument, evalKqlAst } from '../kql/arbitraries.ts';
import { BASE, exportedRule, exportedRules, iso, scan } from './helpers.ts';

interface Tally {
  matched: number;
  leftOut: number;
}

function tryCompile<T>(compile: () => T): T | undefined {
  try {
    return compile();
  } catch {
    return undefined; // queries the compiler rejects are not rules
  }
}

/** Every filter matching `event` is picked for it; counts the filters left out. */
function checkPicks(filters: readonly CompiledFilter[], event: EventDoc, tally: Tally): void {
  const program = compileRuleProgram(filters.map((filter) => filter.triggers ?? null));
  const picked: number[] = [];
  program.select(event, picked);
  filters.forEach((filter, r) => {
    if (picked.includes(r)) return;
    tally.leftOut++;
    expect(filter.matches(event), `rule ${r} matches ${JSON.stringify(event)} but was not picked`).toBe(false);
  });
  tally.matched += filters.filter((filter) => filter.matches(event)).length;
}

/** `name` set to `value` in `event`, as a flat dotted key or as nested objects split at a random dot. */
function put(event: Record<string, unknown>, name: string, value: unknown, split: number): void {
  const parts = name.split('.');
  const cut = parts.length <= 1 ? 1 : 1 + (split % parts.length);
  const head = parts.slice(0, cut).join('.');
  const rest = parts.slice(cut).join('.');
  if (rest === '') {
    event[head] = value;
    return;
  }
  const inner = typeof event[head] === 'object' && event[head] !== null && !Array.isArray(event[head]) ? (event[head] as Record<string, unknown>) : {};
  event[head] = inner;
  put(inner, rest, value, split >> 2);
}

const schema = createSchema({});
const arbLeaf = fc.oneof(
  fc.constantFrom('a', 'A', 'abc', 'ABC', 'xAbCx', 'İx', 'Kx', 'ſ', '1', '10', 'C:\\x', 'a/b', 'é', '𝄞'),
  fc.string({ maxLength: 4 }),
  fc.integer({ min: -20, max: 20 }),
  fc.boolean(),
);
const arbValue = fc.oneof({ weight: 4, arbitrary: arbLeaf }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.array(arbLeaf, { maxLength: 3 }) });

/** EQL conditions and `count` events giving some of their fields values (flat or nested). */
const eqlCase = (count: number) =>
  fc.array(arbExpr, { minLength: 1, maxLength: 3 }).chain((exprs) => {
    const names: string[] = [];
    for (const expr of exprs) collectFields(expr, names);
    const arbEvent = fc.tuple(...names.map(() => fc.option(fc.tuple(arbValue, fc.nat()), { nil: undefined }))).map((pairs) => {
      const event: Record<string, unknown> = {};
      pairs.forEach((pair, i) => pair && put(event, names[i]!, pair[0], pair[1]));
      return event;
    });
    return fc.tuple(fc.constant(exprs), fc.array(arbEvent, { minLength: 1, maxLength: count }));
  });

const eqlFilter = (expr: Expr): CompiledFilter | undefined =>
  tryCompile(() => {
    const compiled = compileEql({ type: 'query', body: { type: 'event', category: null, condition: expr }, pipes: [] }, { schema });
    return compiled.kind === 'event' ? compiled.filter : undefined;
  });

describe('the rule program picks every rule that can match', () => {
  /** Random packs of 1–4 KQL rules drawn from `ast` over random documents; not vacuous: rules matched, and rules were left out. */
  function checkKqlPicks(ast: fc.Arbitrary<KqlNode>): void {
    const tally: Tally = { matched: 0, leftOut: 0 };
    fc.assert(
      fc.property(fc.array(ast, { minLength: 1, maxLength: 4 }), evalDocument, (asts, event) => {
        const filters = asts.map((tree) => tryCompile(() => compileKql(tree))).filter((filter) => filter !== undefined);
        checkPicks(filters, event, tally);
      }),
      { numRuns: 600 },
    );
    expect(tally.matched).toBeGreaterThan(50);
    expect(tally.leftOut).toBeGreaterThan(50);
  }

  it('KQL queries over random documents', () => {
    checkKqlPicks(evalKqlAst);
  });

  it('KQL value lists on one field (their triggers merged into one atom), alone and inside ANDs', () => {
    // `k1:(a or b* or c)`-shaped ORs, which the general grammar rarely draws: one-atom clauses of a
    // field merge into one atom (triggersOfAny), and ANDs then cross the merged atom with other parts.
    const value = fc.oneof(
      fc.record({ type: fc.constant('literal' as const), value: fc.constantFrom('a', 'b', 'ab', 'A', '1', '10', 'a b'), quoted: fc.boolean() }),
      fc.constantFrom<GlobSegment[]>([{ literal: 'a' }, 'any'], ['any', { literal: 'b' }], [{ literal: 'A' }, 'any'], ['any', { literal: '1' }, 'any']).map((segments): KqlValue => ({ type: 'wildcard', segments })),
    );
    const field = fc.constantFrom('k1', 'k2', 'n', 't').map((name): KqlValue => ({ type: 'literal', value: name, quoted: false }));
    const term = fc.record({ type: fc.constant('is' as const), field, value });
    const list = fc.tuple(field, fc.array(value, { minLength: 2, maxLength: 5 })).map(([on, values]): KqlNode => ({ type: 'or', args: values.map((v) => ({ type: 'is', field: on, value: v })) }));
    const part = fc.oneof(list, term, fc.array(fc.oneof(list, term), { minLength: 2, maxLength: 3 }).map((args): KqlNode => ({ type: 'or', args })));
    checkKqlPicks(fc.oneof(part, fc.array(part, { minLength: 2, maxLength: 3 }).map((args): KqlNode => ({ type: 'and', args }))));
  });

  it('EQL conditions over random events, dotted names flat or nested', () => {
    const tally: Tally = { matched: 0, leftOut: 0 };
    fc.assert(
      fc.property(eqlCase(1), ([exprs, events]) => {
        const filters = exprs.map(eqlFilter).filter((filter) => filter !== undefined);
        checkPicks(filters, events[0]!, tally);
      }),
      { numRuns: 600 },
    );
    expect(tally.matched).toBeGreaterThan(20);
    expect(tally.leftOut).toBeGreaterThan(20);
  });
});

/** The rules' alerts and stats with the program and rule at a time (timings set aside). */
async function bothWays(rules: readonly Record<string, unknown>[], events: readonly EventDoc[]): Promise<number> {
  const entries = exportedRules(rules.map((fields, i) => exportedRule({ rule_id: `rule-${i}`, name: `Rule ${i}`, index: ['logs-*'], ...fields })));
  const stamped = events.map((event, i) => ({ ...event, '@timestamp': iso(BASE + i * 7_000), data_stream: { type: 'logs', dataset: 'test', namespace: 'default' } }));
  const program = await scan(entries, stamped);
  const ruleAtATime = await scan(entries, stamped, { ruleAtATime: true });
  const comparable = (result: typeof program) => ({ alerts: result.alerts, stats: { ...result.stats, rules: result.stats.rules.map(({ millis: _millis, ...rule }) => rule) } });
  expect(comparable(program)).toEqual(comparable(ruleAtATime));
  return program.alerts.length;
}

describe('the rule program alerts exactly as rule-at-a-time evaluation', () => {
  it('query, threshold and new_terms rules from the KQL grammar', async () => {
    let alerts = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(evalKqlAst, { minLength: 1, maxLength: 3 }), fc.array(evalDocument, { minLength: 1, maxLength: 12 }), async (asts, events) => {
        const rules = asts.flatMap((ast) => {
          const query = printKql(ast as KqlNode);
          return [
            { type: 'query', query },
            { type: 'threshold', query, threshold: { field: ['k1'], value: 2 } },
            { type: 'new_terms', query, new_terms_fields: ['k2'], history_window_start: 'now-1h' },
          ];
        });
        alerts += await bothWays(rules, events);
      }),
      { numRuns: 120 },
    );
    expect(alerts).toBeGreaterThan(100);
  });

  it('EQL sequences whose clauses have triggers of their own (each clause tested only when its triggers fire)', async () => {
    // The general grammar seldom gives every clause triggers; here each clause is made of
    // equality, `in`, `:` and `like~` tests (or a negation, which has none), so the program picks
    // a sequence for the clauses whose triggers fired and the rule tests only those.
    const value = fc.constantFrom('a', 'b', 'ab', 'A');
    const field = fc.constantFrom('k1', 'k2');
    const test = fc.oneof(
      fc.tuple(field, value).map(([f, v]) => `${f} == "${v}"`),
      fc.tuple(field, value, value).map(([f, v, w]) => `${f} in ("${v}", "${w}")`),
      fc.tuple(field, value).map(([f, v]) => `${f} : "${v}*"`),
      fc.tuple(field, value).map(([f, v]) => `${f} like~ "*${v}"`),
      { weight: 1, arbitrary: fc.tuple(field, value).map(([f, v]) => `not ${f} == "${v}"`) },
    );
    const condition = fc.oneof(test, fc.tuple(test, test, fc.constantFrom('and', 'or')).map(([a, b, op]) => `(${a} ${op} ${b})`));
    const query = fc
      .tuple(fc.array(fc.tuple(condition, fc.boolean()), { minLength: 2, maxLength: 3 }), fc.option(condition, { nil: undefined }), fc.boolean())
      .map(([clauses, until, byKey]) => {
        // A missing-event clause only between positive ones (never first or last).
        const stages = clauses.map(([where, missing], i) => `${missing && i > 0 && i < clauses.length - 1 ? '!' : ''}[any where ${where}]`);
        return `sequence ${byKey ? 'by k3 ' : ''}with maxspan=1m ${stages.join(' ')}${until !== undefined ? ` until [any where ${until}]` : ''}`;
      });
    const event = fc.record({ k1: value, k2: fc.oneof(value, fc.array(value, { maxLength: 2 })), k3: fc.constantFrom('h1', 'h2') }, { requiredKeys: [] });
    let alerts = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(query, { minLength: 1, maxLength: 3 }), fc.array(event, { minLength: 2, maxLength: 14 }), async (queries, events) => {
        alerts += await bothWays(
          queries.map((text) => ({ type: 'eql', language: 'eql', query: text })),
          events,
        );
      }),
      { numRuns: 150 },
    );
    expect(alerts).toBeGreaterThan(20);
  });

  it('EQL event queries and sequences from the EQL grammar', async () => {
    let alerts = 0;
    await fc.assert(
      fc.asyncProperty(eqlCase(10), async ([exprs, events]) => {
        const texts = exprs.filter((expr) => eqlFilter(expr) !== undefined).map((expr) => printExpr(expr));
        const rules = texts.flatMap((text, i) => [
          { type: 'eql', language: 'eql', query: `any where ${text}` },
          { type: 'eql', language: 'eql', query: `sequence with maxspan=1m [any where ${text}] [any where ${texts[(i + 1) % texts.length]}]` },
        ]);
        if (rules.length > 0) alerts += await bothWays(rules, events);
      }),
      { numRuns: 120 },
    );
    expect(alerts).toBeGreaterThan(20);
  });
});
