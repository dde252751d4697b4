/**
 * Lucene query syntax as Kibana's Lucene rules reach Elasticsearch: a `query_string` query with the
 * default settings (default operator OR, default field `*`, no whitespace splitting, leading
 * wildcards allowed). A port of the classic `QueryParser.jj` grammar and `QueryParserBase.addClause`,
 * plus Elasticsearch's `QueryStringQueryParser` extensions.
 *
 * Faithful points that surprise rule authors:
 * - Only upper-case `AND`, `OR`, `NOT` (and `&&`, `||`, `!`) are operators; `and`/`or` are terms.
 * - Consecutive bare terms are analysed together (`splitOnWhitespace=false`): `f:(start or stop)` is the
 *   single text "start or stop", which on a keyword field is one exact value (a phrase-like match on text).
 * - `a AND b OR c` is not precedence-based: each operator changes the clause before it (Lucene's
 *   addClause), giving +a +b c here.
 * Unsupported and rejected: fuzzy and proximity (`~`).
 */
import { QuerySyntaxError } from '../errors.ts';
import type { GlobSegment } from '../match/glob.ts';
import { compileLuceneRegex, regexErrorMessage, RegexSyntaxError } from '../match/regex/index.ts';
import type { LuceneClause, LuceneNode, LuceneOccur } from './ast.ts';
import { LuceneLexer, LuceneLexError, type Token, type TokenKind } from './lexer.ts';

/** Deeper nesting than this is rejected, keeping the call stack bounded. */
export const MAX_LUCENE_NESTING = 256;

type Conjunction = 'none' | 'and' | 'or';
type Modifier = 'none' | 'required' | 'prohibited';

const CLAUSE_START: ReadonlySet<TokenKind> = new Set([
  'TERM',
  'STAR',
  'PREFIXTERM',
  'WILDTERM',
  'REGEXPTERM',
  'NUMBER',
  'BAREOPER',
  'RANGEIN_START',
  'RANGEEX_START',
  'QUOTED',
  'LPAREN',
]);
const LOOP_START: ReadonlySet<TokenKind> = new Set([...CLAUSE_START, 'AND', 'OR', 'NOT', 'PLUS', 'MINUS']);
/** Tokens that may not follow a term for it to join a multi-term run (Lucene's `disallowedPostMultiTerm`). */
const NOT_AFTER_MULTI_TERM: ReadonlySet<TokenKind> = new Set(['COLON', 'STAR', 'FUZZY_SLOP', 'CARAT', 'AND', 'OR']);

const TOKEN_NAMES: Partial<Record<TokenKind, string>> = {
  EOF: 'the end of the query',
  RPAREN: "')'",
  LPAREN: "'('",
  COLON: "':'",
  AND: "'AND'",
  OR: "'OR'",
  NOT: "'NOT'",
  RANGE_TO: "'TO'",
  RANGEIN_END: "']'",
  RANGEEX_END: "'}'",
};

class LuceneParser {
  private readonly lexer: LuceneLexer;
  private depth = 0;

  constructor(private readonly text: string) {
    this.lexer = new LuceneLexer(text);
  }

  parseTop(): LuceneNode {
    if (this.lexer.peek().kind === 'EOF') return { type: 'match_all', start: 0 };
    const query = this.query(null);
    this.expect('EOF', 'an operator, a term or the end of the query');
    return query;
  }

  private query(field: string | null): LuceneNode {
    const start = this.lexer.peek().start;
    const clauses: LuceneClause[] = [];
    let first: LuceneNode | null = null;
    if (this.atMultiTerm()) {
      first = this.multiTerm(field, clauses);
    } else {
      const modifier = this.modifier();
      const clause = this.clause(field);
      addClause(clauses, 'none', modifier, clause);
      if (modifier === 'none') first = clause;
    }
    while (LOOP_START.has(this.lexer.peek().kind)) {
      if (this.atMultiTerm()) {
        this.multiTerm(field, clauses);
        continue;
      }
      const conjunction = this.conjunction();
      const modifier = this.modifier();
      addClause(clauses, conjunction, modifier, this.clause(field));
    }
    if (clauses.length === 1 && first !== null) return first;
    return { type: 'bool', clauses, start };
  }

  private atMultiTerm(): boolean {
    const { lexer } = this;
    return lexer.peek(0).kind === 'TERM' && lexer.peek(1).kind === 'TERM' && !NOT_AFTER_MULTI_TERM.has(lexer.peek(2).kind);
  }

