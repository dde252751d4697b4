/**
 * The field names present in a document, for wildcard field names (`process.*:foo`) and bare values,
 * which Kibana expands against the data view's fields: here, against the event's own leaves.
 */
import type { EventDoc } from '../../query/event.ts';

/** Dotted paths of every non-null primitive leaf (arrays flattened, own properties only), in document order. */
export function listLeafFields(event: EventDoc): string[] {
  const names = new Set<string>();
  const stack: { value: unknown; path: string }[] = [{ value: event, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path });
    } else if (typeof value === 'object') {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        stack.push({ value: (value as Record<string, unknown>)[key], path: path === '' ? key : `${path}.${key}` });
      }
    } else if (path !== '') {
      names.add(path);
    }
  }
  return [...names];
}
