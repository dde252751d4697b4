import { FUNCTION_NAMES, type FunctionName } from './ast.ts';

export interface FunctionSignature {
  readonly minArgs: number;
  /** `Infinity` for variadic functions. */
  readonly maxArgs: number;
  /** Whether the `~` (case-insensitive) variant exists, e.g. `startsWith~`. */
  readonly caseInsensitiveVariant: boolean;
}

const signature = (minArgs: number, maxArgs: number, caseInsensitiveVariant = false): FunctionSignature => ({
  minArgs,
  maxArgs,
  caseInsensitiveVariant,
});

/** Argument counts from the Elasticsearch EQL function reference. */
export const FUNCTION_SIGNATURES: Readonly<Record<FunctionName, FunctionSignature>> = {
  add: signature(2, 2),
  between: signature(3, 4, true),
  cidrMatch: signature(2, Infinity),
  concat: signature(1, Infinity),
  divide: signature(2, 2),
  endsWith: signature(2, 2, true),
  indexOf: signature(2, 3, true),
  length: signature(1, 1),
  modulo: signature(2, 2),
  multiply: signature(2, 2),
  number: signature(1, 2),
  startsWith: signature(2, 2, true),
  string: signature(1, 1),
  stringContains: signature(2, 2, true),
  substring: signature(2, 3),
  subtract: signature(2, 2),
};

const BY_LOWER_CASE: ReadonlyMap<string, FunctionName> = new Map(FUNCTION_NAMES.map((name) => [name.toLowerCase(), name]));

/** Elasticsearch resolves function names case-insensitively (`cidrmatch`, `startswith~` in Elastic rules). */
export function lookupFunction(name: string): FunctionName | undefined {
  return BY_LOWER_CASE.get(name.toLowerCase());
}
