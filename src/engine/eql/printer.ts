/**
 * Prints an EQL AST as Elasticsearch EQL text. `parseEql(printEql(q))` equals `q` apart from `start`
 * offsets. Parentheses are added only where precedence requires them; strings use a `"""raw"""` form
 * when that is shorter to read (backslashes) and safe, otherwise a regular string with escapes.
 */
import type { EqlQuery, EventQuery, Expr, FieldRef, Literal, Pipe, Sample, Sequence, TimeSpan } from './ast.ts';
import { KEYWORDS } from './lexer.ts';

/** Binding strength, loosest first; mirrors the parser's precedence climbing. */
const enum Level {
  Or = 1,
  And,
  Not,
  Compare,
  Additive,
  Multiplicative,
  Unary,
  Predicate,
  Primary,
}

export function printEql(query: EqlQuery): string {
  const body = query.body;
  const text = body.type === 'event' ? printEventQuery(body) : body.type === 'sequence' ? printSequence(body) : printSample(body);
  return text + query.pipes.map(printPipe).join('');
}

export function printExpr(expr: Expr): string {
  return print(expr);
}

function printPipe(pipe: Pipe): string {
  return ` | ${pipe.type} ${pipe.count}`;
}

function printEventQuery(query: EventQuery): string {
  return `${printCategory(query.category)} where ${print(query.condition)}`;
}

function printCategory(category: string | null): string {
  if (category === null) return 'any';
  return isPlainIdentifier(category) ? category : printString(category);
}

function printKeys(keys: readonly FieldRef[]): string {
  return keys.length === 0 ? '' : ` by ${keys.map((key) => print(key)).join(', ')}`;
}

function printTimeSpan(span: TimeSpan): string {
  return `${span.value}${span.unit}`;
}

function printSequence(sequence: Sequence): string {
  let text = `sequence${printKeys(sequence.by)}`;
  if (sequence.maxspan !== null) text += ` with maxspan=${printTimeSpan(sequence.maxspan)}`;
  for (const clause of sequence.clauses) {
    const open = clause.missing ? '![' : '[';
    const runs = clause.runs === 1 ? '' : ` with runs=${clause.runs}`;
    text += `\n  ${open}${printEventQuery(clause.query)}]${printKeys(clause.by)}${runs}`;
  }
  if (sequence.until !== null) {
    text += `\nuntil [${printEventQuery(sequence.until.query)}]${printKeys(sequence.until.by)}`;
  }
  return text;
}

function printSample(sample: Sample): string {
  let text = `sample${printKeys(sample.by)}`;
  for (const clause of sample.clauses) text += `\n  [${printEventQuery(clause.query)}]${printKeys(clause.by)}`;
  return text;
}

function levelOf(expr: Expr): Level {
  switch (expr.type) {
    case 'or':
      return Level.Or;
    case 'and':
      return Level.And;
    case 'not':
      return Level.Not;
    case 'compare':
      return Level.Compare;
    case 'arith':
      return expr.op === '+' || expr.op === '-' ? Level.Additive : Level.Multiplicative;
    case 'negate':
      return Level.Unary;
    case 'match':
    case 'in':
      return Level.Predicate;
    case 'number':
      // `-5` reads back as a unary minus applied to 5, folded by the parser.
      return expr.value < 0 || Object.is(expr.value, -0) ? Level.Unary : Level.Primary;
    default:
      return Level.Primary;
  }
}

/** Prints `expr`, parenthesised unless it binds at least as tightly as `minimum`. */
function operand(expr: Expr, minimum: Level): string {
  const text = print(expr);
  return levelOf(expr) >= minimum ? text : `(${text})`;
}

function print(expr: Expr): string {
  switch (expr.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return printLiteral(expr);
    case 'field':
      return printField(expr);
    case 'or':
    case 'and': {
      // Left-associative: the right operand must bind more tightly to print back as the same tree.
      const level = levelOf(expr);
      return `${operand(expr.left, level)} ${expr.type} ${operand(expr.right, level + 1)}`;
    }
    case 'not':
      return `not ${operand(expr.operand, Level.Not)}`;
    case 'compare':
      // Not associative: neither side may be a bare comparison.
      return `${operand(expr.left, Level.Additive)} ${expr.op} ${operand(expr.right, Level.Additive)}`;
    case 'arith': {
      const level = levelOf(expr);
      return `${operand(expr.left, level)} ${expr.op} ${operand(expr.right, level + 1)}`;
    }
    case 'negate':
      return `-${operand(expr.operand, Level.Unary)}`;
    case 'match': {
      const op = expr.op === ':' ? ':' : `${expr.op}${expr.caseInsensitive ? '~' : ''}`;
      const patterns = expr.patterns.map(print).join(', ');
      const right = expr.list || expr.patterns.length !== 1 ? `(${patterns})` : patterns;
      return `${operand(expr.subject, Level.Primary)} ${op} ${right}`;
    }
    case 'in': {
      const op = `${expr.negated ? 'not ' : ''}in${expr.caseInsensitive ? '~' : ''}`;
      return `${operand(expr.subject, Level.Primary)} ${op} (${expr.values.map(print).join(', ')})`;
    }
    case 'call':
      return `${expr.name}${expr.caseInsensitive ? '~' : ''}(${expr.args.map(print).join(', ')})`;
  }
}

function printLiteral(literal: Literal): string {
  switch (literal.type) {
    case 'string':
      return printString(literal.value);
    case 'boolean':
      return String(literal.value);
    case 'null':
      return 'null';
    case 'number':
      return printNumber(literal.value, literal.integer);
  }
}

function printNumber(value: number, integer: boolean): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot print the non-finite number ${value} as EQL`);
  if (integer) return Number.isInteger(value) ? String(value) : String(Math.trunc(value));
  const text = String(value);
  // A decimal must keep a '.' or an exponent, or it would read back as an integer.
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

const IDENTIFIER = /^[A-Za-z_@][A-Za-z0-9_]*$/;

function isPlainIdentifier(text: string): boolean {
  return IDENTIFIER.test(text) && !KEYWORDS.has(text);
}

function printField(field: FieldRef): string {
  const segments = field.name.split('.').map((segment) =>
    isPlainIdentifier(segment) ? segment : `\`${segment.replaceAll('`', '``')}\``,
  );
  return `${field.optional ? '?' : ''}${segments.join('.')}`;
}

/** Characters a regular string must escape; none of them may appear in a raw string either. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function printString(value: string): string {
  // Raw strings keep Windows paths readable; they cannot hold `"""`, line breaks or control characters.
  if (value.includes('\\') && !value.includes('"""') && !NEEDS_ESCAPE.test(value)) return `"""${value}"""`;
  let text = '"';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (char === '"') text += '\\"';
    else if (char === '\\') text += '\\\\';
    else if (char === '\n') text += '\\n';
    else if (char === '\r') text += '\\r';
    else if (char === '\t') text += '\\t';
    else if (NEEDS_ESCAPE.test(char)) text += `\\u{${code.toString(16).toUpperCase().padStart(2, '0')}}`;
    else text += char;
  }
  return `${text}"`;
}
