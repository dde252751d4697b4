/**
 * A deliberately simple AST-walking evaluator of EQL conditions, for property tests of the compiled
 * closures. It re-derives, per event and without any precompilation, the semantics documented in
 * src/engine/eql/compile-condition.ts: conditions on a plain field against literals behave like
 * Query DSL (two-valued, any value of a multi-valued field), everything else is a script with
 * three-valued logic evaluated over every combination of field values.
 * Leaf operations (function bodies, value comparisons, wildcard/regex matching, field coercion) are
 * shared with the engine: they have their own table tests.
 */
import type { Expr } from '../../../src/engine/eql/ast.ts';
import { FUNCTIONS } from '../../../src/engine/eql/functions/index.ts';
import { arithmetic, negate } from '../../../src/engine/eql/functions/math.ts';
import { cidrMatch } from '../../../src/engine/eql/functions/cidr.ts';
import { endsWith, startsWith, stringContains } from '../../../src/engine/eql/functions/string.ts';
import { typedField } from '../../../src/engine/eql/typed-field.ts';
import { compareValues, textOf, valuesEqual, type EqlValue } from '../../../src/engine/eql/values.ts';
import type { FieldSchema } from '../../../src/engine/fields/schema.ts';
import { parseCidr } from '../../../src/engine/fields/values.ts';
import { compileGlob, parseEqlWildcard } from '../../../src/engine/match/glob.ts';
import { compileLuceneRegex } from '../../../src/engine/match/regex/index.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';

type Env = ReadonlyMap<string, EqlValue>;

function fieldsOf(expr: Expr): string[] {
  switch (expr.type) {
    case 'field':
      return [expr.name];
    case 'compare':
    case 'and':
    case 'or':
    case 'arith':
      return [...fieldsOf(expr.left), ...fieldsOf(expr.right)];
    case 'not':
    case 'negate':
      return fieldsOf(expr.operand);
    case 'match':
      return [...fieldsOf(expr.subject), ...expr.patterns.flatMap(fieldsOf)];
    case 'in':
      return [...fieldsOf(expr.subject), ...expr.values.flatMap(fieldsOf)];
    case 'call':
      return expr.args.flatMap(fieldsOf);
    default:
      return [];
  }
}

const constant = (expr: Expr) => fieldsOf(expr).length === 0;

function matchesPattern(op: string, caseInsensitive: boolean, pattern: string, text: string): boolean {
  if (op === 'regex') return compileLuceneRegex(pattern, { caseInsensitive })(text);
  return compileGlob(parseEqlWildcard(pattern), { caseInsensitive: op === ':' || caseInsensitive })(text);
}

