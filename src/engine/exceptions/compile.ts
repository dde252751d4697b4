/**
 * A rule's exception lists as one filter matching the events they EXCLUDE (the caller negates it):
 * items are ORed, an item's entries ANDed (see to-dsl.ts for each entry type's query).
 *
 * Items that cannot be evaluated are left out (they exclude nothing, so an event they would have
 * excluded still alerts) and reported through `onWarning`:
 * - items with `list` entries ("is in list"): value lists live in Kibana, not in the export;
 * - items Kibana's schema would reject (no entries, unknown entry types, empty values);
 * - items whose query Loupe cannot compile.
 * Items whose `expire_time` is before `now` are dropped, as Kibana drops them at rule execution.
 */
import { compileDsl } from '../dsl/compile.ts';
import { DslError } from '../dsl/errors.ts';
import type { FieldSchema } from '../fields/schema.ts';
import type { CompiledFilter } from '../query/compiled.ts';
import { anyOf } from '../query/requirements.ts';
import type { ExceptionItem, ExceptionList } from '../rules/model.ts';
import { parseEntries, type ExceptionEntry } from './entries.ts';
import { itemClauses } from './to-dsl.ts';

export type ExceptionWarningKind = 'value_list' | 'invalid' | 'unsupported' | 'expired';

export interface ExceptionWarning {
  readonly kind: ExceptionWarningKind;
  readonly listId: string;
  readonly itemId: string;
  readonly message: string;
}

export interface ExceptionCompileOptions {
  readonly schema?: FieldSchema;
  /** Epoch milliseconds of the rule run: date math in queries, and `expire_time`. Default: compile time. */
  readonly now?: number;
  readonly onWarning?: (warning: ExceptionWarning) => void;
}

/** Null when no item can be evaluated (nothing is excluded). */
export function compileExceptions(lists: readonly ExceptionList[], options: ExceptionCompileOptions = {}): CompiledFilter | null {
  const now = options.now ?? Date.now();
  const compiled: CompiledFilter[] = [];
  for (const list of lists) {
    for (const item of list.items) {
      const filter = compileItem(item, { ...options, now });
      if (filter !== null) compiled.push(filter);
    }
  }
  if (compiled.length === 0) return null;
  return {
    matches: (event) => compiled.some((filter) => filter.matches(event)),
    requires: anyOf(compiled.map((filter) => filter.requires)),
    fields: [...new Set(compiled.flatMap((filter) => filter.fields))],
  };
}

function compileItem(item: ExceptionItem, options: ExceptionCompileOptions & { now: number }): CompiledFilter | null {
  const warn = (kind: ExceptionWarningKind, message: string): null => {
    options.onWarning?.({ kind, listId: item.list_id, itemId: item.item_id, message });
    return null;
  };
  const expires = item.raw.expire_time;
  if (typeof expires === 'string' && Date.parse(expires) < options.now) return warn('expired', `expired at ${expires}`);
  const entries = parseEntries(item.entries);
  if (typeof entries === 'string') return warn('invalid', entries);
  const list = entries.find(hasValueList);
  if (list !== undefined) {
    return warn('value_list', `uses a value list (${list.field}): value lists are stored in Kibana, so this item is not evaluated and excludes nothing`);
  }
  const clauses = itemClauses(entries, item.os_types ?? []);
  const query = clauses.length === 1 ? clauses[0] : { bool: { should: clauses } };
  try {
    return compileDsl(query, { schema: options.schema, now: options.now, path: `exception ${item.item_id}` });
  } catch (error) {
    if (error instanceof DslError) return warn(error.kind === 'unsupported' ? 'unsupported' : 'invalid', error.message);
    throw error;
  }
}

function hasValueList(entry: ExceptionEntry): boolean {
  return entry.type === 'list' || (entry.type === 'nested' && entry.entries.some(hasValueList));
}
