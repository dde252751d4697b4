/**
 * Parser for Lucene's RegExp syntax with the flags Elasticsearch enables for `regexp` queries and
 * EQL `regex` (`RegExp.ALL | DEPRECATED_COMPLEMENT`): `&` intersection, `~` complement, `#` empty
 * language, `@` any string, `<n-m>` numeric interval. Named automata `<name>` parse but ES provides
 * none, so they are rejected as Lucene does at build time.
 *
 * The grammar mirrors Lucene's recursive descent, quirks included: a character that cannot start an
 * operator is a literal wherever it stands (a leading `*`, `+`, `?`, `{` or `|`, a `]` or `}`), so
 * there is no "nothing to repeat" error. `\d \D \s \S \w \W` are ASCII classes (Lucene ≥ 8.6);
 * a backslash before any other ASCII letter is an error; before anything else it escapes it.
 */
import type { RegexNode } from './ast.ts';
import { ANY_CHAR, caseAlternates, charRange, complementSet, unionSets, type CharSet } from './charset.ts';
import { decimalInterval } from './interval.ts';
import { RegexSyntaxError } from './syntax-error.ts';

/** Nesting deeper than this is surely not a real rule, and would exhaust the stack. */
const MAX_NESTING = 500;
const MAX_INT = 2 ** 31 - 1;

const DIGITS: CharSet = charRange(0x30, 0x39);
const SPACES: CharSet = unionSets([charRange(0x09, 0x0a), charRange(0x0d, 0x0d), charRange(0x20, 0x20)]);
const WORD: CharSet = unionSets([DIGITS, charRange(0x41, 0x5a), charRange(0x5f, 0x5f), charRange(0x61, 0x7a)]);
const PREDEFINED: Readonly<Record<string, CharSet>> = {
  d: DIGITS,
  D: complementSet(DIGITS),
  s: SPACES,
  S: complementSet(SPACES),
  w: WORD,
  W: complementSet(WORD),
};

export function parseLuceneRegex(pattern: string, caseInsensitive: boolean): RegexNode {
  return new Parser(pattern, caseInsensitive).parse();
}

