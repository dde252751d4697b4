/**
 * `range`: bounds compared in the field family's order (numbers, instants with date math and
 * rounding, IP addresses, keyword code points). Parameters are read in document order, as
 * Elasticsearch does: `gt`/`gte`/`lt`/`lte` and the older `from`/`to`/`include_lower`/`include_upper`;
 * a null bound is open. Dates are read as `strict_date_optional_time||epoch_millis` in UTC; other
 * `format`s and non-UTC `time_zone`s are not supported.
 */
import { NO_REQUIREMENT } from '../query/requirements.ts';
import { rangeTest, type RangeBound } from '../kql/field/value-tests.ts';
import type { QueryCompiler } from './context.ts';
import { DslError } from './errors.ts';
import { fieldLeaf } from './field-leaf.ts';
import { paramPath, readFieldParams, type FieldParams } from './field-params.ts';
import { scalarText } from './json.ts';

const KEYS = ['gt', 'gte', 'lt', 'lte', 'from', 'to', 'include_lower', 'include_upper', 'format', 'time_zone', 'relation', 'boost', '_name'];
const DEFAULT_FORMATS = new Set(['strict_date_optional_time', 'date_optional_time', 'strict_date_optional_time_nanos', 'epoch_millis']);
const UTC_ZONES = new Set(['Z', 'UTC', 'GMT', 'Zulu', 'Etc/UTC', 'Etc/GMT', '+00:00', '-00:00', '+00', '+0000']);

export const compileRange: QueryCompiler = (body, path, context) => {
  const params = readFieldParams(body, path, 'range', null, KEYS);
  const { lower, upper } = readBounds(params);
  return fieldLeaf(context, params.field, (mapping) => rangeTest(mapping, lower, upper, context), () => NO_REQUIREMENT);
};

function readBounds(params: FieldParams): { lower: RangeBound | null; upper: RangeBound | null } {
  let lower: string | null = null;
  let upper: string | null = null;
  let includeLower = true;
  let includeUpper = true;
  for (const [key, value] of Object.entries(params.params)) {
    const path = paramPath(params, key);
    const bound = (): string | null => (value === null ? null : scalarText(value, path, `[range] ${key}`));
    switch (key) {
      case 'from':
        lower = bound();
        break;
      case 'gt':
      case 'gte':
        lower = bound();
        includeLower = key === 'gte';
        break;
      case 'to':
        upper = bound();
        break;
      case 'lt':
      case 'lte':
        upper = bound();
        includeUpper = key === 'lte';
        break;
      case 'include_lower':
      case 'include_upper':
        if (typeof value !== 'boolean') throw new DslError(path, `${key} must be true or false`);
        if (key === 'include_lower') includeLower = value;
        else includeUpper = value;
        break;
      case 'format':
        if (typeof value !== 'string' || !value.split('||').every((format) => DEFAULT_FORMATS.has(format))) {
          throw new DslError(path, `date format [${String(value)}] is not supported`, 'unsupported');
        }
        break;
      case 'time_zone':
        if (typeof value !== 'string' || !UTC_ZONES.has(value)) {
          throw new DslError(path, `time_zone [${String(value)}] is not supported (dates are read in UTC)`, 'unsupported');
        }
        break;
    }
  }
  return {
    lower: lower === null ? null : { text: lower, inclusive: includeLower },
    upper: upper === null ? null : { text: upper, inclusive: includeUpper },
  };
}
