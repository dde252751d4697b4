/**
 * EQL expressions, with the precedence of Elasticsearch's EqlBase.g4 (loosest first):
 * `or` < `and` < `not` < comparison (`== != < <= > >=`, not chainable) < `+ -` < `* / %` < unary `- +`
 * < predicate (`:`, `like`, `regex`, `in`, `not in`, with `~` variants) < primary.
 * The predicate attaches to a primary, as in ES: `a + b : "x"` is `a + (b : "x")`.
 */
import {
  FUNCTION_NAMES,
  type ArithOp,
  type Call,
  type CompareOp,
  type Expr,
  type FieldRef,
  type Literal,
  type PatternMatch,
} from './ast.ts';
import { FUNCTION_SIGNATURES, lookupFunction } from './functions.ts';
import type { Token } from './lexer.ts';
import { describe, isKeyword, MAX_TREE_DEPTH, type TokenStream } from './token-stream.ts';

const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>(['==', '!=', '<', '<=', '>', '>=']);
const MATCH_WORDS: Readonly<Record<string, { op: PatternMatch['op']; caseInsensitive: boolean }>> = {
  like: { op: 'like', caseInsensitive: false },
  'like~': { op: 'like', caseInsensitive: true },
  regex: { op: 'regex', caseInsensitive: false },
  'regex~': { op: 'regex', caseInsensitive: true },
};

/** Endgame functions Elasticsearch dropped, with what to use instead. */
const UNSUPPORTED_FUNCTIONS: Readonly<Record<string, string>> = {
  wildcard: "use ':' or 'like' for wildcard matching",
  match: "use 'regex'",
  matchlite: "use 'regex'",
  arraycontains: "comparisons on array fields already match any element, e.g. f : \"x\"",
  arraycount: 'arrays cannot be counted in Elasticsearch EQL',
  arraysearch: 'comparisons on array fields already match any element',
  safe: 'functions already return null on bad input',
};

const NO_EQUALS_REASON = "'=' is not an operator; use '==' (or ':' for case-insensitive wildcard)";

export function parseExpression(ts: TokenStream): Expr {
  return new ExpressionParser(ts).parseOr();
}

class ExpressionParser {
  /** Tree depth of every node built so far, to refuse trees deep enough to overflow later recursion. */
  private readonly depths = new WeakMap<Expr, number>();

  constructor(private readonly ts: TokenStream) {}

  parseOr(): Expr {
    let left = this.parseAnd();
    while (this.ts.acceptWord('or')) {
      const right = this.parseAnd();
      left = this.build({ type: 'or', left, right, start: left.start }, left, right);
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.ts.acceptWord('and')) {
      const right = this.parseNot();
      left = this.build({ type: 'and', left, right, start: left.start }, left, right);
    }
    return left;
  }

  private parseNot(): Expr {
    const not = this.ts.acceptWord('not');
    if (not === undefined) return this.parseComparison();
    const operand = this.ts.nested(() => this.parseNot());
    return this.build({ type: 'not', operand, start: not.start }, operand);
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    this.refuseSingleEquals();
    const opToken = this.ts.peek();
    if (opToken.kind !== 'punct' || !COMPARE_OPS.has(opToken.text)) return left;
    this.ts.next();
    const right = this.parseAdditive();
    this.refuseSingleEquals();
    const chained = this.ts.peek();
    if (chained.kind === 'punct' && COMPARE_OPS.has(chained.text)) {
      this.ts.fail("comparisons cannot be chained (a < b < c); combine them with 'and': a < b and b < c");
    }
    const op = opToken.text as CompareOp;
    return this.build({ type: 'compare', op, left, right, start: left.start }, left, right);
  }

