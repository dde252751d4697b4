/**
 * A minimal scanner over JSON text that is already known to parse: it finds where each top-level
 * key's value starts inside an object, which JSON.parse cannot tell. Used to point errors at
 * `file:line:column` of the offending field.
 */

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

function skipString(text: string, i: number): number {
  // `i` is at the opening quote; returns the offset just after the closing one.
  for (i++; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return i;
}

/** Offset just after the JSON value starting at `i`. */
export function skipJsonValue(text: string, i: number): number {
  if (text[i] === '"') return skipString(text, i);
  if (text[i] === '{' || text[i] === '[') {
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i = skipString(text, i);
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  while (i < text.length && !/[\s,}\]]/.test(text[i]!)) i++;
  return i;
}

/** Offsets of the values of the object starting at `open` (`{`), by key. */
export function objectValueOffsets(text: string, open: number): Map<string, number> {
  const offsets = new Map<string, number>();
  let i = skipWhitespace(text, open + 1);
  while (i < text.length && text[i] === '"') {
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipWhitespace(text, keyEnd);
    if (text[i] !== ':') break;
    i = skipWhitespace(text, i + 1);
    offsets.set(key, i);
    i = skipWhitespace(text, skipJsonValue(text, i));
    if (text[i] !== ',') break;
    i = skipWhitespace(text, i + 1);
  }
  return offsets;
}

/** Start offsets of the elements of the array starting at `open` (`[`). */
export function arrayElementOffsets(text: string, open: number): number[] {
  const offsets: number[] = [];
  let i = skipWhitespace(text, open + 1);
  while (i < text.length && text[i] !== ']') {
    offsets.push(i);
    i = skipWhitespace(text, skipJsonValue(text, i));
    if (text[i] !== ',') break;
    i = skipWhitespace(text, i + 1);
  }
  return offsets;
}
