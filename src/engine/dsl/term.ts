/** `term` and `terms`: exact values, not analysed (see value-tests.ts for text fields). */
import { termRequirement } from '../kql/field/requirements.ts';
import { anyValuesTest } from '../kql/field/value-sets.ts';
import { anyOf } from '../query/requirements.ts';
import type { QueryCompiler } from './context.ts';
import { DslError } from './errors.ts';
import { fieldLeaf } from './field-leaf.ts';
import { paramPath, readFieldParams, required } from './field-params.ts';
import { expectRecord, indexPath, keyPath, optionalBoolean, own, scalarText } from './json.ts';
import { exactTermTest, foldedIf } from './value-tests.ts';

export const compileTerm: QueryCompiler = (body, path, context) => {
  const params = readFieldParams(body, path, 'term', 'value', ['value', 'case_insensitive', 'boost', '_name']);
  const text = scalarText(required(params, 'value', 'term'), paramPath(params, 'value'), '[term] value');
  const caseInsensitive = optionalBoolean(own(params.params, 'case_insensitive'), paramPath(params, 'case_insensitive'), 'case_insensitive');
  return fieldLeaf(
    context,
    params.field,
    (mapping) => exactTermTest(mapping, text, caseInsensitive, context),
    (mapping) => termRequirement(foldedIf(mapping, caseInsensitive), text, false),
  );
};

/** `{terms: {field: [v1, v2], boost}}`: any value. The terms-lookup form reads another index: unsupported. */
export const compileTerms: QueryCompiler = (body, path, context) => {
  const record = expectRecord(body, path, '[terms] query');
  const fields = Object.keys(record).filter((key) => key !== 'boost' && key !== '_name');
  if (fields.length !== 1) throw new DslError(path, `[terms] query requires exactly one field, found ${fields.length}`);
  const field = fields[0]!;
  const listPath = keyPath(path, field);
  const list = record[field];
  if (!Array.isArray(list)) {
    if (list !== null && typeof list === 'object') throw new DslError(listPath, 'terms lookup reads another index', 'unsupported');
    throw new DslError(listPath, '[terms] query requires an array of values');
  }
  const texts = list.map((value, i) => scalarText(value, indexPath(listPath, i), '[terms] value'));
  return fieldLeaf(
    context,
    field,
    (mapping) => {
      const tests = texts.map((text) => exactTermTest(mapping, text, false, context)).filter((t) => t !== null);
      return tests.length === 0 ? null : anyValuesTest(tests);
    },
    (mapping) => anyOf(texts.map((text) => termRequirement(mapping, text, false))),
  );
};
