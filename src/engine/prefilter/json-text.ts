/**
 * How a literal appears in raw JSON text: a string value's characters exactly as `JSON.stringify`
 * writes them (`"` → `\"`, `\` → `\\`, control characters as `\n` or `\u00xx`, everything else as
 * itself), without the quotes. A line whose escapes are all of that canonical kind (see
 * line-hazards.ts) holds a value containing the literal only if its text contains this encoding.
 */
export function jsonEncoded(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