  /** Bare terms in a row are analysed as one text (Lucene's MultiTerm with splitOnWhitespace=false). */
  private multiTerm(field: string | null, clauses: LuceneClause[]): LuceneNode {
    const first = this.lexer.next();
    let image = first.image;
    while (this.lexer.peek(0).kind === 'TERM' && !NOT_AFTER_MULTI_TERM.has(this.lexer.peek(1).kind)) {
      image += ` ${this.lexer.next().image}`;
    }
    const query = this.fieldQuery(field, this.unescape(image, first.start), false, first.start);
    // With the default OR operator the joined text is one optional clause (addMultiTermClauses).
    clauses.push({ occur: 'should', query });
    return query;
  }

  private conjunction(): Conjunction {
    const kind = this.lexer.peek().kind;
    if (kind !== 'AND' && kind !== 'OR') return 'none';
    this.lexer.next();
    return kind === 'AND' ? 'and' : 'or';
  }

  private modifier(): Modifier {
    const kind = this.lexer.peek().kind;
    if (kind === 'PLUS') {
      this.lexer.next();
      return 'required';
    }
    if (kind === 'MINUS' || kind === 'NOT') {
      this.lexer.next();
      return 'prohibited';
    }
    return 'none';
  }

  private clause(field: string | null): LuceneNode {
    const { lexer } = this;
    let clauseField = field;
    const head = lexer.peek(0);
    if ((head.kind === 'TERM' || head.kind === 'STAR') && lexer.peek(1).kind === 'COLON') {
      clauseField = head.kind === 'STAR' ? '*' : this.unescape(head.image, head.start);
      lexer.next();
      lexer.next();
    }
    const open = lexer.peek();
    if (open.kind === 'LPAREN') {
      lexer.next();
      if (++this.depth > MAX_LUCENE_NESTING) {
        throw new QuerySyntaxError(`query nests more than ${MAX_LUCENE_NESTING} levels of parentheses`, this.text, open.start);
      }
      const query = this.query(clauseField);
      this.depth--;
      this.expect('RPAREN', "')' to close the '(' at " + String(open.start + 1));
      this.boost();
      return query;
    }
    return this.term(clauseField);
  }

  private term(field: string | null): LuceneNode {
    const token = this.lexer.peek();
    switch (token.kind) {
      case 'TERM':
      case 'NUMBER':
      case 'BAREOPER': {
        this.lexer.next();
        this.fuzzyAndBoost();
        const image = token.kind === 'BAREOPER' ? token.image[0]! : token.image;
        return this.fieldQuery(field, this.unescape(image, token.start), false, token.start);
      }
      case 'STAR':
        this.lexer.next();
        this.fuzzyAndBoost();
        // ES: `*` on the default or `*` field matches everything, on a field it checks existence.
        return field === null || field === '*' ? { type: 'match_all', start: token.start } : { type: 'exists', field, start: token.start };
      case 'PREFIXTERM': {
        this.lexer.next();
        this.fuzzyAndBoost();
        const prefix = this.unescape(token.image.slice(0, -1), token.start);
        return { type: 'wildcard', field, segments: prefix === '' ? ['any'] : [{ literal: prefix }, 'any'], start: token.start };
      }
      case 'WILDTERM':
        this.lexer.next();
        this.fuzzyAndBoost();
        return { type: 'wildcard', field, segments: this.wildcardSegments(token), start: token.start };
      case 'REGEXPTERM': {
        this.lexer.next();
        this.fuzzyAndBoost();
        const pattern = token.image.slice(1, -1);
        this.checkRegex(pattern, token.start + 1);
        return { type: 'regex', field, pattern, start: token.start };
      }
      case 'RANGEIN_START':
      case 'RANGEEX_START':
        return this.range(field);
      case 'QUOTED': {
        this.lexer.next();
        this.fuzzyAndBoost();
        return this.fieldQuery(field, this.unescape(token.image.slice(1, -1), token.start + 1), true, token.start);
      }
      default:
        throw this.unexpected(token, "a term, a quoted phrase, a range or '('");
    }
  }

  private range(field: string | null): LuceneNode {
    const open = this.lexer.next();
    const lower = this.rangeBound();
    this.expect('RANGE_TO', "'TO' between the bounds of a range");
    const upper = this.rangeBound();
    const close = this.lexer.peek();
    if (close.kind !== 'RANGEIN_END' && close.kind !== 'RANGEEX_END') throw this.unexpected(close, "']' or '}' to close the range");
    this.lexer.next();
    this.boost();
    return {
      type: 'range',
      field,
      lower,
      upper,
      includeLower: open.kind === 'RANGEIN_START',
      includeUpper: close.kind === 'RANGEIN_END',
      start: open.start,
    };
  }

  private rangeBound(): string | null {
    const token = this.lexer.peek();
    if (token.kind === 'RANGE_QUOTED') {
      this.lexer.next();
      return this.unescape(token.image.slice(1, -1), token.start + 1);
    }
    if (token.kind === 'RANGE_GOOP' || token.kind === 'RANGE_TO') {
      this.lexer.next();
      return token.image === '*' ? null : this.unescape(token.image, token.start);
    }
    throw this.unexpected(token, 'a range bound');
  }

