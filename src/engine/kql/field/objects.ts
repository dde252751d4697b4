/**
 * The objects found at a dotted path (`a.b` as `{"a":{"b":{..}}}`, `{"a.b":{..}}`, ...), arrays
 * flattened: the per-object scopes of a KQL nested query (`path:{ q }`).
 */
import type { EventDoc } from '../../query/event.ts';

export function compileObjectGetter(path: string): (event: EventDoc) => EventDoc[] {
  const parts = path.split('.');
  return (event) => {
    const found: EventDoc[] = [];
    collect(event, parts, 0, found);
    return found;
  };
}

function collect(value: unknown, parts: readonly string[], from: number, found: EventDoc[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, parts, from, found);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (from === parts.length) {
    found.push(value as EventDoc);
    return;
  }
  let key = '';
  for (let end = from; end < parts.length; end++) {
    key = end === from ? parts[end]! : `${key}.${parts[end]!}`;
    if (Object.hasOwn(value, key)) collect((value as Record<string, unknown>)[key], parts, end + 1, found);
  }
}
