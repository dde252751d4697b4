/**
 * The Python reference implementation's tests (shared/conformance/eql-endgame), where they hold under
 * Elasticsearch semantics.
 *
 * Rules (decided per case, documented in known-deviations.json for the remaining failures):
 * - test_queries.toml: a case runs when Elasticsearch's grammar accepts its query (this drops
 *   endgame-only syntax: joins, lineage, pipes other than head/tail, single quotes, `=`, ...) and it
 *   is not flagged `case_insensitive = true` (endgame's default mode, where `==` ignores case).
 * - test_folding.toml / test_string_functions.toml: every `fold.tests` entry of a group that is not
 *   flagged `case_insensitive = true` and whose expression ES's grammar accepts is evaluated on an
 *   empty event and compared with `expected` (absent = null). `$value` loops and verifier failures
 *   are type-checker tests, not evaluation, and are not run.
 */
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import type { EqlQuery } from '../../../src/engine/eql/ast.ts';
import { compileEql, runEql } from '../../../src/engine/eql/compile.ts';
import { compileScript } from '../../../src/engine/eql/compile-expr.ts';
import { CompileContext } from '../../../src/engine/eql/context.ts';
import { parseEql } from '../../../src/engine/eql/parser.ts';
import { ECS_SCHEMA } from '../../../src/engine/fields/schema.ts';
import { needShared, readShared } from '../../support/shared-data.ts';
import { ES_SPECS, endgame140 } from './conformance-data.ts';

const HAS_DATA = needShared('conformance/eql-endgame', ES_SPECS);
const read = (file: string) => readShared(`conformance/eql-endgame/${file}`);
const deviations = JSON.parse(readFileSync(new URL('./known-deviations.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>;
const known = deviations['eql-endgame'] ?? {};

function tryParse(text: string): EqlQuery | null {
  try {
    return parseEql(text);
  } catch {
    return null;
  }
}

interface QueryCase {
  readonly name: string;
  readonly query: string;
  readonly expected_event_ids: readonly number[];
  readonly case_insensitive?: boolean;
}

interface FoldCase {
  readonly name: string;
  readonly expression: string;
  readonly expected: unknown;
}

const queryCases = ((HAS_DATA ? parseToml(read('test_queries.toml')) : { queries: [] }) as unknown as { queries: Omit<QueryCase, 'name'>[] }).queries.map((query, index) => ({
  ...query,
  name: `query #${index + 1}`,
}));

function foldCases(file: string): FoldCase[] {
  const groups = parseToml(read(file)) as unknown as Record<string, { case_insensitive?: boolean; fold?: { tests?: { expression: string; expected?: unknown }[] } }>;
  return Object.entries(groups).flatMap(([group, spec]) =>
    spec.case_insensitive === true
      ? []
      : (spec.fold?.tests ?? []).map((test, index) => ({ name: `${file} ${group} #${index + 1}`, expression: test.expression, expected: test.expected ?? null })),
  );
}

const runnableQueries = queryCases.filter((spec) => spec.case_insensitive !== true && tryParse(spec.query) !== null);
const allFolds = HAS_DATA ? [...foldCases('test_folding.toml'), ...foldCases('test_string_functions.toml')] : [];
const runnableFolds = allFolds.filter((spec) => tryParse(`any where ${spec.expression}`) !== null);
const outcomes = new Map<string, boolean>();

const data = HAS_DATA ? endgame140() : undefined;

function queryPasses(spec: QueryCase): boolean {
  const compiled = compileEql(parseEql(spec.query), { ...data!.options, text: spec.query });
  const ids = runEql(compiled, data!.events).flatMap((match) => match.events.map((event) => (event === null ? -1 : Number(event['serial_event_id']))));
  return JSON.stringify(ids) === JSON.stringify(spec.expected_event_ids);
}

function foldValue(expression: string): unknown {
  const text = `any where ${expression}`;
  const query = parseEql(text);
  if (query.body.type !== 'event') throw new Error('not an event query');
  return compileScript(query.body.condition, new CompileContext(ECS_SCHEMA, text))({});
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  return actual === expected;
}

function check(name: string, ok: boolean, detail: () => string): void {
  outcomes.set(name, ok);
  if (known[name] !== undefined) expect(ok, `listed as a known deviation but now passes: ${name}`).toBe(false);
  else if (!ok) expect.fail(`${name}: ${detail()}`);
}

if (HAS_DATA) describe('eql-endgame conformance', () => {
  it.each(runnableQueries.map((spec) => [spec.name, spec] as const))('%s', (name, spec) => {
    let ok: boolean;
    try {
      ok = queryPasses(spec);
    } catch {
      ok = false;
    }
    check(name, ok, () => `${spec.query} expected ${JSON.stringify(spec.expected_event_ids)}`);
  });

  it.each(runnableFolds.map((spec) => [spec.name, spec] as const))('%s', (name, spec) => {
    let actual: unknown;
    try {
      actual = foldValue(spec.expression);
    } catch (error) {
      actual = error;
    }
    check(name, sameValue(actual, spec.expected), () => `${spec.expression}: expected ${JSON.stringify(spec.expected)}, got ${String(actual)}`);
  });

  it('lists only cases that run', () => {
    const names = new Set([...runnableQueries, ...runnableFolds].map((spec) => spec.name));
    expect(Object.keys(known).filter((name) => !names.has(name))).toEqual([]);
  });

  afterAll(() => {
    const count = (names: readonly { name: string }[]) => names.filter((spec) => outcomes.get(spec.name)).length;
    console.log(`eql-endgame queries: ${count(runnableQueries)}/${runnableQueries.length} passed (${queryCases.length - runnableQueries.length} of ${queryCases.length} skipped: endgame-only syntax or case-insensitive mode)`);
    console.log(`eql-endgame folding: ${count(runnableFolds)}/${runnableFolds.length} passed (${allFolds.length - runnableFolds.length} of ${allFolds.length} skipped: not ES syntax)`);
  });
});