  private refuseSingleEquals(): void {
    if (this.ts.atPunct('=')) this.ts.fail(NO_EQUALS_REASON);
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.ts.atPunct('+') || this.ts.atPunct('-')) {
      const op = this.ts.next().text as ArithOp;
      const right = this.parseMultiplicative();
      left = this.build({ type: 'arith', op, left, right, start: left.start }, left, right);
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.ts.atPunct('*') || this.ts.atPunct('/') || this.ts.atPunct('%')) {
      const op = this.ts.next().text as ArithOp;
      const right = this.parseUnary();
      left = this.build({ type: 'arith', op, left, right, start: left.start }, left, right);
    }
    return left;
  }

  /** `-5` folds into the literal -5 (as ES folds negated constants); unary `+` is the identity. */
  private parseUnary(): Expr {
    const sign = this.ts.acceptPunct('-') ?? this.ts.acceptPunct('+');
    if (sign === undefined) return this.parsePredicate();
    const operand = this.ts.nested(() => this.parseUnary());
    if (sign.text === '+') return operand;
    if (operand.type === 'number') {
      return { type: 'number', value: 0 - operand.value, integer: operand.integer, start: sign.start };
    }
    return this.build({ type: 'negate', operand, start: sign.start }, operand);
  }

  private parsePredicate(): Expr {
    const subject = this.parsePrimary();
    const ts: TokenStream = this.ts;
    const start = subject.start;
    const negated = ts.atWord('not') && (ts.atWord('in', 1) || ts.atWord('in~', 1));
    if (negated) ts.next();
    if (ts.atWord('in') || ts.atWord('in~')) {
      const inToken = ts.next();
      const values = this.parseList(inToken, () => this.parseOr());
      const node = { type: 'in' as const, subject, values, caseInsensitive: inToken.text === 'in~', negated, start };
      return this.build(node, subject, ...values);
    }
    const word = ts.peek();
    const match = ts.atPunct(':') ? { op: ':' as const, caseInsensitive: true } : wordMatch(word);
    if (match === undefined) return subject;
    ts.next();
    const list = ts.atPunct('(');
    const patterns = list ? this.parseList(word, () => this.parsePattern(word)) : [this.parsePattern(word)];
    return this.build({ type: 'match', ...match, subject, patterns, list, start }, subject);
  }

  /** `( item, item, ... )` after `in` / `:` / `like` / `regex`. */
  private parseList<T>(operator: Token, parseItem: () => T): T[] {
    const ts: TokenStream = this.ts;
    const open = ts.expectPunct('(', ` to start the list after '${operator.text}'`);
    if (ts.atPunct(')')) ts.fail(`empty list after '${operator.text}'; give at least one value`);
    return ts.nested(() => {
      const items = [parseItem()];
      while (ts.acceptPunct(',')) items.push(parseItem());
      ts.expectPunct(')', ` to close the list opened at ${ts.where(open.start)}`);
      return items;
    });
  }

  /** Patterns are constants in the ES grammar. */
  private parsePattern(operator: Token): Literal {
    const literal = this.parseLiteral(this.ts.peek());
    if (literal === undefined) {
      this.ts.failExpected(`a literal pattern (e.g. "*.exe") or a parenthesised list of them after '${operator.text}'`);
    }
    this.ts.next();
    return literal;
  }

  /** The literal a token spells, without consuming it. */
  private parseLiteral(token: Token): Literal | undefined {
    const start = token.start;
    switch (token.kind) {
      case 'string':
        return { type: 'string', value: token.value, start };
      case 'integer':
        return this.integerLiteral(token);
      case 'decimal': {
        const value = Number(token.text);
        if (!Number.isFinite(value)) this.ts.fail(`number ${token.text} is too large`, start);
        return { type: 'number', value, integer: false, start };
      }
      case 'ident':
        if (token.text === 'true' || token.text === 'false') {
          return { type: 'boolean', value: token.text === 'true', start };
        }
        if (token.text === 'null') return { type: 'null', start };
        return undefined;
      default:
        return undefined;
    }
  }

  /** Like ES: integers beyond the range of a long become decimals. */
  private integerLiteral(token: Token): Literal {
    const exact = BigInt(token.text);
    const value = Number(token.text);
    if (exact > 9223372036854775807n) {
      if (!Number.isFinite(value)) this.ts.fail(`number ${token.text} is too large`, token.start);
      return { type: 'number', value, integer: false, start: token.start };
    }
    return { type: 'number', value, integer: true, start: token.start };
  }

  private parsePrimary(): Expr {
    const ts: TokenStream = this.ts;
    const token = ts.peek();
    const literal = this.parseLiteral(token);
    if (literal !== undefined) {
      ts.next();
      return literal;
    }
    if (token.kind === 'punct' && token.text === '(') {
      ts.next();
      return ts.nested(() => {
        const inner = this.parseOr();
        ts.expectPunct(')', ` to close the '(' opened at ${ts.where(token.start)}`);
        return inner;
      });
    }
    if (token.kind === 'punct' && token.text === '?') {
      ts.next();
      const name = ts.peek();
      if (name.kind !== 'quoted' && (name.kind !== 'ident' || isKeyword(name) || name.text.endsWith('~'))) {
        ts.failExpected("a field name after '?'");
      }
      return this.parseField(true, token.start);
    }
    if (token.kind === 'quoted') return this.parseField(false, token.start);
    if (token.kind === 'ident' && !isKeyword(token)) {
      if (ts.atPunct('(', 1)) return this.parseCall();
      if (ts.atWord('of', 1)) ts.fail(`process lineage ('${token.text} of [...]') is not supported by Elasticsearch EQL`);
      if (token.text.endsWith('~')) {
        ts.next();
        ts.failExpected(`'(' after the function name '${token.text}'`);
      }
      return this.parseField(false, token.start);
    }
    const hint = isKeyword(token) ? ` ('${token.text}' is a keyword: write \`${token.text}\` for a field of that name)` : '';
    return ts.fail(`expected a value (a field, literal or function call), found ${describe(token)}${hint}`);
  }

  /** `a.b.c`, `` a.`b-c` ``: the segments joined with dots, back-quotes removed. */
  private parseField(optional: boolean, start: number): FieldRef {
    const ts: TokenStream = this.ts;
    const segments = [ts.next().value];
    while (ts.atPunct('.')) {
      ts.next();
      const segment = ts.peek();
      if (isKeyword(segment)) {
        ts.fail(`'${segment.text}' is a keyword; write it in back-quotes (\`${segment.text}\`) inside a field name`);
      }
      if (segment.kind !== 'ident' && segment.kind !== 'quoted') ts.failExpected("a field name after '.'");
      if (segment.text.endsWith('~')) ts.fail(`'~' is not allowed in field names; write \`${segment.text}\``);
      segments.push(ts.next().value);
    }
    if (ts.atPunct('[') && ts.peek(1).kind === 'integer') {
      ts.fail('array indexes (field[0]) are not supported by Elasticsearch EQL');
    }
    return { type: 'field', name: segments.join('.'), optional, start };
  }

  private parseCall(): Call {
    const ts: TokenStream = this.ts;
    const nameToken = ts.next();
    const written = nameToken.text;
    const caseInsensitive = written.endsWith('~');
    const base = caseInsensitive ? written.slice(0, -1) : written;
    const name = lookupFunction(base);
    if (name === undefined) ts.fail(unknownFunctionReason(base), nameToken.start);
    const signature = FUNCTION_SIGNATURES[name];
    if (caseInsensitive && !signature.caseInsensitiveVariant) {
      ts.fail(`'${name}' has no case-insensitive variant; remove the '~'`, nameToken.start);
    }
    const open = ts.next();
    const args: Expr[] = [];
    ts.nested(() => {
      if (!ts.atPunct(')')) {
        args.push(this.parseOr());
        while (ts.acceptPunct(',')) {
          if (args.length === signature.maxArgs) ts.fail(`'${name}' takes ${argumentRange(name)}; this argument is one too many`);
          args.push(this.parseOr());
        }
      }
      ts.expectPunct(')', ` to close the arguments of '${written}' opened at ${ts.where(open.start)}`);
    });
    if (args.length < signature.minArgs) {
      ts.fail(`'${name}' takes ${argumentRange(name)}, found ${args.length}`, nameToken.start);
    }
    return this.build({ type: 'call', name, caseInsensitive, args, start: nameToken.start }, ...args);
  }

  private build<T extends Expr>(node: T, ...children: Expr[]): T {
    let depth = 1;
    for (const child of children) depth = Math.max(depth, (this.depths.get(child) ?? 1) + 1);
    if (depth > MAX_TREE_DEPTH) {
      this.ts.fail(`expression is too deeply nested (more than ${MAX_TREE_DEPTH} levels)`, node.start);
    }
    this.depths.set(node, depth);
    return node;
  }
}

function wordMatch(token: Token): { op: PatternMatch['op']; caseInsensitive: boolean } | undefined {
  return token.kind === 'ident' && Object.hasOwn(MATCH_WORDS, token.text) ? MATCH_WORDS[token.text] : undefined;
}

function argumentRange(name: (typeof FUNCTION_NAMES)[number]): string {
  const { minArgs, maxArgs } = FUNCTION_SIGNATURES[name];
  const plural = (n: number): string => (n === 1 ? 'argument' : 'arguments');
  if (maxArgs === Infinity) return `at least ${minArgs} ${plural(minArgs)}`;
  if (minArgs === maxArgs) return `${minArgs} ${plural(minArgs)}`;
  return `${minArgs} to ${maxArgs} arguments`;
}

function unknownFunctionReason(name: string): string {
  const unsupported = UNSUPPORTED_FUNCTIONS[name.toLowerCase()];
  if (unsupported !== undefined) return `function '${name}' is not supported by Elasticsearch EQL; ${unsupported}`;
  const suggestion = closestFunction(name);
  return `unknown function '${name}'${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`;
}

function closestFunction(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of FUNCTION_NAMES) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Math.max(a.length, b.length);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
