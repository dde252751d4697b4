/** `wildcard`, `prefix` and `regexp`: patterns over whole keyword values, or over single tokens of text. */
import { globRequirement } from '../kql/field/requirements.ts';
import { compileLuceneRegex, MAX_DETERMINIZED_STATES, regexErrorMessage, RegexSyntaxError } from '../match/regex/index.ts';
import type { GlobSegment } from '../match/glob.ts';
import { NO_REQUIREMENT } from '../query/requirements.ts';
import type { DslContext, QueryCompiler } from './context.ts';
import { DslError } from './errors.ts';
import { fieldLeaf } from './field-leaf.ts';
import { paramPath, readFieldParams, required, type FieldParams } from './field-params.ts';
import { expectString, own, optionalBoolean } from './json.ts';
import { foldedIf, patternTest, regexpTest } from './value-tests.ts';
import { parseWildcardPattern } from './wildcard-pattern.ts';

const COMMON = ['case_insensitive', 'rewrite', 'boost', '_name'];

export const compileWildcard: QueryCompiler = (body, path, context) => {
  const params = readFieldParams(body, path, 'wildcard', 'value', ['value', 'wildcard', ...COMMON]);
  // `wildcard` is the older name of `value`; Elasticsearch reads whichever is given.
  const key = own(params.params, 'value') !== undefined ? 'value' : 'wildcard';
  const pattern = expectString(required(params, key, 'wildcard'), paramPath(params, key), '[wildcard] pattern');
  return patternLeaf(params, parseWildcardPattern(pattern), context);
};

export const compilePrefix: QueryCompiler = (body, path, context) => {
  const params = readFieldParams(body, path, 'prefix', 'value', ['value', ...COMMON]);
  const prefix = expectString(required(params, 'value', 'prefix'), paramPath(params, 'value'), '[prefix] value');
  return patternLeaf(params, [{ literal: prefix }, 'any'], context);
};

function patternLeaf(params: FieldParams, segments: readonly GlobSegment[], context: DslContext) {
  const caseInsensitive = caseInsensitiveOf(params);
  return fieldLeaf(
    context,
    params.field,
    (mapping) => patternTest(mapping, segments, caseInsensitive),
    (mapping) => globRequirement(foldedIf(mapping, caseInsensitive), segments),
  );
}

/**
 * Elasticsearch enables every Lucene RegExp operator by default (`flags: ALL`); other flag sets are
 * not supported. `max_determinized_states` bounds the automaton as in Elasticsearch (default 10,000).
 */
export const compileRegexp: QueryCompiler = (body, path, context) => {
  const params = readFieldParams(body, path, 'regexp', 'value', ['value', 'flags', 'flags_value', 'max_determinized_states', ...COMMON]);
  const pattern = expectString(required(params, 'value', 'regexp'), paramPath(params, 'value'), '[regexp] value');
  const flags = own(params.params, 'flags');
  if ((flags !== undefined && flags !== 'ALL') || own(params.params, 'flags_value') !== undefined) {
    throw new DslError(paramPath(params, 'flags'), 'regexp flags other than ALL are not supported', 'unsupported');
  }
  const options = { caseInsensitive: caseInsensitiveOf(params), maxDeterminizedStates: maxStatesOf(params) };
  try {
    compileLuceneRegex(pattern, options);
  } catch (error) {
    if (error instanceof RegexSyntaxError) throw new DslError(paramPath(params, 'value'), regexErrorMessage(error));
    throw error;
  }
  return fieldLeaf(context, params.field, (mapping) => regexpTest(mapping, pattern, options), () => NO_REQUIREMENT);
};

function maxStatesOf(params: FieldParams): number {
  const value = own(params.params, 'max_determinized_states');
  if (value === undefined) return MAX_DETERMINIZED_STATES;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new DslError(paramPath(params, 'max_determinized_states'), 'max_determinized_states must be a positive integer');
  }
  return value;
}

function caseInsensitiveOf(params: FieldParams): boolean {
  return optionalBoolean(own(params.params, 'case_insensitive'), paramPath(params, 'case_insensitive'), 'case_insensitive');
}
