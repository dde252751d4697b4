/**
 * Tokens of Lucene's classic query parser (`QueryParser.jj`): JavaCC picks the longest match at each
 * position, ties going to the token declared first, with lexical states for ranges and boosts.
 */

export type TokenKind =
  | 'AND'
  | 'OR'
  | 'NOT'
  | 'PLUS'
  | 'MINUS'
  | 'BAREOPER'
  | 'LPAREN'
  | 'RPAREN'
  | 'COLON'
  | 'STAR'
  | 'CARAT'
  | 'QUOTED'
  | 'TERM'
  | 'FUZZY_SLOP'
  | 'PREFIXTERM'
  | 'WILDTERM'
  | 'REGEXPTERM'
  | 'RANGEIN_START'
  | 'RANGEEX_START'
  | 'NUMBER'
  | 'RANGE_TO'
  | 'RANGEIN_END'
  | 'RANGEEX_END'
  | 'RANGE_QUOTED'
  | 'RANGE_GOOP'
  | 'EOF';

export interface Token {
  readonly kind: TokenKind;
  /** The matched text, escapes included. */
  readonly image: string;
  readonly start: number;
}

type LexState = 'default' | 'range' | 'boost';

const WHITESPACE = ' \t\n\r\u3000';
const NOT_TERM_START = ' \t\n\r\u3000+-!():^[]"{}~*?\\/';

export function isLuceneWhitespace(c: string | undefined): boolean {
  return c !== undefined && WHITESPACE.includes(c);
}

export class LuceneLexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export class LuceneLexer {
  private pos = 0;
  private state: LexState = 'default';
  private readonly buffer: Token[] = [];

  constructor(private readonly text: string) {}

  /** The token `ahead` places after the current one (0 = current), without consuming. */
  peek(ahead = 0): Token {
    while (this.buffer.length <= ahead) this.buffer.push(this.lex());
    return this.buffer[ahead]!;
  }

  next(): Token {
    const token = this.peek();
    this.buffer.shift();
    return token;
  }

  private lex(): Token {
    const { text } = this;
    while (this.pos < text.length && isLuceneWhitespace(text[this.pos])) this.pos++;
    const start = this.pos;
    if (start >= text.length) return { kind: 'EOF', image: '', start };
    const candidates =
      this.state === 'range' ? this.rangeCandidates(start) : this.state === 'boost' ? this.boostCandidates(start) : this.defaultCandidates(start);
    let best: { kind: TokenKind; length: number } | null = null;
    for (const candidate of candidates) if (candidate.length > 0 && (best === null || candidate.length > best.length)) best = candidate;
    if (best === null) throw new LuceneLexError(`unexpected character '${text[start]!}'`, start);
    this.pos = start + best.length;
    this.state = nextState(best.kind, this.state);
    return { kind: best.kind, image: text.slice(start, this.pos), start };
  }

  /** In declaration order, so that the first of equally long matches wins. */
  private defaultCandidates(at: number): { kind: TokenKind; length: number }[] {
    const { text } = this;
    const c = text[at]!;
    const term = this.termLength(at);
    const afterTerm = at + term;
    return [
      { kind: 'AND', length: text.startsWith('AND', at) ? 3 : text.startsWith('&&', at) ? 2 : 0 },
      { kind: 'OR', length: text.startsWith('OR', at) || text.startsWith('||', at) ? 2 : 0 },
      { kind: 'NOT', length: text.startsWith('NOT', at) ? 3 : c === '!' ? 1 : 0 },
      { kind: 'PLUS', length: c === '+' ? 1 : 0 },
      { kind: 'MINUS', length: c === '-' ? 1 : 0 },
      { kind: 'BAREOPER', length: '+-!'.includes(c) && isLuceneWhitespace(text[at + 1]) ? 2 : 0 },
      { kind: 'LPAREN', length: c === '(' ? 1 : 0 },
      { kind: 'RPAREN', length: c === ')' ? 1 : 0 },
      { kind: 'COLON', length: c === ':' ? 1 : 0 },
      { kind: 'STAR', length: c === '*' ? 1 : 0 },
      { kind: 'CARAT', length: c === '^' ? 1 : 0 },
      { kind: 'QUOTED', length: this.quotedLength(at) },
      { kind: 'TERM', length: term },
      { kind: 'FUZZY_SLOP', length: c === '~' ? 1 + this.termRun(at + 1) : 0 },
      { kind: 'PREFIXTERM', length: c === '*' ? 1 : term > 0 && text[afterTerm] === '*' ? term + 1 : 0 },
      { kind: 'WILDTERM', length: this.wildLength(at) },
      { kind: 'REGEXPTERM', length: this.regexLength(at) },
      { kind: 'RANGEIN_START', length: c === '[' ? 1 : 0 },
      { kind: 'RANGEEX_START', length: c === '{' ? 1 : 0 },
    ];
  }

