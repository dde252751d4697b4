/**
 * KQL parser: a hand-written port of Kibana's Peggy grammar (`kuery/grammar/grammar.peggy`) that gives
 * the same trees, including its quirks:
 * - `or`/`and` are keywords only between whitespace, `not` only before whitespace, in any letter case;
 *   the keyword test runs at every character of an unquoted value, so `foo:cannot be` stops at "can".
 * - unquoted values keep inner whitespace (`foo:bar baz` is one value) and are trimmed;
 *   unquoted `true`/`false`/`null` become boolean/null, everything else stays a string.
 * - chains of one operator are flat (`a or b or c` is one `or` with three arguments).
 * Unlike Peggy it never re-parses an alternative, so it is linear in the query length.
 */
import { QuerySyntaxError } from '../errors.ts';
import type { GlobSegment } from '../match/glob.ts';
import {
  matchAllNode,
  type KqlLiteral,
  type KqlNode,
  type KqlRangeOp,
  type KqlValue,
  type KqlWildcard,
} from './ast.ts';

/** Deeper nesting than this is rejected: no real rule comes close, and it keeps the call stack bounded. */
export const MAX_KQL_NESTING = 256;

/** The grammar's `Space` rule. */
export function isKqlSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === '\u00a0';
}

/** The grammar's `SpecialCharacter` rule: characters that end an unquoted value unless escaped. */
export const KQL_SPECIAL_CHARACTERS = '\\():<>"*{}';

type ValuePart = string | typeof WILDCARD;
const WILDCARD = Symbol('kql-wildcard');

/** A value list (`field:(a or b)`) before its field is known. */
type PartialQuery = (field: KqlValue | null) => KqlNode;

const HEX = /^[0-9a-fA-F]{4}$/;
const TRIMMED = /\s/;

class KqlParser {
  private pos = 0;
  private depth = 0;
  private failPos = 0;
  private readonly expected = new Set<string>();
  private readonly literalCache = new Map<number, { node: KqlValue; end: number } | null>();

  constructor(private readonly text: string) {}

  parseQuery(): KqlNode {
    this.skipSpaces();
    const query = this.orQuery();
    this.skipSpaces();
    if (query !== null && this.pos === this.text.length) return query;
    if (query === null && this.pos === this.text.length) return matchAllNode(this.pos);
    this.fail('end of query');
    throw this.error();
  }

  parseLiteral(): KqlValue {
    const literal = this.literal('literal');
    if (literal !== null && this.pos === this.text.length) return literal;
    this.fail('end of literal');
    throw this.error();
  }

  // ---- boolean structure --------------------------------------------------------------------

  private orQuery(): KqlNode | null {
    const start = this.pos;
    const head = this.andQuery();
    if (head === null) return null;
    const args = [head];
    for (;;) {
      const save = this.pos;
      if (!this.keyword('or', true)) break;
      const next = this.andQuery();
      if (next === null) {
        this.pos = save;
        break;
      }
      args.push(next);
    }
    return args.length === 1 ? head : { type: 'or', args, start };
  }

  private andQuery(): KqlNode | null {
    const start = this.pos;
    const head = this.notQuery();
    if (head === null) return null;
    const args = [head];
    for (;;) {
      const save = this.pos;
      if (!this.keyword('and', true)) break;
      const next = this.notQuery();
      if (next === null) {
        this.pos = save;
        break;
      }
      args.push(next);
    }
    return args.length === 1 ? head : { type: 'and', args, start };
  }

  private notQuery(): KqlNode | null {
    const start = this.pos;
    if (this.keyword('not', false)) {
      const arg = this.subQuery();
      if (arg !== null) return { type: 'not', arg, start };
      this.pos = start;
    }
    return this.subQuery();
  }

  private subQuery(): KqlNode | null {
    const start = this.pos;
    if (this.char('(')) {
      this.enter(start);
      this.skipSpaces();
      const query = this.orQuery();
      if (query !== null) {
        this.skipSpaces();
        if (this.char(')')) {
          this.depth--;
          return query;
        }
      }
      this.depth--;
      this.pos = start;
    }
    return this.nestedQuery();
  }

