/**
 * Event values can be megabytes (a 2 MB `host.name`): laid out whole, Chromium takes seconds to
 * minutes on one (a 220 KB mixed-script value froze the table and the detail for 24 s each).
 * The screens show the first characters and the value's size; the whole value stays reachable
 * (LongText.svelte: more on request, copy, save).
 */
import { formatBytes } from './format.ts';

/** Characters shown before a value is clipped. */
export const CLIP_CHARS = 300;

export interface ClippedText {
  /** What to show: the whole value, or its first characters. */
  readonly head: string;
  readonly clipped: boolean;
  /** The whole value's UTF-8 size ("2.0 MB"), when clipped. */
  readonly size: string;
}

export function clipText(value: string, limit = CLIP_CHARS): ClippedText {
  if (value.length <= limit) return { head: value, clipped: false, size: '' };
  return { head: sliceChars(value, limit), clipped: true, size: formatBytes(utf8Length(value)) };
}

/** One line for a table cell, a tooltip or a menu: the head and "… (2.0 MB)". */
export function clipLine(value: string, limit = CLIP_CHARS): string {
  const { head, clipped, size } = clipText(value, limit);
  return clipped ? `${head}… (${size})` : head;
}

/** The first `count` UTF-16 units, never ending in half a surrogate pair. */
export function sliceChars(value: string, count: number): string {
  const end = Math.min(count, value.length);
  const last = value.charCodeAt(end - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

/** UTF-8 bytes of a string, without encoding it. */
export function utf8Length(value: string): number {
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    // A high surrogate and its low surrogate are one 4-byte character; a lone surrogate becomes U+FFFD (3 bytes).
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
