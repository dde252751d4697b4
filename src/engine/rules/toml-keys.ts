import type { LineIndex } from './line-index.ts';
import type { FilePosition } from './model.ts';

/** Where the keys of a TOML document's `[rule]` table and its sub-tables are written. */
export interface TomlRuleLayout {
  /** Position of the `[rule]` header. */
  readonly ruleHeader?: FilePosition;
  /** Offset of each `[rule]` key's value, by key. */
  readonly valueOffsets: ReadonlyMap<string, number>;
  /** Position of the first `[rule.X]` / `[[rule.X]]` header, by X (`threat`, `new_terms`...). */
  readonly subTables: ReadonlyMap<string, FilePosition>;
}

const HEADER = /^[ \t]*\[(\[?)[ \t]*([^\]]+?)[ \t]*\]\]?[ \t]*(#.*)?\r?$/;
const KEY = /^[ \t]*([A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*=[ \t]*/;

/** Offset just after the multi-line string opened at `open` (by `'''` or `"""`). */
function endOfMultilineString(text: string, open: number): number {
  const delimiter = text.slice(open, open + 3);
  let i = open + 3;
  while (i < text.length) {
    if (delimiter === '"""' && text[i] === '\\') i += 2;
    else if (text.startsWith(delimiter, i)) {
      let end = i + 3;
      while (end < i + 5 && text[end] === delimiter[0]) end++;
      return end;
    } else i++;
  }
  return text.length;
}

/**
 * Scans TOML text line by line (skipping over multi-line strings, whose lines may look like keys)
 * to find where rule fields are written; smol-toml returns values without positions.
 */
export function scanTomlRuleLayout(lines: LineIndex): TomlRuleLayout {
  const text = lines.text;
  const valueOffsets = new Map<string, number>();
  const subTables = new Map<string, FilePosition>();
  let ruleHeader: FilePosition | undefined;
  let table = '';
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    let next = end + 1;
    const header = HEADER.exec(line);
    const key = header ? null : KEY.exec(line);
    if (header) {
      table = header[2]!.replace(/[ \t]+/g, '');
      const position = lines.positionOf(start + line.indexOf('['));
      if (table === 'rule' && !ruleHeader) ruleHeader = position;
      const sub = /^rule\.([A-Za-z0-9_-]+)/.exec(table);
      if (sub && !subTables.has(sub[1]!)) subTables.set(sub[1]!, position);
    } else if (key) {
      const valueOffset = start + key[0].length;
      if (table === 'rule') {
        const name = key[1]!.replace(/^["']|["']$/g, '');
        if (!valueOffsets.has(name)) valueOffsets.set(name, valueOffset);
      }
      if (text.startsWith("'''", valueOffset) || text.startsWith('"""', valueOffset)) {
        const stringEnd = endOfMultilineString(text, valueOffset);
        const lineAfter = text.indexOf('\n', stringEnd);
        next = lineAfter === -1 ? text.length : lineAfter + 1;
      }
    }
    start = next;
  }
  return { ...(ruleHeader ? { ruleHeader } : {}), valueOffsets, subTables };
}
