/**
 * A small evaluator of the Elasticsearch query DSL subset Kibana's KQL translation emits (match_all,
 * bool, term, match, match_phrase, multi_match, wildcard, query_string with plain/wildcard terms,
 * range, exists, nested), used to check translation cases by evaluation. Written independently of
 * the engine's compilers, from the same field primitives (getter, analyzer, value forms).
 */
import { compileFieldGetter } from '../../../src/engine/fields/access.ts';
import { analyzeText } from '../../../src/engine/fields/analyzer.ts';
import type { FieldSchema } from '../../../src/engine/fields/schema.ts';
import { booleanForm, keywordForm, numberForm } from '../../../src/engine/fields/values.ts';

type Doc = Record<string, unknown>;
type Dsl = Record<string, unknown>;
type Leaf = string | number | boolean;

export function evaluateDsl(query: Dsl, doc: Doc, schema: FieldSchema, prefix = ''): boolean {
  const [kind, body] = Object.entries(query)[0] as [string, Record<string, unknown>];
  const valuesOf = (field: string): readonly Leaf[] => compileFieldGetter(stripPrefix(schema.lookup(field).sourceName, prefix))(doc);
  switch (kind) {
    case 'match_all':
      return true;
    case 'bool': {
      const all = [...asList(body.filter), ...asList(body.must)];
      const should = asList(body.should);
      const minimum = typeof body.minimum_should_match === 'number' ? body.minimum_should_match : all.length === 0 && should.length > 0 ? 1 : 0;
      return (
        all.every((q) => evaluateDsl(q, doc, schema, prefix)) &&
        !asList(body.must_not).some((q) => evaluateDsl(q, doc, schema, prefix)) &&
        should.filter((q) => evaluateDsl(q, doc, schema, prefix)).length >= minimum
      );
    }
    case 'term': {
      const [field, spec] = Object.entries(body)[0]!;
      const wanted = String(typeof spec === 'object' && spec !== null ? (spec as { value: unknown }).value : spec);
      return valuesOf(field).some((v) => keywordForm(v) === wanted);
    }
    case 'match':
    case 'match_phrase': {
      const [field, wanted] = Object.entries(body)[0]!;
      return matchField(schema, field, valuesOf(field), String(wanted), kind === 'match_phrase');
    }
    case 'multi_match':
      return leafFields(doc).some((field) => matchField(schema, field, compileFieldGetter(field)(doc), String(body.query), body.type === 'phrase'));
    case 'wildcard': {
      const [field, spec] = Object.entries(body)[0]!;
      const pattern = wildcardRegex(String((spec as { value: unknown }).value), false);
      return valuesOf(field).some((v) => pattern.test(keywordForm(v)));
    }
    case 'query_string': {
      const fields = Array.isArray(body.fields) ? (body.fields as string[]) : leafFields(doc);
      const terms = String(body.query).split(/(?<!\\)\s+/).filter((t) => t !== '');
      return terms.some((term) =>
        fields.some((field) => {
          const text = schema.lookup(field).family === 'text';
          const pattern = wildcardRegex(term, text);
          const values = text ? valuesOf(field).flatMap((v) => analyzeText(String(v))) : valuesOf(field).map(keywordForm);
          return values.some((v) => pattern.test(v));
        }),
      );
    }
    case 'range': {
      const [field, bounds] = Object.entries(body)[0] as [string, Record<string, unknown>];
      const family = schema.lookup(field).family;
      const read = (v: unknown): number | string | null =>
        family === 'number' ? numberForm(v as Leaf) : family === 'date' ? parseInstant(String(v)) : String(v);
      return valuesOf(field).some((raw) => {
        const v = read(raw);
        if (v === null) return false;
        const cmp = (bound: unknown): number => {
          const b = read(bound)!;
          return typeof v === 'number' ? v - (b as number) : v < b ? -1 : v > b ? 1 : 0;
        };
        return (
          (bounds.gte === undefined || cmp(bounds.gte) >= 0) &&
          (bounds.lt === undefined || cmp(bounds.lt) < 0) &&
          (bounds.lte === undefined || cmp(bounds.lte) <= 0) &&
          (bounds.gt === undefined || cmp(bounds.gt) > 0)
        );
      });
    }
    case 'exists':
      return valuesOf(String(body.field)).length > 0;
    case 'nested': {
      const path = String(body.path);
      const objects = asObjects(doc, stripPrefix(path, prefix));
      return objects.some((object) => evaluateDsl(body.query as Dsl, object, schema, `${path}.`));
    }
    default:
      throw new Error(`DSL evaluator: unsupported query ${kind}`);
  }
}

function matchField(schema: FieldSchema, field: string, values: readonly Leaf[], wanted: string, phrase: boolean): boolean {
  const mapping = schema.lookup(field);
  switch (mapping.family) {
    case 'text': {
      const query = analyzeText(wanted);
      return values.some((v) => {
        const tokens = analyzeText(String(v));
        if (!phrase) return query.some((t) => tokens.includes(t));
        return query.length > 0 && tokens.some((_, i) => query.every((t, j) => tokens[i + j] === t));
      });
    }
    case 'number':
      return numberForm(wanted) !== null && values.some((v) => numberForm(v) === numberForm(wanted));
    case 'boolean':
      return values.some((v) => booleanForm(v) === booleanForm(wanted));
    case 'date':
      return values.some((v) => parseInstant(String(v)) === parseInstant(wanted));
    default:
      return values.some((v) => keywordForm(v) === wanted);
  }
}

/** ES wildcard syntax (`*`, `?`, `\` escapes) as an anchored regex; lower-cased for text terms. */
function wildcardRegex(pattern: string, lower: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') source += escapeRegex(pattern[++i] ?? '');
    else if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else source += escapeRegex(lower ? c.toLowerCase() : c);
  }
  return new RegExp(`^${source}$`, 'u');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function parseInstant(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const withZone = /(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
  const time = Date.parse(withZone);
  return Number.isNaN(time) ? null : time;
}

function asList(value: unknown): Dsl[] {
  return value === undefined ? [] : Array.isArray(value) ? (value as Dsl[]) : [value as Dsl];
}

function stripPrefix(name: string, prefix: string): string {
  return prefix !== '' && name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

function asObjects(doc: Doc, path: string): Doc[] {
  let current: unknown[] = [doc];
  for (const part of path.split('.')) {
    current = current.flatMap((o) => {
      const next = o !== null && typeof o === 'object' ? (o as Doc)[part] : undefined;
      return Array.isArray(next) ? next : next === undefined ? [] : [next];
    });
  }
  return current.filter((o): o is Doc => o !== null && typeof o === 'object');
}

function leafFields(doc: Doc, prefix = ''): string[] {
  return Object.entries(doc).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? leafFields(value as Doc, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}
