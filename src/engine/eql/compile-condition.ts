/**
 * Compiles a `where` condition the way Elasticsearch plans it. Conditions on a plain field against
 * literals are translated to Query DSL (term, terms, range, wildcard, regexp, prefix, exists), and
 * `not` over them becomes `bool.must_not`: such a condition is two-valued, so a missing field
 * satisfies `f != "x"`, `not f : "x"`, `f not in (...)`, `not startsWith(f, "x")`. Everything else
 * (functions over computed values, arithmetic, comparisons of computed values) runs as a script with
 * three-valued null logic; `not` directly over a script stays a script (null stays null), while
 * `and`/`or` combine translated queries, where a null script simply does not match.
 * Multi-valued fields: a translated condition holds when any value satisfies it.
 */
import type { EventDoc } from '../query/event.ts';
import { allOf, anyOf, literal, NO_REQUIREMENT, type Requirement } from '../query/requirements.ts';
import { globLiteral, globLiterals, parseEqlWildcard, type GlobSegment } from '../match/glob.ts';
import { foldCase } from '../match/case.ts';
import type { Call, Compare, CompareOp, Expr, FieldRef, InList, PatternMatch } from './ast.ts';
import { isConstant, type CompileContext } from './context.ts';
import { cidrBlocks, compileScript, constantValue, verifyCall } from './compile-expr.ts';
import { cidrMatch } from './functions/cidr.ts';
import { endsWith, startsWith, stringContains } from './functions/string.ts';
import { compilePatterns, patternTexts } from './patterns.ts';
import type { Constant, TypedField } from './typed-field.ts';
import { FOLDED_KEYWORD_KEYS, KEYWORD_KEYS } from '../kql/field/value-sets.ts';
import { globTriggers, triggerAtom, triggersOfAll, triggersOfAny, type Triggers } from '../query/triggers.ts';

export interface Condition {
  readonly test: (event: EventDoc) => boolean;
  readonly requires: Requirement;
  /** Whether Elasticsearch would evaluate this condition as a script (three-valued under `not`). */
  readonly script: boolean;
  /** Field values one of which every event satisfying the condition holds (query/triggers.ts). */
  readonly triggers: Triggers;
}

type Leaf = string | number | boolean;

const ALWAYS: Condition = { test: () => true, requires: NO_REQUIREMENT, script: false, triggers: null };
const NEVER: Condition = { test: () => false, requires: NO_REQUIREMENT, script: false, triggers: [] };

const FLIPPED: Readonly<Record<CompareOp, CompareOp>> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

export function compileCondition(expr: Expr, context: CompileContext): Condition {
  if (isConstant(expr)) return constantValue(expr, context) === true ? ALWAYS : NEVER;
  switch (expr.type) {
    case 'and': {
      const left = compileCondition(expr.left, context);
      const right = compileCondition(expr.right, context);
      return { test: (event) => left.test(event) && right.test(event), requires: allOf([left.requires, right.requires]), script: false, triggers: triggersOfAll([left.triggers, right.triggers]) };
    }
    case 'or': {
      const left = compileCondition(expr.left, context);
      const right = compileCondition(expr.right, context);
      return { test: (event) => left.test(event) || right.test(event), requires: anyOf([left.requires, right.requires]), script: false, triggers: triggersOfAny([left.triggers, right.triggers]) };
    }
    case 'not': {
      const operand = compileCondition(expr.operand, context);
      if (operand.script) return scriptCondition(expr, context);
      return { test: (event) => !operand.test(event), requires: NO_REQUIREMENT, script: false, triggers: null };
    }
    case 'field':
      return fieldCondition(context.field(expr.name), (field, leaf) => field.equals(leaf, true, false), NO_REQUIREMENT);
    case 'compare':
      return compareCondition(expr, context);
    case 'match':
      return expr.subject.type === 'field' ? matchCondition(expr, expr.subject, context) : scriptCondition(expr, context);
    case 'in':
      return inCondition(expr, context);
    case 'call':
      return callCondition(expr, context);
    default:
      return scriptCondition(expr, context);
  }
}

function scriptCondition(expr: Expr, context: CompileContext): Condition {
  const evaluate = compileScript(expr, context);
  return { test: (event) => evaluate(event) === true, requires: NO_REQUIREMENT, script: true, triggers: null };
}

