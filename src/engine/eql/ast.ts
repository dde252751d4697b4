/**
 * Typed AST for Elasticsearch EQL (8.x/9.x dialect). The parser produces it, the printer turns it
 * back into query text (print then parse gives the same AST, ignoring `start`), and the compiler
 * turns it into closures once per rule.
 *
 * `start` is the node's character offset in the query text, for compile-time errors with a position;
 * it is optional so that hand-built trees (tests, rewrites) need not invent one.
 */

interface Located {
  readonly start?: number;
}

// ---- expressions -----------------------------------------------------------------------------

export interface StringLiteral extends Located {
  readonly type: 'string';
  readonly value: string;
}

export interface NumberLiteral extends Located {
  readonly type: 'number';
  readonly value: number;
  /** Integer literals divide with truncation (`4 / 3 == 1`); decimals do not. */
  readonly integer: boolean;
}

export interface BooleanLiteral extends Located {
  readonly type: 'boolean';
  readonly value: boolean;
}

export interface NullLiteral extends Located {
  readonly type: 'null';
}

export interface FieldRef extends Located {
  readonly type: 'field';
  /** The full dotted name as Elasticsearch sees it, back-quotes removed (`` a.`b-c` `` is `a.b-c`). */
  readonly name: string;
  /** `?field`: a field absent from the mapping reads as null instead of failing verification. */
  readonly optional: boolean;
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface Compare extends Located {
  readonly type: 'compare';
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
}

/**
 * `:`, `like`, `like~`, `regex`, `regex~`. `:` is always case-insensitive wildcard matching.
 * `list` records whether the patterns were written as a parenthesised list, for faithful printing.
 */
export interface PatternMatch extends Located {
  readonly type: 'match';
  readonly op: ':' | 'like' | 'regex';
  readonly caseInsensitive: boolean;
  readonly subject: Expr;
  readonly patterns: readonly Expr[];
  readonly list: boolean;
}

/** `x in (...)`, `x in~ (...)`, `x not in (...)`, `x not in~ (...)`. */
export interface InList extends Located {
  readonly type: 'in';
  readonly subject: Expr;
  readonly values: readonly Expr[];
  readonly caseInsensitive: boolean;
  readonly negated: boolean;
}

export interface And extends Located {
  readonly type: 'and';
  readonly left: Expr;
  readonly right: Expr;
}

export interface Or extends Located {
  readonly type: 'or';
  readonly left: Expr;
  readonly right: Expr;
}

export interface Not extends Located {
  readonly type: 'not';
  readonly operand: Expr;
}

export type ArithOp = '+' | '-' | '*' | '/' | '%';

export interface Arithmetic extends Located {
  readonly type: 'arith';
  readonly op: ArithOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** Unary minus on anything but a number literal (`-5` parses as a NumberLiteral). */
export interface Negate extends Located {
  readonly type: 'negate';
  readonly operand: Expr;
}

/** The 16 functions Elasticsearch EQL supports; names are matched case-insensitively when parsing. */
export const FUNCTION_NAMES = [
  'add',
  'between',
  'cidrMatch',
  'concat',
  'divide',
  'endsWith',
  'indexOf',
  'length',
  'modulo',
  'multiply',
  'number',
  'startsWith',
  'string',
  'stringContains',
  'substring',
  'subtract',
] as const;

export type FunctionName = (typeof FUNCTION_NAMES)[number];

export interface Call extends Located {
  readonly type: 'call';
  /** Canonical spelling from FUNCTION_NAMES. */
  readonly name: FunctionName;
  /** The `~` suffix (`startsWith~`): case-insensitive variant. */
  readonly caseInsensitive: boolean;
  readonly args: readonly Expr[];
}

export type Literal = StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral;

export type Expr =
  | Literal
  | FieldRef
  | Compare
  | PatternMatch
  | InList
  | And
  | Or
  | Not
  | Arithmetic
  | Negate
  | Call;

// ---- queries ---------------------------------------------------------------------------------

/** `process where ...`, `"my-cat" where ...`, `any where ...` (category null = any). */
export interface EventQuery extends Located {
  readonly type: 'event';
  readonly category: string | null;
  readonly condition: Expr;
}

export type TimeUnit = 'nanos' | 'micros' | 'ms' | 's' | 'm' | 'h' | 'd';

export interface TimeSpan {
  readonly value: number;
  readonly unit: TimeUnit;
  /** The span in milliseconds (may be fractional for nanos/micros). */
  readonly millis: number;
}

export interface SequenceClause extends Located {
  readonly query: EventQuery;
  /** This clause's own `by` keys (the sequence-level keys are kept separately on the Sequence). */
  readonly by: readonly FieldRef[];
  /** `with runs=N` (1 when absent); the compiler expands it into N consecutive clauses. */
  readonly runs: number;
  /** `![ ... ]`: a missing-event clause. */
  readonly missing: boolean;
}

export interface Sequence extends Located {
  readonly type: 'sequence';
  readonly by: readonly FieldRef[];
  readonly maxspan: TimeSpan | null;
  readonly clauses: readonly SequenceClause[];
  readonly until: SequenceClause | null;
}

export interface SampleClause extends Located {
  readonly query: EventQuery;
  readonly by: readonly FieldRef[];
}

export interface Sample extends Located {
  readonly type: 'sample';
  readonly by: readonly FieldRef[];
  readonly clauses: readonly SampleClause[];
}

export interface Pipe extends Located {
  readonly type: 'head' | 'tail';
  readonly count: number;
}

export interface EqlQuery extends Located {
  readonly type: 'query';
  readonly body: EventQuery | Sequence | Sample;
  readonly pipes: readonly Pipe[];
}
