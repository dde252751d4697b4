/**
 * Compiles EQL expressions that Elasticsearch evaluates as scripts (functions, arithmetic,
 * comparisons of computed values) into closures over an environment: one slot per field, bound to a
 * single value at a time. Three-valued logic applies: null operands give null, `and`/`or`/`not`
 * follow SQL rules, and a `where` only accepts `true`.
 */
import type { CidrBlock } from '../fields/values.ts';
import { parseCidr } from '../fields/values.ts';
import type { Call, Compare, Expr } from './ast.ts';
import { isConstant, type CompileContext } from './context.ts';
import { cidrMatch } from './functions/cidr.ts';
import { FUNCTIONS } from './functions/index.ts';
import { FUNCTION_SIGNATURES } from './functions.ts';
import { arithmetic, negate } from './functions/math.ts';
import { compilePatterns } from './patterns.ts';
import type { TypedField } from './typed-field.ts';
import { combineKinds, compareValues, textOf, valuesEqual, type EqlValue, type NumberKind } from './values.ts';
import type { EventDoc } from '../query/event.ts';

export type Env = EqlValue[];
export type ValueFn = (env: Env) => EqlValue;

export interface CompiledValue {
  readonly evaluate: ValueFn;
  readonly kind: NumberKind;
}

/** The fields one script reads, each with its slot in the environment. */
export class ScriptScope {
  readonly fields: TypedField[] = [];
  private readonly slots = new Map<string, number>();

  slot(field: TypedField): number {
    let slot = this.slots.get(field.name);
    if (slot === undefined) {
      slot = this.fields.length;
      this.fields.push(field);
      this.slots.set(field.name, slot);
    }
    return slot;
  }
}

const constant = (value: EqlValue, kind: NumberKind = 'dynamic'): CompiledValue => ({ evaluate: () => value, kind });

/** The value of a field-free expression, computed once at compile time. */
export function constantValue(expr: Expr, context: CompileContext): EqlValue {
  return compileUnfolded(expr, new ScriptScope(), context).evaluate([]);
}

export function compileValue(expr: Expr, scope: ScriptScope, context: CompileContext): CompiledValue {
  const compiled = compileUnfolded(expr, scope, context);
  if (expr.type === 'string' || expr.type === 'number' || expr.type === 'boolean' || expr.type === 'null') return compiled;
  return isConstant(expr) ? constant(compiled.evaluate([]), compiled.kind) : compiled;
}

function isNullConstant(expr: Expr, context: CompileContext): boolean {
  return isConstant(expr) && constantValue(expr, context) === null;
}

function compileUnfolded(expr: Expr, scope: ScriptScope, context: CompileContext): CompiledValue {
  switch (expr.type) {
    case 'string':
    case 'boolean':
      return constant(expr.value);
    case 'number':
      return constant(expr.value, expr.integer ? 'int' : 'float');
    case 'null':
      return constant(null);
    case 'field': {
      const field = context.field(expr.name);
      const slot = scope.slot(field);
      return { evaluate: (env) => env[slot] ?? null, kind: field.numberKind };
    }
    case 'compare':
      return compileCompare(expr, scope, context);
    case 'match': {
      const subject = compileValue(expr.subject, scope, context).evaluate;
      const matches = compilePatterns(expr, context);
      return constantKind((env) => {
        const text = textOf(subject(env));
        return text === null ? null : matches(text);
      });
    }
    case 'in': {
      const subject = compileValue(expr.subject, scope, context).evaluate;
      const values = expr.values.map((value) => compileValue(value, scope, context).evaluate);
      const { caseInsensitive, negated } = expr;
      return constantKind((env) => {
        const value = subject(env);
        if (value === null) return null;
        const found = values.some((candidate) => {
          const other = candidate(env);
          return other !== null && valuesEqual(value, other, caseInsensitive);
        });
        return negated ? !found : found;
      });
    }
    case 'and': {
      const left = compileValue(expr.left, scope, context).evaluate;
      const right = compileValue(expr.right, scope, context).evaluate;
      return constantKind((env) => {
        const a = left(env);
        if (a === false) return false;
        const b = right(env);
        if (b === false) return false;
        return a === true && b === true ? true : null;
      });
    }
    case 'or': {
      const left = compileValue(expr.left, scope, context).evaluate;
      const right = compileValue(expr.right, scope, context).evaluate;
      return constantKind((env) => {
        const a = left(env);
        if (a === true) return true;
        const b = right(env);
        if (b === true) return true;
        return a === false && b === false ? false : null;
      });
    }
    case 'not': {
      const operand = compileValue(expr.operand, scope, context).evaluate;
      return constantKind((env) => {
        const value = operand(env);
        return typeof value === 'boolean' ? !value : null;
      });
    }
    case 'arith': {
      const left = compileValue(expr.left, scope, context);
      const right = compileValue(expr.right, scope, context);
      const kind = combineKinds(left.kind, right.kind);
      const { op } = expr;
      return { evaluate: (env) => arithmetic(op, left.evaluate(env), right.evaluate(env), kind), kind };
    }
    case 'negate': {
      const operand = compileValue(expr.operand, scope, context);
      return { evaluate: (env) => negate(operand.evaluate(env)), kind: operand.kind };
    }
    case 'call':
      return compileCall(expr, scope, context);
  }
}

function constantKind(evaluate: ValueFn): CompiledValue {
  return { evaluate, kind: 'dynamic' };
}

