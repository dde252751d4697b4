import { positionAt, QuerySyntaxError } from '../errors.ts';
import { KEYWORDS, tokenize, type Token } from './lexer.ts';

/**
 * Deepest nesting of parentheses, `not`, unary minus and function calls the parser follows, and the
 * deepest expression tree it builds (long `and`/`or` chains). Keeps recursion in the parser, printer
 * and compiler far from the JavaScript stack limit on hostile input.
 */
export const MAX_NESTING = 200;
export const MAX_TREE_DEPTH = 2000;

/** A cursor over the tokens of one query, with the error helpers every parsing step shares. */
export class TokenStream {
  readonly text: string;
  private readonly tokens: Token[];
  private index = 0;
  private nesting = 0;

  constructor(text: string) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  peek(ahead = 0): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.index + ahead] ?? last;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  /** Is the current token the keyword (or `~` word such as `in~`) `word`? */
  atWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'ident' && token.text === word;
  }

  atPunct(op: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punct' && token.text === op;
  }

  acceptWord(word: string): Token | undefined {
    return this.atWord(word) ? this.next() : undefined;
  }

  acceptPunct(op: string): Token | undefined {
    return this.atPunct(op) ? this.next() : undefined;
  }

  expectWord(word: string, context = ''): Token {
    if (this.atWord(word)) return this.next();
    return this.failExpected(`'${word}'${context}`);
  }

  expectPunct(op: string, context = ''): Token {
    if (this.atPunct(op)) return this.next();
    return this.failExpected(`'${op}'${context}`);
  }

  /** "expected X, found Y" at the current token. */
  failExpected(what: string): never {
    return this.fail(`expected ${what}, found ${describe(this.peek())}`);
  }

  fail(reason: string, offset = this.peek().start): never {
    throw new QuerySyntaxError(reason, this.text, offset);
  }

  /** "1:10", for messages that point back at an opening bracket. */
  where(offset: number): string {
    const { line, column } = positionAt(this.text, offset);
    return `${line}:${column}`;
  }

  /** Runs `parse` one nesting level deeper, failing cleanly instead of overflowing the stack. */
  nested<T>(parse: () => T): T {
    if (this.nesting >= MAX_NESTING) {
      this.fail(`query is nested too deeply (more than ${MAX_NESTING} levels of parentheses, not, - or calls)`);
    }
    this.nesting++;
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }
}

export function isKeyword(token: Token): boolean {
  return token.kind === 'ident' && KEYWORDS.has(token.text);
}

/** How a token is named in error messages. */
export function describe(token: Token): string {
  if (token.kind === 'eof') return 'end of query';
  if (token.kind === 'string') return `string ${shorten(token.text)}`;
  return `'${shorten(token.text)}'`;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
