/**
 * Text from evidence or rules made safe for a terminal. A file name, rule name or field value may
 * carry ANSI escapes (ESC [ ... m, or the one-byte CSI U+009B), other C0/C1 controls, DEL, or bidi
 * overrides ("Trojan Source"): printed raw they recolour, move the cursor, retitle the window or
 * reorder what the reader sees. Every place the CLI prints such text goes through here: the
 * alert table (`printable`) and every line `loupe` writes to stdout or stderr (`escapeControls`,
 * applied once in cli/main.ts). Alert NDJSON and CSV are data formats and stay byte-exact.
 */

/** C0/C1 controls, DEL, and the bidi marks, overrides and isolates. */
export function isUnprintable(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** One table cell: whitespace controls become spaces, every other unprintable character U+FFFD (one column each). */
export function printable(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\t' || char === '\n' || char === '\r') out += ' ';
    else if (isUnprintable(code)) out += '\uFFFD';
    else out += char;
  }
  return out;
}

/**
 * Lines of output: every unprintable character but newline and tab is shown as its `\uXXXX`
 * escape, so the reader sees what the name held (and a `--json` line stays JSON with the same value).
 */
export function escapeControls(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out += char !== '\n' && char !== '\t' && isUnprintable(code) ? `\\u${code.toString(16).padStart(4, '0')}` : char;
  }
  return out;
}