function compileCompare(expr: Compare, scope: ScriptScope, context: CompileContext): CompiledValue {
  const { op } = expr;
  // `x == null` / `x != null` are null checks (Elasticsearch rewrites them to IsNull / IsNotNull): two-valued.
  const nullLeft = isNullConstant(expr.left, context);
  const nullRight = isNullConstant(expr.right, context);
  if (nullLeft || nullRight) {
    if (op !== '==' && op !== '!=') return constant(null);
    const other = compileValue(nullLeft ? expr.right : expr.left, scope, context).evaluate;
    const wantNull = op === '==';
    return constantKind((env) => (other(env) === null) === wantNull);
  }
  const left = compileValue(expr.left, scope, context).evaluate;
  const right = compileValue(expr.right, scope, context).evaluate;
  if ((op === '==' || op === '!=') && expr.left.type === 'field' && expr.right.type === 'field') {
    // Extension: Elasticsearch rejects field-to-field comparisons. Loupe compares them null-safely
    // (two missing fields are equal), matching how `?x == ?y` behaves when both are unmapped.
    const wantEqual = op === '==';
    return constantKind((env) => {
      const a = left(env);
      const b = right(env);
      const equal = a === null || b === null ? a === b : valuesEqual(a, b, false);
      return equal === wantEqual;
    });
  }
  return constantKind((env) => {
    const a = left(env);
    const b = right(env);
    if (a === null || b === null) return null;
    if (op === '==') return valuesEqual(a, b, false);
    if (op === '!=') return !valuesEqual(a, b, false);
    const order = compareValues(a, b);
    if (order === null) return null;
    switch (op) {
      case '<':
        return order < 0;
      case '<=':
        return order <= 0;
      case '>':
        return order > 0;
      default:
        return order >= 0;
    }
  });
}

/** Checks a call's arity and `~` use, the checks Elasticsearch's verifier makes. */
export function verifyCall(expr: Call, context: CompileContext): void {
  const spec = FUNCTION_SIGNATURES[expr.name];
  if (expr.caseInsensitive && !spec.caseInsensitiveVariant) throw context.error(`function '${expr.name}' has no case-insensitive variant`, expr);
  const count = expr.args.length;
  if (count < spec.minArgs || count > spec.maxArgs) {
    const expected = spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
    throw context.error(`function '${expr.name}' expects ${expected} arguments, got ${count}`, expr);
  }
}

/** The CIDR blocks of `cidrMatch`, which Elasticsearch requires to be literal strings. */
export function cidrBlocks(expr: Call, context: CompileContext): CidrBlock[] {
  return expr.args.slice(1).map((arg) => {
    const value = isConstant(arg) ? constantValue(arg, context) : undefined;
    if (typeof value !== 'string') throw context.error('cidrMatch expects literal CIDR strings after the address', arg);
    const block = parseCidr(value);
    if (block === null) throw context.error(`invalid CIDR '${value}'`, arg);
    return block;
  });
}

function compileCall(expr: Call, scope: ScriptScope, context: CompileContext): CompiledValue {
  verifyCall(expr, context);
  if (expr.name === 'cidrMatch') {
    const blocks = cidrBlocks(expr, context);
    const source = compileValue(expr.args[0]!, scope, context).evaluate;
    return constantKind((env) => cidrMatch(source(env), blocks));
  }
  const spec = FUNCTIONS[expr.name];
  const args = expr.args.map((arg) => compileValue(arg, scope, context));
  const kind = spec.kind(args.map((arg) => arg.kind));
  const evaluators = args.map((arg) => arg.evaluate);
  const { caseInsensitive } = expr;
  return {
    evaluate: (env) => spec.apply(evaluators.map((evaluate) => evaluate(env)), caseInsensitive, kind),
    kind,
  };
}

/** Most combinations a multi-valued script evaluates; beyond it the remaining ones are skipped. */
const MAX_COMBINATIONS = 4096;

/**
 * A script condition over an event. Multi-valued fields are bound one value at a time, and the result
 * is `true` when any combination gives true, else null when any gives null, else false (Elasticsearch
 * evaluates scripts over every doc value since 7.15). A missing field binds null.
 */
export function compileScript(expr: Expr, context: CompileContext): (event: EventDoc) => EqlValue {
  const scope = new ScriptScope();
  const { evaluate } = compileValue(expr, scope, context);
  const fields = scope.fields;
  if (fields.length === 0) {
    const value = evaluate([]);
    return () => value;
  }
  return (event) => {
    const lists = fields.map((field) => field.values(event));
    const env: Env = new Array<EqlValue>(fields.length).fill(null);
    if (lists.every((list) => list.length <= 1)) {
      lists.forEach((list, slot) => {
        const leaf = list[0];
        env[slot] = leaf === undefined ? null : fields[slot]!.scriptValue(leaf);
      });
      return evaluate(env);
    }
    const positions = new Array<number>(fields.length).fill(0);
    let sawNull = false;
    let last: EqlValue = false;
    for (let round = 0; round < MAX_COMBINATIONS; round++) {
      lists.forEach((list, slot) => {
        const leaf = list[positions[slot]!];
        env[slot] = leaf === undefined ? null : fields[slot]!.scriptValue(leaf);
      });
      const value = evaluate(env);
      if (value === true) return true;
      if (value === null) sawNull = true;
      last = value;
      // Advance the odometer; done when every position wrapped.
      let slot = 0;
      for (; slot < lists.length; slot++) {
        positions[slot]!++;
        if (positions[slot]! < Math.max(1, lists[slot]!.length)) break;
        positions[slot] = 0;
      }
      if (slot === lists.length) break;
    }
    return sawNull ? null : last;
  };
}
