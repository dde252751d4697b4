/** The string functions of Elasticsearch EQL; `~` variants fold case (Java `toLowerCase(Locale.ROOT)`). */
import { foldCase } from '../../match/case.ts';
import { numberOf, textOf, type EqlValue } from '../values.ts';

function folded(text: string, caseInsensitive: boolean): string {
  return caseInsensitive ? foldCase(text) : text;
}

/**
 * `between(source, left, right[, greedy])`: the text after the first `left` up to the next `right`
 * (greedy: up to the last `right`). Not found gives "" (ES; the Python implementation gives null), and
 * an empty source, left or right returns the source unchanged, as Elasticsearch does.
 */
export function between(source: EqlValue, left: EqlValue, right: EqlValue, greedy: EqlValue, caseInsensitive: boolean): EqlValue {
  const text = textOf(source);
  const leftText = textOf(left);
  const rightText = textOf(right);
  if (text === null || leftText === null || rightText === null) return null;
  if (text === '' || leftText === '' || rightText === '') return text;
  const haystack = folded(text, caseInsensitive);
  const leftIndex = haystack.indexOf(folded(leftText, caseInsensitive));
  if (leftIndex === -1) return '';
  const start = leftIndex + leftText.length;
  const needle = folded(rightText, caseInsensitive);
  const end = greedy === true ? haystack.lastIndexOf(needle) : haystack.indexOf(needle, start);
  if (end === -1 || end < start) return '';
  return text.slice(start, end);
}

/** `concat(...)`: the text forms joined; any null argument makes the result null. */
export function concat(values: readonly EqlValue[]): EqlValue {
  let out = '';
  for (const value of values) {
    const text = textOf(value);
    if (text === null) return null;
    out += text;
  }
  return out;
}

export function startsWith(source: EqlValue, prefix: EqlValue, caseInsensitive: boolean): EqlValue {
  const text = textOf(source);
  const part = textOf(prefix);
  if (text === null || part === null) return null;
  return folded(text, caseInsensitive).startsWith(folded(part, caseInsensitive));
}

export function endsWith(source: EqlValue, suffix: EqlValue, caseInsensitive: boolean): EqlValue {
  const text = textOf(source);
  const part = textOf(suffix);
  if (text === null || part === null) return null;
  return folded(text, caseInsensitive).endsWith(folded(part, caseInsensitive));
}

/** `stringContains(source, part)`: an empty `part` is not contained (Elasticsearch's `hasLength` check). */
export function stringContains(source: EqlValue, part: EqlValue, caseInsensitive: boolean): EqlValue {
  const text = textOf(source);
  const needle = textOf(part);
  if (text === null || needle === null) return null;
  if (text === '' || needle === '') return false;
  return folded(text, caseInsensitive).includes(folded(needle, caseInsensitive));
}

/** `indexOf(source, part[, start])`: first index at or after `start` (null start = 0), null when not found. */
export function indexOf(source: EqlValue, part: EqlValue, start: EqlValue, caseInsensitive: boolean): EqlValue {
  const text = textOf(source);
  const needle = textOf(part);
  if (text === null || needle === null) return null;
  const from = start === null ? 0 : numberOf(start);
  if (from === null) return null;
  const index = folded(text, caseInsensitive).indexOf(folded(needle, caseInsensitive), Math.max(0, Math.trunc(from)));
  // Java's indexOf with a start past the end finds "" at the end; JS does the same.
  return index < 0 ? null : index;
}

/** `length(text)` in UTF-16 code units (Java `String.length`). */
export function length(source: EqlValue): EqlValue {
  const text = textOf(source);
  return text === null ? null : text.length;
}

export function toText(value: EqlValue): EqlValue {
  return textOf(value);
}

/** `substring(source, start[, end])` with Python slice semantics: negative indices count from the end, out of range clamps. */
export function substring(source: EqlValue, start: EqlValue, end: EqlValue): EqlValue {
  const text = textOf(source);
  if (text === null) return null;
  const size = text.length;
  let from = start === null ? 0 : numberOf(start);
  let to = end === null ? size : numberOf(end);
  if (from === null || to === null) return null;
  from = Math.trunc(from);
  to = Math.trunc(to);
  if (from < 0) from = Math.max(0, from + size);
  if (to < 0) to = Math.max(0, to + size);
  to = Math.min(to, size);
  return from >= to ? '' : text.slice(from, to);
}