  /** ES `getFieldQuery`: `_exists_`, and `>`/`<` prefixes on a fielded term, become exists and ranges. */
  private fieldQuery(field: string | null, text: string, quoted: boolean, start: number): LuceneNode {
    if (field === '_exists_') return { type: 'exists', field: text, start };
    if (!quoted && field !== null && text.length > 1 && (text[0] === '>' || text[0] === '<')) {
      const inclusive = text[1] === '=' && text.length > 2;
      const bound = text.slice(inclusive ? 2 : 1);
      return text[0] === '>'
        ? { type: 'range', field, lower: bound, upper: null, includeLower: inclusive, includeUpper: true, start }
        : { type: 'range', field, lower: null, upper: bound, includeLower: true, includeUpper: inclusive, start };
    }
    return { type: 'term', field, text, quoted, start };
  }

  private fuzzyAndBoost(): void {
    this.boost();
    const token = this.lexer.peek();
    if (token.kind === 'FUZZY_SLOP') {
      throw new QuerySyntaxError(`fuzzy and proximity searches ('${token.image}') are not supported`, this.text, token.start);
    }
    this.boost();
  }

  /** `^2`: boosts change scores only, never which documents match, so they are dropped. */
  private boost(): void {
    if (this.lexer.peek().kind !== 'CARAT') return;
    this.lexer.next();
    this.expect('NUMBER', "a number after '^'");
  }

  private wildcardSegments(token: Token): GlobSegment[] {
    const segments: GlobSegment[] = [];
    let run = '';
    const image = token.image;
    for (let i = 0; i < image.length; i++) {
      const c = image[i]!;
      if (c === '\\') {
        run += image[++i] ?? '';
      } else if (c === '*' || c === '?') {
        if (run !== '') segments.push({ literal: run });
        run = '';
        segments.push(c === '*' ? 'any' : 'one');
      } else {
        run += c;
      }
    }
    if (run !== '') segments.push({ literal: run });
    return segments;
  }

  private checkRegex(pattern: string, offset: number): void {
    try {
      compileLuceneRegex(pattern, { caseInsensitive: false });
    } catch (error) {
      if (error instanceof RegexSyntaxError) {
        throw new QuerySyntaxError(regexErrorMessage(error), this.text, offset + error.offset);
      }
      throw error;
    }
  }

  /** Lucene's `discardEscapeChar`: `\x` is x, `\uXXXX` a code unit. */
  private unescape(image: string, offset: number): string {
    let out = '';
    for (let i = 0; i < image.length; i++) {
      const c = image[i]!;
      if (c !== '\\') {
        out += c;
        continue;
      }
      if (i + 1 >= image.length) throw new QuerySyntaxError('a term cannot end with an escape character', this.text, offset + i);
      if (image[i + 1] === 'u') {
        const digits = image.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(digits)) {
          throw new QuerySyntaxError('expected four hex digits after \\u', this.text, offset + i);
        }
        out += String.fromCharCode(parseInt(digits, 16));
        i += 5;
      } else {
        out += image[++i]!;
      }
    }
    return out;
  }

  private expect(kind: TokenKind, description: string): Token {
    const token = this.lexer.peek();
    if (token.kind !== kind) throw this.unexpected(token, description);
    return this.lexer.next();
  }

  private unexpected(token: Token, expected: string): QuerySyntaxError {
    const found = TOKEN_NAMES[token.kind] ?? `'${token.image}'`;
    return new QuerySyntaxError(`expected ${expected} but found ${found}`, this.text, token.start);
  }
}

/** Lucene `QueryParserBase.addClause` with the default OR operator. */
function addClause(clauses: LuceneClause[], conjunction: Conjunction, modifier: Modifier, query: LuceneNode): void {
  // `x AND y` makes the preceding clause required too, unless it is prohibited.
  const previous = clauses[clauses.length - 1];
  if (conjunction === 'and' && previous !== undefined && previous.occur !== 'must_not') {
    clauses[clauses.length - 1] = { occur: 'must', query: previous.query };
  }
  let occur: LuceneOccur = 'should';
  if (modifier === 'prohibited') occur = 'must_not';
  else if (modifier === 'required' || conjunction === 'and') occur = 'must';
  clauses.push({ occur, query });
}

/** Parses a Lucene query. Throws `QuerySyntaxError` with the position of the first problem. */
export function parseLucene(text: string): LuceneNode {
  try {
    return new LuceneParser(text).parseTop();
  } catch (error) {
    if (error instanceof LuceneLexError) throw new QuerySyntaxError(error.message, text, error.offset);
    throw error;
  }
}