  private nestedQuery(): KqlNode | null {
    const start = this.pos;
    const path = this.literal('a field name');
    if (path !== null) {
      this.skipSpaces();
      if (this.char(':')) {
        this.skipSpaces();
        const braceAt = this.pos;
        if (this.char('{')) {
          this.enter(braceAt);
          this.skipSpaces();
          const query = this.orQuery();
          if (query !== null) {
            this.skipSpaces();
            if (this.char('}')) {
              this.depth--;
              return { type: 'nested', path, query, start };
            }
          }
          this.depth--;
        }
      }
    }
    this.pos = start;
    return this.expression();
  }

  // ---- expressions --------------------------------------------------------------------------

  private expression(): KqlNode | null {
    return this.rangeExpression() ?? this.fieldValueExpression() ?? this.valueExpression();
  }

  private rangeExpression(): KqlNode | null {
    const start = this.pos;
    const field = this.literal('a field name');
    if (field !== null) {
      this.skipSpaces();
      const op = this.rangeOperator();
      if (op !== null) {
        this.skipSpaces();
        const value = this.literal(`a value after '${RANGE_SYMBOLS[op]}'`);
        if (value !== null) return { type: 'range', field, op, value, start };
      }
    }
    this.pos = start;
    return null;
  }

  private fieldValueExpression(): KqlNode | null {
    const start = this.pos;
    const field = this.literal('a field name');
    if (field !== null) {
      this.skipSpaces();
      if (this.char(':')) {
        this.skipSpaces();
        const values = this.listOfValues();
        if (values !== null) return values(fieldOrBare(field));
      }
    }
    this.pos = start;
    return null;
  }

  private valueExpression(): KqlNode | null {
    const value = this.value();
    return value === null ? null : value(null);
  }

  // ---- value lists: `field:(a or b and not c)` ------------------------------------------------

  private listOfValues(): PartialQuery | null {
    const start = this.pos;
    if (this.char('(')) {
      this.enter(start);
      this.skipSpaces();
      const list = this.orListOfValues();
      if (list !== null) {
        this.skipSpaces();
        if (this.char(')')) {
          this.depth--;
          return list;
        }
      }
      this.depth--;
      this.pos = start;
    }
    return this.value();
  }

  private orListOfValues(): PartialQuery | null {
    return this.listChain('or', () => this.andListOfValues());
  }

  private andListOfValues(): PartialQuery | null {
    return this.listChain('and', () => this.notListOfValues());
  }

  private listChain(op: 'and' | 'or', operand: () => PartialQuery | null): PartialQuery | null {
    const start = this.pos;
    const head = operand();
    if (head === null) return null;
    const parts = [head];
    for (;;) {
      const save = this.pos;
      if (!this.keyword(op, true)) break;
      const next = operand();
      if (next === null) {
        this.pos = save;
        break;
      }
      parts.push(next);
    }
    if (parts.length === 1) return head;
    return (field) => ({ type: op, args: parts.map((part) => part(field)), start });
  }

  private notListOfValues(): PartialQuery | null {
    const start = this.pos;
    if (this.keyword('not', false)) {
      const arg = this.listOfValues();
      if (arg !== null) return (field) => ({ type: 'not', arg: arg(field), start });
      this.pos = start;
    }
    return this.listOfValues();
  }

  private value(): PartialQuery | null {
    const start = this.pos;
    const value = this.literal('a value');
    if (value === null) return null;
    return (field) => ({ type: 'is', field, value, start });
  }

  // ---- literals -----------------------------------------------------------------------------

  private literal(description: string): KqlValue | null {
    const start = this.pos;
    const cached = this.literalCache.get(start);
    if (cached !== undefined) {
      if (cached === null) {
        this.fail(description);
        return null;
      }
      this.pos = cached.end;
      return cached.node;
    }
    const node = this.quotedString() ?? this.unquotedLiteral();
    if (node === null) this.fail(description);
    this.literalCache.set(start, node === null ? null : { node, end: this.pos });
    return node;
  }