class Parser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly pattern: string,
    private readonly caseInsensitive: boolean,
  ) {}

  parse(): RegexNode {
    if (this.pattern === '') return { kind: 'literal', text: '' };
    const node = this.union();
    // Only an unmatched ')' can stop the top-level union early.
    if (this.more()) throw new RegexSyntaxError(`unmatched ')'`, this.position);
    return node;
  }

  private union(): RegexNode {
    const options = [this.intersection()];
    while (this.match('|')) options.push(this.intersection());
    return options.length === 1 ? (options[0] as RegexNode) : { kind: 'union', options };
  }

  private intersection(): RegexNode {
    let node = this.concat();
    for (let offset = this.position; this.match('&'); offset = this.position) {
      node = { kind: 'intersection', left: node, right: this.concat(), offset };
    }
    return node;
  }

  private concat(): RegexNode {
    const parts = [this.repeat()];
    while (this.more() && !this.peek(')|&')) parts.push(this.repeat());
    return parts.length === 1 ? (parts[0] as RegexNode) : joinLiterals(parts);
  }

  private repeat(): RegexNode {
    const offset = this.position;
    let node = this.complement();
    while (this.peek('?*+{')) {
      const operator = this.next();
      if (operator === 0x3f) node = { kind: 'repeat', of: node, min: 0, max: 1, offset };
      else if (operator === 0x2a) node = { kind: 'repeat', of: node, min: 0, max: Infinity, offset };
      else if (operator === 0x2b) node = { kind: 'repeat', of: node, min: 1, max: Infinity, offset };
      else node = this.bounds(node, offset, this.position - 1);
    }
    return node;
  }

  /** `{n}`, `{n,}`, `{n,m}` after the `{` at `brace`. */
  private bounds(of: RegexNode, offset: number, brace: number): RegexNode {
    const min = this.integer();
    if (min === undefined) throw new RegexSyntaxError(`expected a number after '{'`, this.position);
    let max = min;
    if (this.match(',')) max = this.integer() ?? Infinity;
    if (!this.match('}')) throw new RegexSyntaxError(`unclosed repetition '{'`, brace);
    if (min > max) throw new RegexSyntaxError(`invalid repetition range {${min},${max}}: minimum above maximum`, brace);
    return { kind: 'repeat', of, min, max, offset };
  }

  private integer(): number | undefined {
    const start = this.position;
    while (this.peek('0123456789')) this.position++;
    if (start === this.position) return undefined;
    const value = Number(this.pattern.slice(start, this.position));
    if (value > MAX_INT) throw new RegexSyntaxError('repetition count is out of range', start);
    return value;
  }

  private complement(): RegexNode {
    const offset = this.position;
    if (!this.match('~')) return this.characterClass();
    return this.nested(offset, () => ({ kind: 'complement', of: this.complement(), offset }));
  }

  private characterClass(): RegexNode {
    const open = this.position;
    if (!this.match('[')) return this.simple();
    const negate = this.match('^');
    const members: CharSet[] = [];
    do members.push(this.unclosedAtEnd('unclosed character class', open, () => this.classMember()));
    while (this.more() && !this.peek(']'));
    if (!this.match(']')) throw new RegexSyntaxError('unclosed character class', open);
    const set = unionSets(members);
    return { kind: 'chars', set: negate ? complementSet(set) : set };
  }

  /** One class member: a predefined class, an escaped character, a range or a character. */
  private classMember(): CharSet {
    const start = this.position;
    const escaped = this.escape();
    if (escaped !== undefined) return typeof escaped === 'number' ? charRange(escaped, escaped) : escaped;
    const from = this.next();
    if (this.match('-')) {
      this.match('\\'); // the range end may be escaped
      const to = this.next();
      if (from > to) {
        throw new RegexSyntaxError(`invalid character range ${this.pattern.slice(start, this.position)}: start above end`, start);
      }
      return charRange(from, to);
    }
    return this.caseInsensitive ? caseAlternates(from) : charRange(from, from);
  }

  private simple(): RegexNode {
    const start = this.position;
    if (this.match('.')) return { kind: 'chars', set: ANY_CHAR };
    if (this.match('#')) return { kind: 'nothing' };
    if (this.match('@')) return { kind: 'anything' };
    if (this.match('"')) {
      const end = this.pattern.indexOf('"', this.position);
      if (end < 0) throw new RegexSyntaxError('unclosed quoted string', start);
      this.position = end + 1;
      return { kind: 'literal', text: this.pattern.slice(start + 1, end) };
    }
    if (this.match('(')) {
      if (this.match(')')) return { kind: 'literal', text: '' };
      const inner = this.unclosedAtEnd(`unclosed group '('`, start, () => this.nested(start, () => this.union()));
      if (!this.match(')')) throw new RegexSyntaxError(`unclosed group '('`, start);
      return inner;
    }
    if (this.match('<')) return this.interval(start);
    const escaped = this.escape();
    if (typeof escaped === 'object') return { kind: 'chars', set: escaped };
    return { kind: 'literal', text: String.fromCodePoint(escaped ?? this.next()) };
  }

  /** After `\`: a predefined class, or the escaped code point; undefined when there is no `\`. */
  private escape(): CharSet | number | undefined {
    const start = this.position;
    if (!this.match('\\')) return undefined;
    const code = this.next();
    const letter = String.fromCodePoint(code);
    const predefined = PREDEFINED[letter];
    if (predefined) return predefined;
    if (/^[A-Za-z]$/.test(letter)) {
      throw new RegexSyntaxError(`invalid escape \\${letter}: only \\d \\D \\s \\S \\w \\W are classes`, start);
    }
    return code;
  }

  /** `<n-m>` after the `<` at `start`. */
  private interval(start: number): RegexNode {
    const end = this.pattern.indexOf('>', this.position);
    if (end < 0) throw new RegexSyntaxError(`unclosed numeric interval '<'`, start);
    const body = this.pattern.slice(this.position, end);
    this.position = end + 1;
    if (!body.includes('-')) throw new RegexSyntaxError(`named automaton <${body}> is not available`, start);
    const bounds = /^(\d+)-(\d+)$/.exec(body);
    const low = Number(bounds?.[1]);
    const high = Number(bounds?.[2]);
    if (!bounds || low > MAX_INT || high > MAX_INT) throw new RegexSyntaxError(`invalid numeric interval <${body}>`, start);
    const digits = bounds[1]?.length === bounds[2]?.length ? (bounds[1]?.length ?? 0) : 0;
    return decimalInterval(Math.min(low, high), Math.max(low, high), digits);
  }

  /** Running out of pattern inside a construct reports the construct, not the end. */
  private unclosedAtEnd<T>(message: string, open: number, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof RegexSyntaxError && error.offset === this.pattern.length && !this.more()) {
        throw new RegexSyntaxError(message, open);
      }
      throw error;
    }
  }

  private nested(offset: number, parse: () => RegexNode): RegexNode {
    if (++this.depth > MAX_NESTING) throw new RegexSyntaxError('pattern is nested too deeply', offset);
    const node = parse();
    this.depth--;
    return node;
  }

  private more(): boolean {
    return this.position < this.pattern.length;
  }

  private peek(chars: string): boolean {
    const code = this.pattern.codePointAt(this.position);
    return code !== undefined && chars.includes(String.fromCodePoint(code));
  }

  private match(char: string): boolean {
    if (!this.pattern.startsWith(char, this.position)) return false;
    this.position += char.length;
    return true;
  }

  private next(): number {
    const code = this.pattern.codePointAt(this.position);
    if (code === undefined) throw new RegexSyntaxError('unexpected end of pattern', this.position);
    this.position += code > 0xffff ? 2 : 1;
    return code;
  }
}

/** Adjacent literals become one (as Lucene does), which the required-literal analysis relies on. */
function joinLiterals(parts: readonly RegexNode[]): RegexNode {
  const joined: RegexNode[] = [];
  for (const part of parts) {
    const last = joined[joined.length - 1];
    if (part.kind === 'literal' && last?.kind === 'literal') joined[joined.length - 1] = { kind: 'literal', text: last.text + part.text };
    else joined.push(part);
  }
  return joined.length === 1 ? (joined[0] as RegexNode) : { kind: 'concat', parts: joined };
}
