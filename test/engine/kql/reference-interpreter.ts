/**
 * A deliberately simple KQL interpreter that walks the AST for every event, for property tests of the
 * compiled closures. It only knows the evaluation schema of arbitraries.ts (keyword, long, text) and
 * re-implements each rule directly: keyword strings compared as written, wildcards as regexes,
 * `query_string` for non-keyword wildcards as whitespace-separated OR-ed terms.
 */
import { analyzeText } from '../../../src/engine/fields/analyzer.ts';
import type { GlobSegment } from '../../../src/engine/match/glob.ts';
import type { KqlNode, KqlValue } from '../../../src/engine/kql/ast.ts';
import { EVAL_TYPES } from './arbitraries.ts';

type Doc = Record<string, unknown>;
type Leaf = string | number | boolean;

export function referenceMatches(node: KqlNode, doc: Doc, prefix = ''): boolean {
  switch (node.type) {
    case 'and':
      return node.args.every((arg) => referenceMatches(arg, doc, prefix));
    case 'or':
      return node.args.some((arg) => referenceMatches(arg, doc, prefix));
    case 'not':
      return !referenceMatches(node.arg, doc, prefix);
    case 'nested': {
      const path = String((node.path as { value: unknown }).value);
      return objectsAt(doc, path).some((object) => referenceMatches(node.query, object, `${prefix}${path}.`));
    }
    case 'exists':
      return fieldsOf(node.field, doc).some((field) => valuesAt(doc, field).length > 0);
    case 'range': {
      const bound = valueString(node.value);
      return fieldsOf(node.field, doc).some((field) =>
        valuesAt(doc, field).some((v) => {
          const type = typeOf(prefix + field);
          if (type === 'long') {
            if (!isNumeric(bound) || !isNumeric(String(v))) return false;
            return compare(Number(v), Number(bound), node.op);
          }
          if (type === 'text') return analyzeText(String(v)).some((token) => compare(token, bound.toLowerCase(), node.op));
          return compare(String(v), bound, node.op);
        }),
      );
    }
    case 'is': {
      const { value } = node;
      const lone = value.type === 'wildcard' && value.segments.length === 1 && value.segments[0] === 'any';
      const allFields = node.field === null || (node.field.type === 'wildcard' && node.field.segments.length === 1);
      if (lone) return allFields || fieldsOf(node.field, doc).some((field) => valuesAt(doc, field).length > 0);
      const bare = node.field === null || (node.field.type === 'literal' && node.field.value === null);
      return fieldsOf(node.field, doc).some((field) => isMatch(typeOf(prefix + field), valuesAt(doc, field), value, bare));
    }
  }
}

function isMatch(type: string, values: Leaf[], value: KqlValue, bare: boolean): boolean {
  if (value.type === 'literal') return termMatch(type, values, String(value.value), value.quoted);
  // A `wildcard` query for keyword fields; a query_string otherwise (and always for bare values).
  if (type === 'keyword' && !bare) return values.some((v) => globRegex(value.segments, false).test(String(v)));
  return queryStringTerms(valueString(value)).some((term) => {
    if (!term.includes('*')) return termMatch(type, values, term, false);
    if (type === 'long') return false;
    const lower = type === 'text';
    const segments = term.split('*').flatMap((lit, i) => [...(i > 0 ? ['any' as const] : []), ...(lit ? [{ literal: lower ? lit.toLowerCase() : lit }] : [])]);
    const pattern = globRegex(segments, false);
    return lower ? values.some((v) => analyzeText(String(v)).some((token) => pattern.test(token))) : values.some((v) => pattern.test(String(v)));
  });
}

/** Whitespace separates query_string terms, but consecutive plain terms are analysed as one text. */
function queryStringTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const previous = terms[terms.length - 1];
    if (previous !== undefined && !previous.includes('*') && !word.includes('*')) terms[terms.length - 1] = `${previous} ${word}`;
    else terms.push(word);
  }
  return terms;
}

function termMatch(type: string, values: Leaf[], text: string, phrase: boolean): boolean {
  if (type === 'long') return isNumeric(text) && values.some((v) => isNumeric(String(v)) && Number(v) === Number(text));
  if (type === 'text') {
    const query = analyzeText(text);
    if (query.length === 0) return false;
    return values.some((v) => {
      const tokens = analyzeText(String(v));
      return phrase ? tokens.some((_, i) => query.every((q, j) => tokens[i + j] === q)) : query.some((q) => tokens.includes(q));
    });
  }
  return values.some((v) => String(v) === text);
}

function compare<T extends string | number>(a: T, b: T, op: 'lt' | 'lte' | 'gt' | 'gte'): boolean {
  return op === 'lt' ? a < b : op === 'lte' ? a <= b : op === 'gt' ? a > b : a >= b;
}

function isNumeric(text: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(text);
}

function typeOf(field: string): string {
  return (EVAL_TYPES as Record<string, string>)[field] ?? 'keyword';
}

function valueString(value: KqlValue): string {
  if (value.type === 'literal') return String(value.value);
  return value.segments.map((s) => (s === 'any' ? '*' : s === 'one' ? '?' : s.literal)).join('');
}

function globRegex(segments: readonly GlobSegment[], ignoreCase: boolean): RegExp {
  const source = segments.map((s) => (s === 'any' ? '[\\s\\S]*' : s === 'one' ? '[\\s\\S]' : s.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'iu' : 'u');
}

/** Field names a leaf reads in this document: one name, a `k*` pattern, or every leaf (null). */
function fieldsOf(field: KqlValue | null, doc: Doc): string[] {
  if (field === null) return leafPaths(doc);
  if (field.type === 'wildcard') return leafPaths(doc).filter((path) => globRegex(field.segments, false).test(path));
  return field.value === null ? leafPaths(doc) : [String(field.value)];
}

function leafPaths(doc: Doc, prefix = ''): string[] {
  return Object.entries(doc).flatMap(([key, value]) => {
    const items = Array.isArray(value) ? value : [value];
    return items.flatMap((item) =>
      item !== null && typeof item === 'object' ? leafPaths(item as Doc, `${prefix}${key}.`) : item === null ? [] : [`${prefix}${key}`],
    );
  }).filter((path, i, all) => all.indexOf(path) === i);
}

function valuesAt(doc: Doc, field: string): Leaf[] {
  let current: unknown[] = [doc];
  for (const part of field.split('.')) {
    current = current.flatMap((o) => (o !== null && typeof o === 'object' && !Array.isArray(o) ? [(o as Doc)[part]] : [])).flat();
  }
  return current.filter((v): v is Leaf => v !== null && v !== undefined && typeof v !== 'object');
}

function objectsAt(doc: Doc, path: string): Doc[] {
  const value = doc[path];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is Doc => item !== null && typeof item === 'object');
}
