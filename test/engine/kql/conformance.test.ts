/**
 * Kibana's KQL unit-test expectations (shared/conformance/kql-kibana) checked against Loupe:
 * parse cases by AST, printer cases by text, DSL translation cases by evaluation (documents derived
 * from each expected DSL must match the DSL and the compiled KQL alike).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KqlNode } from '../../../src/engine/kql/ast.ts';
import { compileKql } from '../../../src/engine/kql/compile.ts';
import { parseKql, parseKqlLiteral } from '../../../src/engine/kql/parser.ts';
import { printKql } from '../../../src/engine/kql/printer.ts';
import { evaluateDsl } from './dsl-evaluator.ts';
import { fromNotation, toNotation, valueToNotation, withoutOffsets, type NotationNode } from './notation.ts';
import { STUB_SCHEMA } from './stub-schema.ts';
import { needShared, readShared } from '../../support/shared-data.ts';

const DATA = 'conformance/kql-kibana';
const HAS_DATA = needShared(DATA);
const read = <T>(name: string, empty: T): T => (HAS_DATA ? (JSON.parse(readShared(`${DATA}/${name}`)) as T) : empty);

interface ParseData {
  parse_cases: { kql: string; expected: NotationNode; note: string }[];
  literal_cases: { literal: string; expected: unknown }[];
  to_kql_roundtrip: { kql: string; expected_to_kql: string }[];
}
interface DslCase {
  node: NotationNode;
  kql_equiv: string;
  data_view: 'stub' | null;
  config?: Record<string, unknown>;
  context?: { nested: { path: string } };
  expected?: Record<string, unknown>;
  expected_partial?: Record<string, string>;
}
interface DslData {
  dsl_cases: DslCase[];
  to_kql_cases: { node: NotationNode; expected: string }[];
}
interface Deviations {
  parse_cases: unknown[];
  dsl_cases: { match: { config: Record<string, unknown> }; reason: string }[];
}

const parseData = read<ParseData>('parse_cases.json', { parse_cases: [], literal_cases: [], to_kql_roundtrip: [] });
const dslData = read<DslData>('dsl_cases.json', { dsl_cases: [], to_kql_cases: [] });
const deviations = JSON.parse(readFileSync(new URL('known-deviations.json', import.meta.url), 'utf8')) as Deviations;


if (HAS_DATA) describe('Kibana KQL parse cases', () => {
  let passed = 0;
  it('has no known deviations for parse cases', () => {
    expect(deviations.parse_cases).toEqual([]);
  });

  it.each(parseData.parse_cases.map((c) => [c.note, c] as const))('%s', (_note, c) => {
    expect(toNotation(withoutOffsets(parseKql(c.kql)))).toEqual(c.expected);
    passed++;
  });

  it.each(parseData.literal_cases.map((c) => [c.literal, c] as const))('literal %s', (_literal, c) => {
    expect(valueToNotation(parseKqlLiteral(c.literal))).toEqual(c.expected);
    passed++;
  });

  it.each(parseData.to_kql_roundtrip.map((c) => [c.kql, c] as const))('prints %s as Kibana does', (_kql, c) => {
    const printed = printKql(parseKql(c.kql));
    expect(printed).toBe(c.expected_to_kql);
    expect(withoutOffsets(parseKql(printed))).toEqual(withoutOffsets(parseKql(c.kql)));
    passed++;
  });

  it.each(dslData.to_kql_cases.map((c) => [c.expected, c] as const))('prints %s', (expected, c) => {
    expect(printKql(fromNotation(c.node))).toBe(expected);
    passed++;
  });

  it('summary', () => {
    const total = parseData.parse_cases.length + parseData.literal_cases.length + parseData.to_kql_roundtrip.length + dslData.to_kql_cases.length;
    console.log(`KQL conformance: ${passed}/${total} parse, literal and print cases pass`);
    expect(passed).toBe(total);
  });
});

// ---- DSL translation cases, checked by evaluation ---------------------------------------------

function deviationOf(c: DslCase): string | undefined {
  return deviations.dsl_cases.find((d) =>
    Object.entries(d.match.config).every(([key, value]) => c.config !== undefined && c.config[key] === value),
  )?.reason;
}

/** The query a case describes: the DSL (rebuilt for the partial nested case) and the KQL node, both in nested context if any. */
function caseQueries(c: DslCase): { dsl: Record<string, unknown>; node: KqlNode } {
  let node = fromNotation(c.node);
  let dsl = c.expected;
  if (dsl === undefined) {
    // "nested.query: same as DSL of is(nestedField.child, foo)"
    dsl = { nested: { path: 'nestedField', query: { match: { 'nestedField.child': 'foo' } }, score_mode: 'none' } };
  }
  if (c.context !== undefined) {
    const path = c.context.nested.path;
    node = { type: 'nested', path: { type: 'literal', value: path, quoted: false }, query: node };
    dsl = { nested: { path, query: dsl } };
  }
  return { dsl, node };
}

