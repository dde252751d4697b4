import { isPlainObject } from './fields.ts';
import type { FieldProblem } from './fields.ts';

/**
 * Turns the `[rule]` table of an elastic/detection-rules TOML file into Kibana's field names.
 * The tables map one to one except `[rule.new_terms]`, which detection-rules writes as
 *   [rule.new_terms]  field = "new_terms_fields", value = [...]
 *   [[rule.new_terms.history_window_start]]  field = "history_window_start", value = "now-7d"
 * and Kibana as `new_terms_fields` and `history_window_start`.
 */
export function kibanaRecordFromTomlRule(table: Readonly<Record<string, unknown>>): {
  record: Record<string, unknown>;
  problems: FieldProblem[];
} {
  const { new_terms: newTerms, ...rest } = table;
  const record: Record<string, unknown> = { ...rest };
  const problems: FieldProblem[] = [];
  if (newTerms === undefined) return { record, problems };

  const fail = (message: string) => {
    problems.push({ field: 'new_terms', message });
    return { record: { ...record, new_terms: newTerms }, problems };
  };
  if (!isPlainObject(newTerms)) return fail('[rule.new_terms] must be a table');
  if (newTerms.field !== 'new_terms_fields') return fail('[rule.new_terms] field must be "new_terms_fields"');
  record.new_terms_fields = newTerms.value;

  const history = newTerms.history_window_start;
  const window = Array.isArray(history)
    ? history.find((item) => isPlainObject(item) && item.field === 'history_window_start')
    : undefined;
  if (!isPlainObject(window)) {
    return fail('[[rule.new_terms.history_window_start]] with field = "history_window_start" is missing');
  }
  record.history_window_start = window.value;
  return { record, problems };
}
