/**
 * Tokenizer for Elasticsearch EQL, following the lexer rules of Elasticsearch's EqlBase.g4:
 * keywords are lower-case and case-sensitive (`AND` is an identifier), identifiers are
 * `[A-Za-z_@][A-Za-z0-9_]*`, whitespace is space/tab/CR/LF, comments are `//…` and nestable `/* … *\/`.
 */
import { QuerySyntaxError } from '../errors.ts';

export type TokenKind =
  | 'ident' // identifiers and keywords; `in~`, `startsWith~` etc. keep their `~`
  | 'quoted' // `back-quoted` identifier; value has doubled back-quotes undone
  | 'string'
  | 'integer'
  | 'decimal'
  | 'punct'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** Decoded value: string contents, identifier name, or the operator itself. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** Words the Elasticsearch lexer reserves; they need back-quotes to be used as field names. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'any',
  'by',
  'false',
  'in',
  'join',
  'like',
  'maxspan',
  'not',
  'null',
  'of',
  'or',
  'regex',
  'sample',
  'sequence',
  'true',
  'until',
  'where',
  'with',
]);

/** Longest first, so that `==` wins over `=` and `![` over `!`. */
const PUNCTUATION = ['==', '!=', '<=', '>=', '![', '<', '>', ':', '=', '+', '-', '*', '/', '%', '.', ',', '[', ']', '(', ')', '|', '?'];

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isIdentifierStart = (c: string | undefined): boolean => isLetter(c) || c === '_' || c === '@';
const isIdentifierPart = (c: string | undefined): boolean => isLetter(c) || isDigit(c) || c === '_';
const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const fail = (reason: string, offset: number): never => {
    throw new QuerySyntaxError(reason, text, offset);
  };
  const push = (kind: TokenKind, start: number, end: number, value = text.slice(start, end)): void => {
    tokens.push({ kind, text: text.slice(start, end), value, start, end });
  };

  while (pos < text.length) {
    const c = text[pos] as string;
    if (isWhitespace(c)) {
      pos++;
    } else if (text.startsWith('//', pos)) {
      const newline = text.indexOf('\n', pos);
      pos = newline < 0 ? text.length : newline + 1;
    } else if (text.startsWith('/*', pos)) {
      pos = skipBlockComment(text, pos, fail);
    } else if (text.startsWith('"""', pos)) {
      pos = readRawString(text, pos, push, fail);
    } else if (c === '"') {
      pos = readString(text, pos, push, fail);
    } else if (c === "'") {
      fail('single-quoted strings are not supported by Elasticsearch EQL; use double quotes', pos);
    } else if (c === '?' && (text[pos + 1] === '"' || text[pos + 1] === "'")) {
      fail('?"..." raw strings are not supported by Elasticsearch EQL; use """...""" instead', pos);
    } else if (c === '`') {
      pos = readQuotedIdentifier(text, pos, push, fail);
    } else if (isDigit(c) || (c === '.' && isDigit(text[pos + 1]))) {
      pos = readNumber(text, pos, push);
    } else if (isIdentifierStart(c)) {
      const start = pos++;
      while (isIdentifierPart(text[pos])) pos++;
      // `in~`, `like~`, `startsWith~`: the ES lexer only attaches `~` to words starting with a letter.
      if (text[pos] === '~' && isLetter(text[start])) pos++;
      push('ident', start, pos);
    } else if (text.startsWith('&&', pos) || text.startsWith('||', pos)) {
      fail(`'${text.slice(pos, pos + 2)}' is not an operator; use '${c === '&' ? 'and' : 'or'}'`, pos);
    } else {
      const op = PUNCTUATION.find((p) => text.startsWith(p, pos));
      if (op === undefined) {
        if (c === '!') fail("'!' is not an operator; use 'not' (or '!=' for inequality)", pos);
        const codePoint = text.codePointAt(pos) ?? 0;
        fail(`unexpected character '${String.fromCodePoint(codePoint)}' (U+${hex(codePoint)})`, pos);
      } else {
        push('punct', pos, pos + op.length);
        pos += op.length;
      }
    }
  }
  tokens.push({ kind: 'eof', text: '', value: '', start: text.length, end: text.length });
  return tokens;
}

function hex(codePoint: number): string {
  return codePoint.toString(16).toUpperCase().padStart(4, '0');
}

type Push = (kind: TokenKind, start: number, end: number, value?: string) => void;
type Fail = (reason: string, offset: number) => never;

