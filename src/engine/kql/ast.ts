/**
 * Typed AST for KQL (Kibana Query Language), shaped like Kibana's own nodes (`is`, `and`, `or`, `not`,
 * `range`, `nested`, `exists` over literal and wildcard values) so that its parse tests can be checked
 * one to one. The parser produces it, the printer turns it back into query text (print then parse gives
 * the same AST, ignoring `start`), and the compiler turns it into closures once per rule.
 *
 * `start` is the node's character offset in the query text, for errors with a position; it is optional
 * so that hand-built trees (tests, rewrites) need not invent one.
 */
import type { GlobSegment } from '../match/glob.ts';

interface Located {
  readonly start?: number;
}

/**
 * A quoted or unquoted literal. Unquoted `true`/`false`/`null` become boolean/null; every other value,
 * numbers included, stays a string (Elasticsearch coerces it by the field's type later).
 */
export interface KqlLiteral extends Located {
  readonly type: 'literal';
  readonly value: string | boolean | null;
  /** Quoted values are phrases on text fields and never contain wildcards. */
  readonly quoted: boolean;
}

/** An unquoted value with at least one unescaped `*`. Segments are literal runs and `'any'` (KQL has no `?`). */
export interface KqlWildcard extends Located {
  readonly type: 'wildcard';
  readonly segments: readonly GlobSegment[];
}

export type KqlValue = KqlLiteral | KqlWildcard;

/** `field: value`; `field` null is a bare value (`foo`), searched in every field. */
export interface KqlIs extends Located {
  readonly type: 'is';
  readonly field: KqlValue | null;
  readonly value: KqlValue;
}

export type KqlRangeOp = 'lt' | 'lte' | 'gt' | 'gte';

export interface KqlRange extends Located {
  readonly type: 'range';
  readonly field: KqlValue;
  readonly op: KqlRangeOp;
  readonly value: KqlValue;
}

/** Only built programmatically: the parser turns `f:*` into `is(f, *)`, which means the same. */
export interface KqlExists extends Located {
  readonly type: 'exists';
  readonly field: KqlValue;
}

/** `path:{ query }`: `query` (with field names relative to `path`) must hold within one object of `path`. */
export interface KqlNested extends Located {
  readonly type: 'nested';
  readonly path: KqlValue;
  readonly query: KqlNode;
}

export interface KqlAnd extends Located {
  readonly type: 'and';
  readonly args: readonly KqlNode[];
}

export interface KqlOr extends Located {
  readonly type: 'or';
  readonly args: readonly KqlNode[];
}

export interface KqlNot extends Located {
  readonly type: 'not';
  readonly arg: KqlNode;
}

export type KqlNode = KqlIs | KqlRange | KqlExists | KqlNested | KqlAnd | KqlOr | KqlNot;

/** The node an empty query parses to: `*:*`, which matches every document. */
export function matchAllNode(start?: number): KqlIs {
  const star: KqlWildcard = { type: 'wildcard', segments: ['any'] };
  return start === undefined
    ? { type: 'is', field: star, value: star }
    : { type: 'is', field: { ...star, start }, value: { ...star, start }, start };
}

/** Whether a wildcard is exactly one `*` (Kibana's "lone wildcard": exists / all fields). */
export function isLoneWildcard(value: KqlValue | null): boolean {
  return value?.type === 'wildcard' && value.segments.length === 1 && value.segments[0] === 'any';
}

/** A value's text as Elasticsearch receives it (wildcards as `*`, booleans and null spelled out). */
export function valueText(value: KqlValue): string {
  if (value.type === 'literal') return String(value.value);
  return value.segments.map((segment) => (segment === 'any' ? '*' : segment === 'one' ? '?' : segment.literal)).join('');
}