/** A translated (Query DSL) condition on one field: true when any value satisfies the predicate. */
function fieldCondition(field: TypedField, predicate: (field: TypedField, leaf: Leaf) => boolean, requires: Requirement, triggers: Triggers = null): Condition {
  const values = field.values;
  return {
    triggers,
    test: (event) => {
      // Indexed, not for-of: no iterator per test (this runs for nearly every rule on every event).
      const leaves = values(event);
      for (let i = 0; i < leaves.length; i++) if (predicate(field, leaves[i]!)) return true;
      return false;
    },
    requires,
    script: false,
  };
}

function negated(condition: Condition): Condition {
  return { test: (event) => !condition.test(event), requires: NO_REQUIREMENT, script: condition.script, triggers: null };
}

function isBooleanValued(expr: Expr): boolean {
  return ['call', 'compare', 'match', 'in', 'and', 'or', 'not'].includes(expr.type);
}

function compareCondition(expr: Compare, context: CompileContext): Condition {
  const leftConstant = isConstant(expr.left);
  const rightConstant = isConstant(expr.right);
  if (!leftConstant && !rightConstant) return scriptCondition(expr, context);
  // Literal on the right, as Elasticsearch's optimizer puts it.
  const subject = leftConstant ? expr.right : expr.left;
  const op = leftConstant ? FLIPPED[expr.op] : expr.op;
  const value = constantValue(leftConstant ? expr.left : expr.right, context);
  if (value === null) {
    if (op !== '==' && op !== '!=') return NEVER;
    if (subject.type !== 'field') return scriptCondition(expr, context);
    // exists / not exists
    const exists = fieldCondition(context.field(subject.name), () => true, NO_REQUIREMENT);
    return op === '!=' ? exists : negated(exists);
  }
  if (typeof value === 'boolean' && (op === '==' || op === '!=') && isBooleanValued(subject)) {
    // `f(...) == true` is `f(...)`, `f(...) == false` is `not f(...)` (BooleanFunctionEqualsElimination).
    const positive = value === (op === '==');
    const condition = compileCondition(subject, context);
    if (positive) return condition;
    return condition.script ? scriptCondition({ type: 'not', operand: subject }, context) : negated(condition);
  }
  if (subject.type !== 'field') return scriptCondition(expr, context);
  return fieldCompare(context.field(subject.name), op, value);
}

function fieldCompare(field: TypedField, op: CompareOp, value: Constant): Condition {
  if (op === '==' || op === '!=') {
    const requires = op === '==' && typeof value === 'string' && field.textual ? literal(value, false) : NO_REQUIREMENT;
    // Keyword equality compares keywordForm exactly: a membership of KEYWORD_KEYS.
    const triggers = op === '==' && field.keyword && field.source !== null ? triggerAtom(field.source, KEYWORD_KEYS, [keywordText(value)]) : null;
    const equal = fieldCondition(field, (typed, leaf) => typed.equals(leaf, value, false), requires, triggers);
    return op === '==' ? equal : negated(equal);
  }
  const accepts = orderTest(op);
  return fieldCondition(
    field,
    (typed, leaf) => {
      const order = typed.compare(leaf, value);
      return order !== null && accepts(order);
    },
    NO_REQUIREMENT,
  );
}

function orderTest(op: CompareOp): (order: number) => boolean {
  switch (op) {
    case '<':
      return (order) => order < 0;
    case '<=':
      return (order) => order <= 0;
    case '>':
      return (order) => order > 0;
    default:
      return (order) => order >= 0;
  }
}

function matchCondition(expr: PatternMatch, subject: FieldRef, context: CompileContext): Condition {
  if (!expr.patterns.every(isConstant)) throw context.error('the patterns of a match must be literal strings', expr);
  const field = context.field(subject.name);
  const matches = compilePatterns(expr, context);
  const caseInsensitive = expr.op === ':' || expr.caseInsensitive;
  const requires =
    expr.op === 'regex' || !field.textual
      ? NO_REQUIREMENT
      : anyOf(
          patternTexts(expr, context).map((text) =>
            allOf(globLiterals(parseEqlWildcard(text)).map((run) => literal(run, caseInsensitive))),
          ),
        );
  return fieldCondition(field, (typed, leaf) => matches(typeof leaf === 'string' ? leaf : String(leaf)), requires, patternTriggers(expr, field, context));
}