/** Block comments nest in Elasticsearch (`/* a /* b *\/ c *\/` is one comment). */
function skipBlockComment(text: string, start: number, fail: Fail): number {
  let depth = 0;
  let pos = start;
  while (pos < text.length) {
    if (text.startsWith('/*', pos)) {
      depth++;
      pos += 2;
    } else if (text.startsWith('*/', pos)) {
      depth--;
      pos += 2;
      if (depth === 0) return pos;
    } else {
      pos++;
    }
  }
  return fail("unterminated comment: '/*' has no closing '*/'", start);
}

/**
 * `"""…"""`: backslashes are literal, no line breaks, cannot contain `"""`; like the ES lexer, up to two
 * quotes right after the closing `"""` belong to the string (`"""say "hi""""` is `say "hi"`).
 */
function readRawString(text: string, start: number, push: Push, fail: Fail): number {
  const contentStart = start + 3;
  const close = text.indexOf('"""', contentStart);
  const lineBreak = text.slice(contentStart, close < 0 ? text.length : close).search(/[\r\n]/);
  if (lineBreak >= 0) {
    fail('line break inside a """ string; Elasticsearch raw strings must stay on one line', contentStart + lineBreak);
  }
  if (close < 0) fail('unterminated string: \'"""\' has no closing \'"""\'', start);
  let end = close + 3;
  let extraQuotes = 0;
  while (extraQuotes < 2 && text[end] === '"') {
    end++;
    extraQuotes++;
  }
  push('string', start, end, text.slice(contentStart, close) + '"'.repeat(extraQuotes));
  return end;
}

function readString(text: string, start: number, push: Push, fail: Fail): number {
  let pos = start + 1;
  let value = '';
  for (;;) {
    const c = text[pos];
    if (c === undefined) return fail("unterminated string: '\"' has no closing '\"'", start);
    if (c === '\r' || c === '\n') {
      return fail('line break inside a string; write \\n (or \\r) instead, or close the string', pos);
    }
    if (c === '"') break;
    if (c !== '\\') {
      value += c;
      pos++;
      continue;
    }
    const next = text[pos + 1];
    const simple = next === undefined ? undefined : SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      pos += 2;
    } else if (next === 'u') {
      const escape = /^\\u\{([0-9A-Fa-f]*)\}/.exec(text.slice(pos, pos + 16));
      const digits = escape?.[1];
      if (digits === undefined || digits.length < 2 || digits.length > 8) {
        fail('invalid unicode escape; write \\u{XX} with 2 to 8 hex digits, e.g. \\u{7F} or \\u{1F600}', pos);
      }
      const codePoint = Number.parseInt(digits as string, 16);
      if (codePoint > 0x10ffff) fail(`invalid unicode escape: U+${hex(codePoint)} is beyond U+10FFFF`, pos);
      value += String.fromCodePoint(codePoint);
      pos += (escape as RegExpExecArray)[0].length;
    } else {
      const shown = next === undefined ? '' : next;
      fail(
        `invalid escape '\\${shown}' in string; valid escapes are \\n \\r \\t \\" \\\\ and \\u{XX}, ` +
          'or use a """raw""" string where backslashes are literal',
        pos,
      );
    }
  }
  push('string', start, pos + 1, value);
  return pos + 1;
}

function readQuotedIdentifier(text: string, start: number, push: Push, fail: Fail): number {
  let pos = start + 1;
  let value = '';
  for (;;) {
    const close = text.indexOf('`', pos);
    if (close < 0) return fail("unterminated field name: '`' has no closing '`'", start);
    value += text.slice(pos, close);
    if (text[close + 1] === '`') {
      value += '`';
      pos = close + 2;
    } else {
      pos = close + 1;
      break;
    }
  }
  if (value === '') fail('empty field name: `` needs at least one character between the back-quotes', start);
  push('quoted', start, pos, value);
  return pos;
}

/** INTEGER `\d+`; DECIMAL `\d+.\d*`, `.\d+`, each with an optional exponent (`1e5` is a decimal). */
function readNumber(text: string, start: number, push: Push): number {
  let pos = start;
  let decimal = false;
  while (isDigit(text[pos])) pos++;
  if (text[pos] === '.' && (pos > start || isDigit(text[pos + 1]))) {
    decimal = true;
    pos++;
    while (isDigit(text[pos])) pos++;
  }
  const exponent = /^[eE][+-]?\d+/.exec(text.slice(pos, pos + 400));
  if (exponent !== null) {
    decimal = true;
    pos += exponent[0].length;
  }
  push(decimal ? 'decimal' : 'integer', start, pos);
  return pos;
}