  private quotedString(): KqlLiteral | null {
    const { text } = this;
    const start = this.pos;
    if (text[start] !== '"') return null;
    let value = '';
    let i = start + 1;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        this.pos = i + 1;
        return { type: 'literal', value, quoted: true, start };
      }
      if (c === '\\') {
        const whitespace = this.escapedWhitespace(i);
        if (whitespace !== null) {
          value += whitespace;
          i += 2;
          continue;
        }
        const unicode = this.escapedUnicode(i);
        if (unicode !== null) {
          value += unicode;
          i += 6;
          continue;
        }
        const next = text[i + 1];
        if (next === '\\' || next === '"') {
          value += next;
          i += 2;
          continue;
        }
      }
      value += c;
      i++;
    }
    this.failAt(text.length, 'a closing \'"\'');
    return null;
  }

  private unquotedLiteral(): KqlValue | null {
    const { text } = this;
    const start = this.pos;
    const parts: ValuePart[] = [];
    let i = start;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\\') {
        const escaped = this.escapedWhitespace(i);
        if (escaped !== null) {
          parts.push(escaped);
          i += 2;
          continue;
        }
        const next = text[i + 1];
        if (next !== undefined && KQL_SPECIAL_CHARACTERS.includes(next)) {
          parts.push(next);
          i += 2;
          continue;
        }
        const unicode = this.escapedUnicode(i);
        if (unicode !== null) {
          parts.push(unicode);
          i += 6;
          continue;
        }
        const keyword = this.escapedKeyword(i);
        if (keyword !== null) {
          parts.push(keyword);
          i += 1 + keyword.length;
          continue;
        }
        break;
      }
      if (c === '*') {
        parts.push(WILDCARD);
        i++;
        continue;
      }
      if (KQL_SPECIAL_CHARACTERS.includes(c) || this.keywordAhead(i)) break;
      parts.push(c);
      i++;
    }
    if (parts.length === 0) return null;
    this.pos = i;
    return buildUnquoted(trimParts(parts), start);
  }

  private escapedWhitespace(i: number): string | null {
    if (this.text[i] !== '\\') return null;
    const next = this.text[i + 1];
    return next === 't' ? '\t' : next === 'r' ? '\r' : next === 'n' ? '\n' : null;
  }

  private escapedUnicode(i: number): string | null {
    if (this.text[i] !== '\\' || this.text[i + 1] !== 'u') return null;
    const digits = this.text.slice(i + 2, i + 6);
    return HEX.test(digits) ? String.fromCharCode(parseInt(digits, 16)) : null;
  }

  private escapedKeyword(i: number): string | null {
    for (const keyword of ['or', 'and', 'not']) {
      const found = this.text.slice(i + 1, i + 1 + keyword.length);
      if (found.toLowerCase() === keyword) return found;
    }
    return null;
  }

  /** The grammar's `Keyword` lookahead inside unquoted values. */
  private keywordAhead(i: number): boolean {
    const { text } = this;
    if (isKqlSpace(text[i])) {
      for (const keyword of ['or', 'and']) {
        const end = i + 1 + keyword.length;
        if (text.slice(i + 1, end).toLowerCase() === keyword && isKqlSpace(text[end])) return true;
      }
      return false;
    }
    return text.slice(i, i + 3).toLowerCase() === 'not' && isKqlSpace(text[i + 3]);
  }

  // ---- tokens -------------------------------------------------------------------------------

  /** `Space+ or Space+` (surrounded) or `not Space+` (not surrounded). */
  private keyword(word: 'or' | 'and' | 'not', surrounded: boolean): boolean {
    const start = this.pos;
    if (surrounded) {
      if (!isKqlSpace(this.text[this.pos])) {
        this.fail(word.toUpperCase());
        return false;
      }
      this.skipSpaces();
    }
    const found = this.text.slice(this.pos, this.pos + word.length);
    if (found.toLowerCase() !== word || !isKqlSpace(this.text[this.pos + word.length])) {
      this.fail(word.toUpperCase());
      this.pos = start;
      return false;
    }
    this.pos += word.length;
    this.skipSpaces();
    return true;
  }

  private rangeOperator(): KqlRangeOp | null {
    const two = this.text.slice(this.pos, this.pos + 2);
    if (two === '<=' || two === '>=') {
      this.pos += 2;
      return two === '<=' ? 'lte' : 'gte';
    }
    const one = this.text[this.pos];
    if (one === '<' || one === '>') {
      this.pos++;
      return one === '<' ? 'lt' : 'gt';
    }
    return null;
  }

  private char(c: string): boolean {
    if (this.text[this.pos] === c) {
      this.pos++;
      return true;
    }
    this.fail(`'${c}'`);
    return false;
  }

  private skipSpaces(): void {
    while (isKqlSpace(this.text[this.pos])) this.pos++;
  }

  private enter(at: number): void {
    if (++this.depth > MAX_KQL_NESTING) {
      throw new QuerySyntaxError(`query nests more than ${MAX_KQL_NESTING} levels of parentheses or braces`, this.text, at);
    }
  }

  // ---- errors (Peggy-style: report what was expected at the furthest failure) ------------------

  private fail(description: string): void {
    this.failAt(this.pos, description);
  }

  private failAt(pos: number, description: string): void {
    if (pos > this.failPos) {
      this.failPos = pos;
      this.expected.clear();
    }
    if (pos === this.failPos) this.expected.add(description);
  }

  private error(): QuerySyntaxError {
    const pos = this.failPos;
    const found = pos >= this.text.length ? 'the end of the query' : `'${this.text[pos]}'`;
    let before = pos - 1;
    while (before >= 0 && isKqlSpace(this.text[before])) before--;
    const after = before >= 0 && ':<>{('.includes(this.text[before]!) ? ` after '${this.text[before]}'` : '';
    return new QuerySyntaxError(`expected ${describeExpected([...this.expected])}${after} but found ${found}`, this.text, pos);
  }
}