function inCondition(expr: InList, context: CompileContext): Condition {
  if (expr.subject.type !== 'field' || !expr.values.every(isConstant)) return scriptCondition(expr, context);
  const field = context.field(expr.subject.name);
  const values = expr.values.map((value) => constantValue(value, context)).filter((value): value is Constant => value !== null);
  const { caseInsensitive } = expr;
  const requires =
    field.textual && values.every((value) => typeof value === 'string')
      ? anyOf(values.map((value) => literal(String(value), caseInsensitive)))
      : NO_REQUIREMENT;
  const equalsAny = field.equalsAny(values, caseInsensitive);
  // equalsAny on a keyword field: (folded) keywordForm in a set, a membership of the same keys.
  const triggers = field.keyword && field.source !== null ? triggerAtom(field.source, caseInsensitive ? FOLDED_KEYWORD_KEYS : KEYWORD_KEYS, values.map((value) => (caseInsensitive ? foldCase(keywordText(value)) : keywordText(value)))) : null;
  const found = fieldCondition(field, (_typed, leaf) => equalsAny(leaf), values.length === 0 ? NO_REQUIREMENT : requires, expr.negated ? null : triggers);
  return expr.negated ? negated(found) : found;
}

const STRING_QUERIES = {
  startsWith,
  endsWith,
  stringContains,
} as const;

function callCondition(expr: Call, context: CompileContext): Condition {
  verifyCall(expr, context);
  const [first, ...rest] = expr.args;
  if (first?.type !== 'field' || !rest.every(isConstant)) return scriptCondition(expr, context);
  const field = context.field(first.name);
  if (expr.name === 'cidrMatch') {
    // Translated to a terms query on the ip field.
    const blocks = cidrBlocks(expr, context);
    return fieldCondition(field, (typed, leaf) => cidrMatch(typed.scriptValue(leaf), blocks) === true, NO_REQUIREMENT);
  }
  if (expr.name === 'startsWith' || expr.name === 'endsWith' || expr.name === 'stringContains') {
    const part = constantValue(rest[0]!, context);
    if (typeof part !== 'string') return scriptCondition(expr, context);
    // Translated to prefix / wildcard queries.
    const apply = STRING_QUERIES[expr.name];
    const { caseInsensitive } = expr;
    const requires = field.textual ? literal(part, caseInsensitive) : NO_REQUIREMENT;
    return fieldCondition(field, (typed, leaf) => apply(typed.scriptValue(leaf), part, caseInsensitive) === true, requires);
  }
  return scriptCondition(expr, context);
}

function keywordText(value: Constant): string {
  return typeof value === 'string' ? value : String(value);
}

/**
 * `:` and `like`: compilePatterns tests (folded) String(leaf) in a set of the wildcard-free
 * (folded) literals, a membership of (FOLDED_)KEYWORD_KEYS over the source field (String and
 * keywordForm agree on every leaf), or against globs, whose literal runs it must contain. Regex: none.
 */
function patternTriggers(expr: PatternMatch, field: TypedField, context: CompileContext): Triggers {
  if (expr.op === 'regex' || field.source === null) return null;
  const caseInsensitive = expr.op === ':' || expr.caseInsensitive;
  const keys: string[] = [];
  const globs: GlobSegment[][] = [];
  for (const text of patternTexts(expr, context)) {
    const segments = parseEqlWildcard(text);
    const literal = globLiteral(segments);
    if (literal === null) globs.push(segments);
    else keys.push(caseInsensitive ? foldCase(literal) : literal);
  }
  // compileGlob matches (folded) String(leaf): a glob's literal runs are substrings of it.
  const withWildcards = globs.length === 0 ? [] : globTriggers(field.source, globs, caseInsensitive);
  const equal = keys.length === 0 ? [] : triggerAtom(field.source, caseInsensitive ? FOLDED_KEYWORD_KEYS : KEYWORD_KEYS, keys);
  return triggersOfAny([withWildcards, equal]);
}
