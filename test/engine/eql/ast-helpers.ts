/** Test helpers shared by the EQL parser/printer tests (and usable by compiler tests). */

/** A deep copy of an AST without the `start` offsets, for comparing parse results structurally. */
export function withoutStart<T>(node: T): T {
  if (Array.isArray(node)) return node.map((item: unknown) => withoutStart(item)) as T;
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'start') copy[key] = withoutStart(value);
  }
  return copy as T;
}