  private rangeCandidates(at: number): { kind: TokenKind; length: number }[] {
    const { text } = this;
    const c = text[at]!;
    let goop = 0;
    while (at + goop < text.length && !' ]}'.includes(text[at + goop]!)) goop++;
    return [
      { kind: 'RANGE_TO', length: text.startsWith('TO', at) ? 2 : 0 },
      { kind: 'RANGEIN_END', length: c === ']' ? 1 : 0 },
      { kind: 'RANGEEX_END', length: c === '}' ? 1 : 0 },
      { kind: 'RANGE_QUOTED', length: this.rangeQuotedLength(at) },
      { kind: 'RANGE_GOOP', length: goop },
    ];
  }

  private boostCandidates(at: number): { kind: TokenKind; length: number }[] {
    const match = /^\d+(?:\.\d+)?/.exec(this.text.slice(at, at + 64));
    return [{ kind: 'NUMBER', length: match === null ? 0 : match[0].length }];
  }

  /** Length of one term-start character at `at` (2 for an escape), 0 if none. */
  private termStart(at: number): number {
    const c = this.text[at];
    if (c === undefined) return 0;
    if (c === '\\') return at + 1 < this.text.length ? 2 : 0;
    return NOT_TERM_START.includes(c) ? 0 : 1;
  }

  private termChar(at: number): number {
    const c = this.text[at];
    return c === '-' || c === '+' ? 1 : this.termStart(at);
  }

  /** A run of term characters from `at`. */
  private termRun(at: number): number {
    let i = at;
    for (let step = this.termChar(i); step > 0; step = this.termChar(i)) i += step;
    return i - at;
  }

  private termLength(at: number): number {
    const first = this.termStart(at);
    return first === 0 ? 0 : first + this.termRun(at + first);
  }

  private wildLength(at: number): number {
    const isWild = (i: number): number => (this.text[i] === '*' || this.text[i] === '?' ? 1 : 0);
    const first = this.termStart(at) || isWild(at);
    if (first === 0) return 0;
    let i = at + first;
    for (let step = this.termChar(i) || isWild(i); step > 0; step = this.termChar(i) || isWild(i)) i += step;
    return i - at;
  }

  private quotedLength(at: number): number {
    const { text } = this;
    if (text[at] !== '"') return 0;
    for (let i = at + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return i + 1 - at;
    }
    return 0;
  }

  private regexLength(at: number): number {
    const { text } = this;
    if (text[at] !== '/') return 0;
    for (let i = at + 1; i < text.length; i++) {
      if (text[i] === '\\' && text[i + 1] === '/') i++;
      else if (text[i] === '/') return i + 1 - at;
    }
    return 0;
  }

  private rangeQuotedLength(at: number): number {
    const { text } = this;
    if (text[at] !== '"') return 0;
    for (let i = at + 1; i < text.length; i++) {
      if (text[i] === '\\' && text[i + 1] === '"') i++;
      else if (text[i] === '"') return i - at > 1 ? i + 1 - at : 0;
    }
    return 0;
  }
}

function nextState(kind: TokenKind, state: LexState): LexState {
  if (kind === 'RANGEIN_START' || kind === 'RANGEEX_START') return 'range';
  if (kind === 'CARAT') return 'boost';
  if (kind === 'RANGEIN_END' || kind === 'RANGEEX_END' || kind === 'NUMBER') return 'default';
  return state;
}
