/**
 * `match` and `match_phrase`: the query text goes through the field's search analyzer (text fields:
 * the standard analyzer; keyword fields: their normalizer, so exact and case-sensitive unless the
 * field lower-cases, like `.caseless`). Phrases must be contiguous tokens inside one value.
 * `fuzziness`, custom analyzers and phrase `slop` are not supported.
 */
import { analyzeText } from '../fields/analyzer.ts';
import { termRequirement } from '../kql/field/requirements.ts';
import { termTest } from '../kql/field/value-tests.ts';
import { MATCH_ALL, type DslCompiled, type DslContext, type QueryCompiler } from './context.ts';
import { DslError } from './errors.ts';
import { fieldLeaf } from './field-leaf.ts';
import { paramPath, readFieldParams, required, type FieldParams } from './field-params.ts';
import { own, scalarText } from './json.ts';
import { minimumShouldMatch } from './minimum-should-match.ts';
import { matchTest, type MatchOptions } from './value-tests.ts';

const COMMON = ['query', 'analyzer', 'zero_terms_query', 'boost', '_name'];
const MATCH_KEYS = [
  ...COMMON,
  'operator',
  'minimum_should_match',
  'lenient',
  'fuzziness',
  'prefix_length',
  'max_expansions',
  'fuzzy_transpositions',
  'fuzzy_rewrite',
  'auto_generate_synonyms_phrase_query',
];

export const compileMatch: QueryCompiler = (body, path, context) => {
  const params = readFieldParams(body, path, 'match', 'query', MATCH_KEYS);
  const text = queryText(params, 'match');
  if (own(params.params, 'fuzziness') !== undefined) throw new DslError(paramPath(params, 'fuzziness'), 'fuzzy matching is not supported', 'unsupported');
  const options: MatchOptions = { operator: operatorOf(params), minimumShouldMatch: msmOf(params) };
  return withZeroTerms(params, text, context, (field) =>
    fieldLeaf(
      context,
      field,
      (mapping) => matchTest(mapping, text, options, context),
      (mapping) => termRequirement(mapping, text, options.operator === 'and'),
    ),
  );
};

export const compileMatchPhrase: QueryCompiler = (body, path, context) => {
  const params = readFieldParams(body, path, 'match_phrase', 'query', [...COMMON, 'slop']);
  const text = queryText(params, 'match_phrase');
  const slop = own(params.params, 'slop');
  if (slop !== undefined && slop !== 0) throw new DslError(paramPath(params, 'slop'), 'phrase slop is not supported', 'unsupported');
  return withZeroTerms(params, text, context, (field) =>
    fieldLeaf(
      context,
      field,
      (mapping) => termTest(mapping, text, true, context),
      (mapping) => termRequirement(mapping, text, true),
    ),
  );
};

function queryText(params: FieldParams, type: string): string {
  const analyzer = own(params.params, 'analyzer');
  if (analyzer !== undefined && analyzer !== 'standard') {
    throw new DslError(paramPath(params, 'analyzer'), `analyzer [${String(analyzer)}] is not supported`, 'unsupported');
  }
  return scalarText(required(params, 'query', type), paramPath(params, 'query'), `[${type}] query`);
}

function operatorOf(params: FieldParams): 'or' | 'and' {
  const operator = own(params.params, 'operator');
  if (operator === undefined) return 'or';
  const lower = typeof operator === 'string' ? operator.toLowerCase() : '';
  if (lower !== 'or' && lower !== 'and') throw new DslError(paramPath(params, 'operator'), 'operator must be "or" or "and"');
  return lower;
}

function msmOf(params: FieldParams): string | null {
  const value = own(params.params, 'minimum_should_match');
  if (value === undefined || value === null) return null;
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : typeof value === 'string' ? value : null;
  const path = paramPath(params, 'minimum_should_match');
  if (text === null) throw new DslError(path, 'minimum_should_match must be an integer or a string');
  try {
    minimumShouldMatch(2, text);
  } catch (error) {
    throw new DslError(path, (error as Error).message);
  }
  return text;
}

/**
 * A query whose text analyses to no tokens on a text field matches nothing, or everything with
 * `zero_terms_query: all`. Other field types never analyse to nothing, so the leaf decides there.
 */
function withZeroTerms(params: FieldParams, text: string, context: DslContext, leaf: (field: string) => DslCompiled): DslCompiled {
  const zeroTerms = own(params.params, 'zero_terms_query') ?? 'none';
  if (zeroTerms !== 'none' && zeroTerms !== 'all') throw new DslError(paramPath(params, 'zero_terms_query'), 'zero_terms_query must be "none" or "all"');
  const compiled = leaf(params.field);
  if (zeroTerms === 'none' || analyzeText(text).length > 0 || context.schema.lookup(params.field).family !== 'text') return compiled;
  return MATCH_ALL;
}
