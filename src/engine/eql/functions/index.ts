/** Evaluation of the 16 Elasticsearch EQL functions (arity and `~` support live in ../functions.ts). */
import type { FunctionName } from '../ast.ts';
import { combineKinds, type EqlValue, type NumberKind } from '../values.ts';
import { arithmetic, toNumber } from './math.ts';
import { between, concat, endsWith, indexOf, length, startsWith, stringContains, substring, toText } from './string.ts';

export interface FunctionSpec {
  /** The numeric kind of the result given the arguments' kinds (irrelevant for non-numeric results). */
  readonly kind: (argKinds: readonly NumberKind[]) => NumberKind;
  readonly apply: (args: readonly EqlValue[], caseInsensitive: boolean, kind: NumberKind) => EqlValue;
}

const arg = (args: readonly EqlValue[], index: number): EqlValue => args[index] ?? null;
const binaryKind = (kinds: readonly NumberKind[]): NumberKind => kinds.reduce(combineKinds, 'int');
const intKind = (): NumberKind => 'int';
const dynamicKind = (): NumberKind => 'dynamic';

function math(op: '+' | '-' | '*' | '/' | '%'): FunctionSpec {
  return {
    kind: binaryKind,
    apply: (args, _ci, kind) => arithmetic(op, arg(args, 0), arg(args, 1), kind),
  };
}

/** `cidrMatch` is compiled specially (its blocks are parsed once): its entry here never runs. */
export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  add: math('+'),
  subtract: math('-'),
  multiply: math('*'),
  divide: math('/'),
  modulo: math('%'),
  between: {
    kind: dynamicKind,
    apply: (args, ci) => between(arg(args, 0), arg(args, 1), arg(args, 2), arg(args, 3), ci),
  },
  cidrMatch: {
    kind: dynamicKind,
    apply: () => null,
  },
  concat: { kind: dynamicKind, apply: (args) => concat(args) },
  endsWith: {
    kind: dynamicKind,
    apply: (args, ci) => endsWith(arg(args, 0), arg(args, 1), ci),
  },
  indexOf: {
    kind: intKind,
    apply: (args, ci) => indexOf(arg(args, 0), arg(args, 1), arg(args, 2), ci),
  },
  length: { kind: intKind, apply: (args) => length(arg(args, 0)) },
  number: {
    kind: dynamicKind,
    apply: (args) => toNumber(arg(args, 0), arg(args, 1)),
  },
  startsWith: {
    kind: dynamicKind,
    apply: (args, ci) => startsWith(arg(args, 0), arg(args, 1), ci),
  },
  string: { kind: dynamicKind, apply: (args) => toText(arg(args, 0)) },
  stringContains: {
    kind: dynamicKind,
    apply: (args, ci) => stringContains(arg(args, 0), arg(args, 1), ci),
  },
  substring: {
    kind: dynamicKind,
    apply: (args) => substring(arg(args, 0), arg(args, 1), arg(args, 2)),
  },
};
