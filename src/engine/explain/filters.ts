/**
 * The parts of a rule's search besides its query, for an explanation: the Kibana `filters` that
 * held (each tested alone with the filter compiler), and the exception lists, which must not have
 * excluded the event.
 */
import { DslError } from '../dsl/errors.ts';
import { isRecord, own } from '../dsl/json.ts';
import { compileKibanaFilters, isFilterSkipped } from '../dsl/kibana-filters.ts';
import { compileExceptions } from '../exceptions/compile.ts';
import type { EventDoc } from '../query/event.ts';
import type { RuleEntry } from '../rules/model.ts';
import type { ClauseSink } from './explanation.ts';

/**
 * Adds one clause per applied filter; false when a filter does not hold (or cannot be compiled, in
 * which case the detector does not run the rule either).
 */
export function explainFilters(filters: readonly unknown[], event: EventDoc, now: number, sink: ClauseSink): boolean {
  for (const filter of filters) {
    if (isFilterSkipped(filter)) continue;
    let compiled;
    try {
      compiled = compileKibanaFilters([filter], { now });
    } catch (error) {
      if (error instanceof DslError) return false;
      throw error;
    }
    if (!compiled.matches(event)) return false;
    sink.add(describeFilter(filter), compiled.fields);
  }
  return true;
}

/** `filter {"match_phrase":{"host.os.type":"macos"}}`, or `filter "<custom label>"`; `NOT ` first when negated. */
function describeFilter(filter: unknown): string {
  if (!isRecord(filter)) return 'filter';
  const meta = own(filter, 'meta');
  const alias = isRecord(meta) ? own(meta, 'alias') : undefined;
  const negated = isRecord(meta) && own(meta, 'negate') === true;
  let label: string;
  if (typeof alias === 'string' && alias !== '') label = JSON.stringify(alias);
  else {
    const query = own(filter, 'query');
    const legacy = Object.fromEntries(Object.entries(filter).filter(([key]) => key !== 'meta' && key !== '$state'));
    const params = isRecord(meta) ? own(meta, 'params') : undefined;
    label = JSON.stringify(query ?? (Object.keys(legacy).length > 0 ? legacy : (params ?? {})));
  }
  return `${negated ? 'NOT ' : ''}filter ${label}`;
}

export type ExceptionVerdict = { readonly excluded: true } | { readonly excluded: false; readonly note: string | null };

/** Whether the rule's exception lists exclude the event; if not, a note saying so (null when the rule has none). */
export function checkExceptions(entry: RuleEntry, event: EventDoc, now: number): ExceptionVerdict {
  const total = entry.exceptionLists.reduce((sum, list) => sum + list.items.length, 0);
  const missing = entry.missingExceptionLists.length;
  let skipped = 0;
  const exceptions = compileExceptions(entry.exceptionLists, { now, onWarning: () => skipped++ });
  if (exceptions?.matches(event)) return { excluded: true };
  if (total === 0 && missing === 0) return { excluded: false, note: null };
  const unloaded = missing === 0 ? '' : `; ${missing} referenced exception list${missing === 1 ? ' was' : 's were'} not loaded`;
  return { excluded: false, note: `no exception excluded the event (${total - skipped} of ${total} exception items evaluated${unloaded})` };
}
