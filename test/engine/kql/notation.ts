/**
 * The conformance data's node notation (see shared/conformance/kql-kibana/README.md) to and from our AST.
 * `*` in `wild` is the KQL wildcard; JS numbers in hand-built Kibana nodes become their string form,
 * which is what the parser would produce for the same text.
 */
import type { GlobSegment } from '../../../src/engine/match/glob.ts';
import type { KqlNode, KqlRangeOp, KqlValue } from '../../../src/engine/kql/ast.ts';

export type NotationValue = { lit: string | number | boolean | null; quoted?: boolean } | { wild: string };
export type NotationNode =
  | { fn: 'is'; field: NotationValue; value: NotationValue }
  | { fn: 'and' | 'or'; args: NotationNode[] }
  | { fn: 'not'; arg: NotationNode }
  | { fn: 'range'; field: NotationValue; op: KqlRangeOp; value: NotationValue }
  | { fn: 'nested'; path: NotationValue; query: NotationNode }
  | { fn: 'exists'; field: NotationValue };

export function toNotation(node: KqlNode): NotationNode {
  switch (node.type) {
    case 'is':
      return { fn: 'is', field: node.field === null ? { lit: null, quoted: false } : valueToNotation(node.field), value: valueToNotation(node.value) };
    case 'and':
    case 'or':
      return { fn: node.type, args: node.args.map(toNotation) };
    case 'not':
      return { fn: 'not', arg: toNotation(node.arg) };
    case 'range':
      return { fn: 'range', field: valueToNotation(node.field), op: node.op, value: valueToNotation(node.value) };
    case 'nested':
      return { fn: 'nested', path: valueToNotation(node.path), query: toNotation(node.query) };
    case 'exists':
      return { fn: 'exists', field: valueToNotation(node.field) };
  }
}

export function valueToNotation(value: KqlValue): NotationValue {
  if (value.type === 'literal') return { lit: value.value, quoted: value.quoted };
  return { wild: value.segments.map((s) => (s === 'any' ? '*' : s === 'one' ? '?' : s.literal)).join('') };
}

export function fromNotation(node: NotationNode): KqlNode {
  switch (node.fn) {
    case 'is': {
      const field = valueFromNotation(node.field);
      return { type: 'is', field: field.type === 'literal' && field.value === null ? null : field, value: valueFromNotation(node.value) };
    }
    case 'and':
    case 'or':
      return { type: node.fn, args: node.args.map(fromNotation) };
    case 'not':
      return { type: 'not', arg: fromNotation(node.arg) };
    case 'range':
      return { type: 'range', field: valueFromNotation(node.field), op: node.op, value: valueFromNotation(node.value) };
    case 'nested':
      return { type: 'nested', path: valueFromNotation(node.path), query: fromNotation(node.query) };
    case 'exists':
      return { type: 'exists', field: valueFromNotation(node.field) };
  }
}

export function valueFromNotation(value: NotationValue): KqlValue {
  if ('wild' in value) {
    const segments: GlobSegment[] = [];
    value.wild.split('*').forEach((part, i) => {
      if (i > 0) segments.push('any');
      if (part !== '') segments.push({ literal: part });
    });
    return { type: 'wildcard', segments };
  }
  const lit = typeof value.lit === 'number' ? String(value.lit) : value.lit;
  return { type: 'literal', value: lit, quoted: value.quoted ?? false };
}

/** Drops `start` offsets so that trees from different texts compare equal. */
export function withoutOffsets<T>(node: T): T {
  return JSON.parse(JSON.stringify(node, (key, v: unknown) => (key === 'start' ? undefined : v))) as T;
}
