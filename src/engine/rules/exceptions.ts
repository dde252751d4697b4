import { isPlainObject } from './fields.ts';
import type { ExceptionItem, ExceptionList, ExceptionListRef, RuleEntry } from './model.ts';

/** Kibana's default when an exported list or item does not say which namespace it lives in. */
const DEFAULT_NAMESPACE = 'single';

function namespaceOf(record: Readonly<Record<string, unknown>>): string {
  return typeof record.namespace_type === 'string' ? record.namespace_type : DEFAULT_NAMESPACE;
}

/** An exception list container from an export line, or the reason it is not one. */
export function exceptionListFrom(record: Readonly<Record<string, unknown>>): ExceptionList | string {
  if (typeof record.list_id !== 'string') return 'exception list without a string list_id';
  if (typeof record.type !== 'string') return `exception list ${record.list_id} has no type`;
  return {
    list_id: record.list_id,
    type: record.type,
    namespace_type: namespaceOf(record),
    name: typeof record.name === 'string' ? record.name : record.list_id,
    items: [],
    raw: record,
  };
}

/** An exception list item from an export line, or the reason it is not one. */
export function exceptionItemFrom(record: Readonly<Record<string, unknown>>): ExceptionItem | string {
  if (typeof record.item_id !== 'string') return 'exception item without a string item_id';
  if (typeof record.list_id !== 'string') return `exception item ${record.item_id} has no list_id`;
  if (!Array.isArray(record.entries) || !record.entries.every(isPlainObject)) {
    return `exception item ${record.item_id} must have an array of entries`;
  }
  const osTypes = record.os_types;
  return {
    item_id: record.item_id,
    list_id: record.list_id,
    namespace_type: namespaceOf(record),
    entries: record.entries,
    ...(Array.isArray(osTypes) ? { os_types: osTypes.filter((os): os is string => typeof os === 'string') } : {}),
    raw: record,
  };
}

const listKey = (listId: string, namespace: string) => `${namespace}\u0000${listId}`;

/**
 * Puts every item into its list and attaches the lists to the rules that reference them by
 * `exceptions_list[].list_id` (and namespace). Lists and rules may come from different files.
 */
export function linkExceptionLists(
  entries: readonly RuleEntry[],
  lists: readonly ExceptionList[],
  items: readonly ExceptionItem[],
): void {
  const itemsByKey = new Map<string, ExceptionItem[]>();
  for (const item of items) {
    const key = listKey(item.list_id, item.namespace_type);
    itemsByKey.set(key, [...(itemsByKey.get(key) ?? []), item]);
  }
  const byKey = new Map<string, ExceptionList>();
  for (const list of lists) {
    const key = listKey(list.list_id, list.namespace_type);
    byKey.set(key, { ...list, items: itemsByKey.get(key) ?? [] });
  }
  for (const entry of entries) {
    const found: ExceptionList[] = [];
    const missing: ExceptionListRef[] = [];
    for (const ref of entry.rule.exceptions_list ?? []) {
      const list = byKey.get(listKey(ref.list_id, ref.namespace_type ?? DEFAULT_NAMESPACE));
      if (list) found.push(list);
      else missing.push(ref);
    }
    entry.exceptionLists = found;
    entry.missingExceptionLists = missing;
  }
}