const RANGE_SYMBOLS: Record<KqlRangeOp, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

function describeExpected(expected: string[]): string {
  // Keyword alternatives are noise next to what actually belongs here; keep them only if alone.
  const main = expected.filter((e) => !['OR', 'AND', 'NOT', 'end of query'].includes(e));
  const shown = main.length > 0 ? main : expected;
  if (shown.length <= 1) return shown[0] ?? 'a query';
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]!}`;
}

function trimParts(parts: ValuePart[]): ValuePart[] {
  let first = 0;
  let last = parts.length - 1;
  while (first <= last && isTrimmed(parts[first]!)) first++;
  while (last >= first && isTrimmed(parts[last]!)) last--;
  return parts.slice(first, last + 1);
}

function isTrimmed(part: ValuePart): boolean {
  return typeof part === 'string' && TRIMMED.test(part);
}

function buildUnquoted(parts: ValuePart[], start: number): KqlValue {
  if (!parts.includes(WILDCARD)) {
    const text = parts.join('');
    const value = text === 'null' ? null : text === 'true' ? true : text === 'false' ? false : text;
    return { type: 'literal', value, quoted: false, start };
  }
  const segments: GlobSegment[] = [];
  let run = '';
  for (const part of parts) {
    if (part === WILDCARD) {
      if (run !== '') segments.push({ literal: run });
      run = '';
      segments.push('any');
    } else {
      run += part;
    }
  }
  if (run !== '') segments.push({ literal: run });
  const wildcard: KqlWildcard = { type: 'wildcard', segments, start };
  return wildcard;
}

/** An unquoted `null` field is Kibana's "no field" (a bare value). */
function fieldOrBare(field: KqlValue): KqlValue | null {
  return field.type === 'literal' && field.value === null ? null : field;
}

/** Parses a KQL query. Throws `QuerySyntaxError` with the position of the first problem. */
export function parseKql(text: string): KqlNode {
  return new KqlParser(text).parseQuery();
}

/** Parses one literal (Kibana's `fromLiteralExpression`): a quoted or unquoted value, possibly a wildcard. */
export function parseKqlLiteral(text: string): KqlValue {
  return new KqlParser(text).parseLiteral();
}