/** Script evaluation of one expression with every field bound to one value. */
export function scriptValue(expr: Expr, env: Env): EqlValue {
  switch (expr.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return expr.value;
    case 'null':
      return null;
    case 'field':
      return env.get(expr.name) ?? null;
    case 'and': {
      const a = scriptValue(expr.left, env);
      const b = scriptValue(expr.right, env);
      if (a === false || b === false) return false;
      return a === true && b === true ? true : null;
    }
    case 'or': {
      const a = scriptValue(expr.left, env);
      const b = scriptValue(expr.right, env);
      if (a === true || b === true) return true;
      return a === false && b === false ? false : null;
    }
    case 'not': {
      const a = scriptValue(expr.operand, env);
      return typeof a === 'boolean' ? !a : null;
    }
    case 'negate':
      return negate(scriptValue(expr.operand, env));
    case 'arith': {
      const kind = numberKind(expr);
      return arithmetic(expr.op, scriptValue(expr.left, env), scriptValue(expr.right, env), kind);
    }
    case 'compare': {
      const leftNull = constant(expr.left) && scriptValue(expr.left, env) === null;
      const rightNull = constant(expr.right) && scriptValue(expr.right, env) === null;
      if (leftNull || rightNull) {
        if (expr.op !== '==' && expr.op !== '!=') return null;
        const other = scriptValue(leftNull ? expr.right : expr.left, env);
        return (other === null) === (expr.op === '==');
      }
      const a = scriptValue(expr.left, env);
      const b = scriptValue(expr.right, env);
      if ((expr.op === '==' || expr.op === '!=') && expr.left.type === 'field' && expr.right.type === 'field') {
        const equal = a === null || b === null ? a === b : valuesEqual(a, b, false);
        return equal === (expr.op === '==');
      }
      if (a === null || b === null) return null;
      if (expr.op === '==') return valuesEqual(a, b, false);
      if (expr.op === '!=') return !valuesEqual(a, b, false);
      const order = compareValues(a, b);
      if (order === null) return null;
      return { '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0 }[expr.op];
    }
    case 'match': {
      const text = textOf(scriptValue(expr.subject, env));
      if (text === null) return null;
      return expr.patterns.some((pattern) => matchesPattern(expr.op, expr.caseInsensitive, String(scriptValue(pattern, new Map())), text));
    }
    case 'in': {
      const value = scriptValue(expr.subject, env);
      if (value === null) return null;
      const found = expr.values.some((candidate) => {
        const other = scriptValue(candidate, env);
        return other !== null && valuesEqual(value, other, expr.caseInsensitive);
      });
      return expr.negated ? !found : found;
    }
    case 'call': {
      const args = expr.args.map((arg) => scriptValue(arg, env));
      if (expr.name === 'cidrMatch') return cidrMatch(args[0] ?? null, args.slice(1).map((text) => parseCidr(String(text))!));
      return FUNCTIONS[expr.name].apply(args, expr.caseInsensitive, numberKind(expr));
    }
  }
}

/** Only unknown (dynamically typed) fields are generated, so field kinds are always dynamic. */
function numberKind(expr: Expr): 'int' | 'float' | 'dynamic' {
  switch (expr.type) {
    case 'number':
      return expr.integer ? 'int' : 'float';
    case 'arith': {
      const a = numberKind(expr.left);
      const b = numberKind(expr.right);
      return a === 'float' || b === 'float' ? 'float' : a === 'int' && b === 'int' ? 'int' : 'dynamic';
    }
    case 'negate':
      return numberKind(expr.operand);
    case 'call':
      return FUNCTIONS[expr.name].kind(expr.args.map(numberKind));
    default:
      return 'dynamic';
  }
}

/** Script over an event: any combination of field values true => true; else any null => null. */
function scriptOverEvent(expr: Expr, event: EventDoc, schema: FieldSchema): EqlValue {
  const names = [...new Set(fieldsOf(expr))];
  let envs: Map<string, EqlValue>[] = [new Map()];
  for (const name of names) {
    const field = typedField(name, schema);
    const values = field.values(event).map((leaf) => field.scriptValue(leaf));
    const choices = values.length === 0 ? [null] : values;
    envs = envs.flatMap((env) => choices.map((value) => new Map(env).set(name, value)));
  }
  const results = envs.map((env) => scriptValue(expr, env));
  if (results.includes(true)) return true;
  if (results.includes(null)) return null;
  return results[results.length - 1] ?? false;
}

function isScript(expr: Expr): boolean {
  if (constant(expr)) return false;
  switch (expr.type) {
    case 'and':
    case 'or':
    case 'field':
      return false;
    case 'not':
      return isScript(expr.operand);
    case 'compare': {
      if (!constant(expr.left) && !constant(expr.right)) return true;
      const subject = constant(expr.left) ? expr.right : expr.left;
      const value = scriptValue(constant(expr.left) ? expr.left : expr.right, new Map());
      if (value === null) return subject.type !== 'field' && (expr.op === '==' || expr.op === '!=');
      if (typeof value === 'boolean' && (expr.op === '==' || expr.op === '!=') && isBoolean(subject)) return isScript(subject);
      return subject.type !== 'field';
    }
    case 'match':
      return expr.subject.type !== 'field';
    case 'in':
      return expr.subject.type !== 'field' || !expr.values.every(constant);
    case 'call':
      return !(
        expr.args[0]?.type === 'field' &&
        expr.args.slice(1).every(constant) &&
        (expr.name === 'cidrMatch' ||
          (['startsWith', 'endsWith', 'stringContains'].includes(expr.name) && typeof scriptValue(expr.args[1]!, new Map()) === 'string'))
      );
    default:
      return true;
  }
}

const isBoolean = (expr: Expr) => ['call', 'compare', 'match', 'in', 'and', 'or', 'not'].includes(expr.type);

/** Whether the event satisfies the condition. */
export function referenceTest(expr: Expr, event: EventDoc, schema: FieldSchema): boolean {
  if (constant(expr)) return scriptValue(expr, new Map()) === true;
  if (isScript(expr)) return scriptOverEvent(expr, event, schema) === true;
  const anyValue = (name: string, predicate: (leaf: string | number | boolean) => boolean) => typedField(name, schema).values(event).some(predicate);
  switch (expr.type) {
    case 'and':
      return referenceTest(expr.left, event, schema) && referenceTest(expr.right, event, schema);
    case 'or':
      return referenceTest(expr.left, event, schema) || referenceTest(expr.right, event, schema);
    case 'not':
      return !referenceTest(expr.operand, event, schema);
    case 'field':
      return anyValue(expr.name, (leaf) => typedField(expr.name, schema).equals(leaf, true, false));
    case 'compare': {
      const flipped = constant(expr.left);
      const subject = flipped ? expr.right : expr.left;
      const value = scriptValue(flipped ? expr.left : expr.right, new Map());
      const op = flipped ? ({ '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const)[expr.op] : expr.op;
      if (value === null) {
        if (op !== '==' && op !== '!=') return false;
        const exists = anyValue((subject as { name: string }).name, () => true);
        return op === '!=' ? exists : !exists;
      }
      if (typeof value === 'boolean' && (op === '==' || op === '!=') && isBoolean(subject)) {
        const inner = referenceTest(subject, event, schema);
        return value === (op === '==') ? inner : !inner;
      }
      const field = typedField((subject as { name: string }).name, schema);
      if (op === '==' || op === '!=') {
        const equal = field.values(event).some((leaf) => field.equals(leaf, value, false));
        return op === '==' ? equal : !equal;
      }
      return field.values(event).some((leaf) => {
        const order = field.compare(leaf, value);
        return order !== null && { '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0 }[op];
      });
    }
    case 'match': {
      const patterns = expr.patterns.map((pattern) => String(scriptValue(pattern, new Map())));
      return anyValue((expr.subject as { name: string }).name, (leaf) => patterns.some((pattern) => matchesPattern(expr.op, expr.caseInsensitive, pattern, String(leaf))));
    }
    case 'in': {
      const field = typedField((expr.subject as { name: string }).name, schema);
      const values = expr.values.map((value) => scriptValue(value, new Map())).filter((value) => value !== null);
      const found = field.values(event).some((leaf) => values.some((value) => field.equals(leaf, value, expr.caseInsensitive)));
      return expr.negated ? !found : found;
    }
    case 'call': {
      const field = typedField((expr.args[0] as { name: string }).name, schema);
      const args = expr.args.slice(1).map((arg) => scriptValue(arg, new Map()));
      return field.values(event).some((leaf) => {
        const value = field.scriptValue(leaf);
        if (expr.name === 'cidrMatch') return cidrMatch(value, args.map((text) => parseCidr(String(text))!)) === true;
        const apply = { startsWith, endsWith, stringContains }[expr.name as 'startsWith'];
        return apply(value, args[0] ?? null, expr.caseInsensitive) === true;
      });
    }
    default:
      return scriptOverEvent(expr, event, schema) === true;
  }
}
