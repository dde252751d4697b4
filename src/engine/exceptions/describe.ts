/**
 * One readable line per exception item, for the UI: "process.name is python3 AND file.path matches
 * /tmp/*", in the words of Kibana's exception builder.
 */
import type { ExceptionItem } from '../rules/model.ts';
import { parseEntries, type ExceptionEntry } from './entries.ts';

const OPERATOR_WORDS: Record<Exclude<ExceptionEntry['type'], 'nested'>, [included: string, excluded: string]> = {
  match: ['is', 'is not'],
  match_any: ['is one of', 'is not one of'],
  wildcard: ['matches', 'does not match'],
  exists: ['exists', 'does not exist'],
  list: ['is in list', 'is not in list'],
};

export function describeExceptionItem(item: Pick<ExceptionItem, 'entries' | 'os_types'>): string {
  const entries = parseEntries(item.entries);
  if (typeof entries === 'string') return `(invalid exception item: ${entries})`;
  const parts = entries.map(describeEntry);
  const os = item.os_types ?? [];
  if (os.length > 0) parts.unshift(`OS is ${os.length === 1 ? os[0]! : `one of ${os.join(', ')}`}`);
  return parts.join(' AND ');
}

export function describeEntry(entry: ExceptionEntry): string {
  if (entry.type === 'nested') {
    const inner = entry.entries.map(describeEntry).join(' AND ');
    return `${entry.field} has an element where ${entry.entries.length > 1 ? `(${inner})` : inner}`;
  }
  const [included, excluded] = OPERATOR_WORDS[entry.type];
  const words = `${entry.field} ${entry.operator === 'included' ? included : excluded}`;
  switch (entry.type) {
    case 'match':
    case 'wildcard':
      return `${words} ${quoted(entry.value)}`;
    case 'match_any':
      return `${words} ${entry.value.map(quoted).join(', ')}`;
    case 'exists':
      return words;
    case 'list':
      return `${words} ${quoted(entry.listId)}`;
  }
}

/** Values are shown as typed unless they would read ambiguously (spaces, commas, empty). */
function quoted(value: string): string {
  return /^[^\s,"]+$/.test(value) ? value : JSON.stringify(value);
}
