/** State shared while compiling one EQL query: the schema, typed fields, and error positions. */
import { QuerySyntaxError } from '../errors.ts';
import type { FieldSchema } from '../fields/schema.ts';
import type { Expr } from './ast.ts';
import { typedField, type TypedField } from './typed-field.ts';

export class CompileContext {
  private readonly typed = new Map<string, TypedField>();

  constructor(
    readonly schema: FieldSchema,
    /** The query text, only used to turn node offsets into line:column in errors. */
    readonly text: string,
  ) {}

  field(name: string): TypedField {
    let field = this.typed.get(name);
    if (!field) {
      field = typedField(name, this.schema);
      this.typed.set(name, field);
    }
    return field;
  }

  error(reason: string, node: { readonly start?: number }): QuerySyntaxError {
    return new QuerySyntaxError(reason, this.text, node.start ?? 0);
  }
}

/** Whether an expression reads no field (Elasticsearch folds such expressions before planning). */
export function isConstant(expr: Expr): boolean {
  switch (expr.type) {
    case 'field':
      return false;
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return true;
    case 'compare':
    case 'and':
    case 'or':
    case 'arith':
      return isConstant(expr.left) && isConstant(expr.right);
    case 'not':
    case 'negate':
      return isConstant(expr.operand);
    case 'match':
      return isConstant(expr.subject) && expr.patterns.every(isConstant);
    case 'in':
      return isConstant(expr.subject) && expr.values.every(isConstant);
    case 'call':
      return expr.args.every(isConstant);
  }
}

/** Field names an expression reads, in order of first appearance. */
export function collectFields(expr: Expr, into: string[]): void {
  switch (expr.type) {
    case 'field':
      if (!into.includes(expr.name)) into.push(expr.name);
      return;
    case 'compare':
    case 'and':
    case 'or':
    case 'arith':
      collectFields(expr.left, into);
      collectFields(expr.right, into);
      return;
    case 'not':
    case 'negate':
      collectFields(expr.operand, into);
      return;
    case 'match':
      collectFields(expr.subject, into);
      expr.patterns.forEach((pattern) => collectFields(pattern, into));
      return;
    case 'in':
      collectFields(expr.subject, into);
      expr.values.forEach((value) => collectFields(value, into));
      return;
    case 'call':
      expr.args.forEach((value) => collectFields(value, into));
      return;
    default:
      return;
  }
}
