/**
 * The objects found at a dotted path (`a.b` as `{"a":{"b":{..}}}`, `{"a.b":{..}}`, ...), arrays
 * flattened: the per-object scopes of a KQL nested query (`path:{ q }`).
 */
import type { EventDoc } from '../../query/event.ts';

export function compileObjectGetter(path: string): (event: EventDoc) => EventDoc[] {
  const parts = path.split('.');
  return (event) => collect(event, parts);
}

/**
 * Depth first in document order, with an explicit stack (children pushed last first): arrays
 * nested thousands deep in an event cannot overflow the call stack.
 */
function collect(root: unknown, parts: readonly string[]): EventDoc[] {
  const found: EventDoc[] = [];
  const values: unknown[] = [root];
  const froms: number[] = [0];
  const children: unknown[] = [];
  const childFroms: number[] = [];
  for (;;) {
    const value = values.pop();
    const from = froms.pop();
    if (from === undefined) return found;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        values.push(value[i]);
        froms.push(from);
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (from === parts.length) {
      found.push(value as EventDoc);
      continue;
    }
    children.length = 0;
    childFroms.length = 0;
    let key = '';
    for (let end = from; end < parts.length; end++) {
      key = end === from ? parts[end]! : `${key}.${parts[end]!}`;
      if (Object.hasOwn(value, key)) {
        children.push((value as Record<string, unknown>)[key]);
        childFroms.push(end + 1);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) {
      values.push(children[i]);
      froms.push(childFroms[i]!);
    }
  }
}
