/**
 * Exception item entries as Kibana stores them (`@kbn/securitysolution-io-ts-list-types`), read from
 * untrusted JSON. An entry Kibana's schema would reject comes back as a string saying why.
 */
import { isRecord, own } from '../dsl/json.ts';

export type EntryOperator = 'included' | 'excluded';

export type ExceptionEntry =
  | { readonly type: 'match'; readonly field: string; readonly operator: EntryOperator; readonly value: string }
  | { readonly type: 'match_any'; readonly field: string; readonly operator: EntryOperator; readonly value: readonly string[] }
  | { readonly type: 'wildcard'; readonly field: string; readonly operator: EntryOperator; readonly value: string }
  | { readonly type: 'exists'; readonly field: string; readonly operator: EntryOperator }
  | { readonly type: 'list'; readonly field: string; readonly operator: EntryOperator; readonly listId: string; readonly listType: string }
  | { readonly type: 'nested'; readonly field: string; readonly entries: readonly ExceptionEntry[] };

/** Entry types Kibana allows inside a `nested` entry (plus `wildcard`, which its filter builder handles alike). */
const NESTED_CHILD_TYPES = new Set(['match', 'match_any', 'exists', 'wildcard']);

export function parseEntries(raw: readonly unknown[], nested = false): ExceptionEntry[] | string {
  if (raw.length === 0) return nested ? 'a nested entry needs at least one entry' : 'an exception item needs at least one entry';
  const entries: ExceptionEntry[] = [];
  for (const [i, item] of raw.entries()) {
    const entry = parseEntry(item, nested);
    if (typeof entry === 'string') return `entry ${i + 1}: ${entry}`;
    entries.push(entry);
  }
  return entries;
}

function parseEntry(raw: unknown, nested: boolean): ExceptionEntry | string {
  if (!isRecord(raw)) return 'not an object';
  const type = own(raw, 'type');
  const field = own(raw, 'field');
  if (typeof type !== 'string') return 'no type';
  if (typeof field !== 'string' || field === '') return `${type} entry without a field`;
  if (nested && !NESTED_CHILD_TYPES.has(type)) return `a ${type} entry cannot be inside a nested entry`;
  if (type === 'nested') {
    const children = own(raw, 'entries');
    if (!Array.isArray(children)) return 'nested entry without entries';
    const parsed = parseEntries(children, true);
    return typeof parsed === 'string' ? `${field}: ${parsed}` : { type, field, entries: parsed };
  }
  const operator = own(raw, 'operator');
  if (operator !== 'included' && operator !== 'excluded') return `${field}: operator must be "included" or "excluded"`;
  const value = own(raw, 'value');
  switch (type) {
    case 'match':
    case 'wildcard':
      if (typeof value !== 'string' || value === '') return `${field}: ${type} needs a non-empty string value`;
      return { type, field, operator, value };
    case 'match_any':
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v !== '')) {
        return `${field}: match_any needs a non-empty array of non-empty strings`;
      }
      return { type, field, operator, value };
    case 'exists':
      return { type, field, operator };
    case 'list': {
      const list = own(raw, 'list');
      const id = isRecord(list) ? own(list, 'id') : undefined;
      const listType = isRecord(list) ? own(list, 'type') : undefined;
      if (typeof id !== 'string' || typeof listType !== 'string') return `${field}: list entry needs list.id and list.type`;
      return { type, field, operator, listId: id, listType };
    }
    default:
      return `${field}: unknown entry type "${type}"`;
  }
}