type Leaf = { field: string; values: unknown[] };

/** Values that should and should not satisfy each leaf of a DSL query, derived from the query itself. */
function leavesOf(dsl: unknown, out: Leaf[] = []): Leaf[] {
  if (Array.isArray(dsl)) {
    for (const item of dsl) leavesOf(item, out);
    return out;
  }
  if (dsl === null || typeof dsl !== 'object') return out;
  const [kind, body] = Object.entries(dsl as Record<string, unknown>)[0] as [string, Record<string, unknown>];
  switch (kind) {
    case 'bool':
      for (const key of ['filter', 'must', 'should', 'must_not']) leavesOf(body[key], out);
      break;
    case 'nested':
      leavesOf(body.query, out);
      break;
    case 'term':
    case 'match':
    case 'match_phrase':
    case 'wildcard': {
      const [field, spec] = Object.entries(body)[0]!;
      const value = typeof spec === 'object' && spec !== null ? (spec as { value: unknown }).value : spec;
      out.push({ field, values: samplesFor(String(value)) });
      break;
    }
    case 'query_string':
      for (const field of (body.fields as string[] | undefined) ?? ['extension', 'machine.os']) out.push({ field, values: samplesFor(String(body.query)) });
      break;
    case 'multi_match':
      out.push({ field: 'bytes', values: [Number(body.query), Number(body.query) + 1] }, { field: 'extension', values: samplesFor(String(body.query)) });
      break;
    case 'range': {
      const [field, bounds] = Object.entries(body)[0] as [string, Record<string, unknown>];
      const bound = Object.entries(bounds).find(([k]) => ['gt', 'gte', 'lt', 'lte'].includes(k))![1];
      out.push({ field, values: rangeSamples(bound) });
      break;
    }
    case 'exists':
      out.push({ field: String(body.field), values: ['x', 0] });
      break;
  }
  return out;
}

function samplesFor(pattern: string): unknown[] {
  const plain = pattern.replace(/\\(.)/g, '$1');
  return [plain.replace(/\*/g, 'x'), plain.replace(/\*/g, ''), `${plain.replace(/\*/g, 'x')} other`, 'other', plain.toUpperCase()];
}

function rangeSamples(bound: unknown): unknown[] {
  if (typeof bound === 'number') return [bound - 1, bound, bound + 1];
  const text = String(bound);
  const time = /^\d+$/.test(text) ? Number(text) : Date.parse(`${text}Z`);
  return [time - 1000, time, time + 1000].map((t) => new Date(t).toISOString());
}

function setPath(doc: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('.');
  let current = doc;
  for (const part of parts.slice(0, -1)) current = (current[part] ??= {}) as Record<string, unknown>;
  current[parts[parts.length - 1]!] = value;
  return doc;
}

/** One document per sample value, stored where `_source` holds the field (multi-fields read their parent). */
function documentsFor(dsl: unknown): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [{}];
  for (const leaf of leavesOf(dsl)) {
    const source = STUB_SCHEMA.lookup(leaf.field).sourceName;
    for (const value of leaf.values) docs.push(setPath({}, source, value));
  }
  return docs;
}

if (HAS_DATA) describe('Kibana KQL DSL translation cases (by evaluation)', () => {
  const results = { agreed: 0, deviations: 0 };
  const cases = dslData.dsl_cases.map((c, i) => [`${i}: ${c.kql_equiv}${c.config ? ` ${JSON.stringify(c.config)}` : ''}`, c] as const);

  it.each(cases)('%s', (_name, c) => {
    const deviation = deviationOf(c);
    if (deviation !== undefined) {
      results.deviations++;
      expect(deviation.length).toBeGreaterThan(0);
      return;
    }
    const { dsl, node } = caseQueries(c);
    const compiled = compileKql(node, { schema: STUB_SCHEMA });
    const docs = documentsFor(dsl);
    const disagreements = docs.filter((doc) => compiled.matches(doc) !== evaluateDsl(dsl, doc, STUB_SCHEMA));
    expect(disagreements).toEqual([]);
    // Non-vacuous: the derived documents include matches and (unless the DSL is match_all) non-matches.
    expect(docs.some((doc) => compiled.matches(doc))).toBe(true);
    expect(docs.some((doc) => !compiled.matches(doc))).toBe(!('match_all' in dsl));
    results.agreed++;
  });

  it('summary', () => {
    console.log(
      `KQL DSL cases: ${results.agreed}/${dslData.dsl_cases.length} agree by evaluation, ${results.deviations} known deviations (known-deviations.json)`,
    );
    expect(results.agreed + results.deviations).toBe(dslData.dsl_cases.length);
  });
});
