import type { LineIndex } from './line-index.ts';
import type { FilePosition, TextLocation } from './model.ts';

/** How a string literal is written: JSON, or one of TOML's four string forms. */
export type StringSyntax = 'json' | 'toml-basic' | 'toml-literal' | 'toml-multiline-basic' | 'toml-multiline-literal';

const DELIMITERS: Record<StringSyntax, string> = {
  json: '"',
  'toml-basic': '"',
  'toml-literal': "'",
  'toml-multiline-basic': '"""',
  'toml-multiline-literal': "'''",
};

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

/** Length of the escape sequence at `i` (just after the backslash) and the text it stands for. */
function readEscape(text: string, i: number, syntax: StringSyntax): { length: number; value: string } | undefined {
  const c = text[i];
  if (c === undefined) return undefined;
  if (c in SIMPLE_ESCAPES) return { length: 1, value: SIMPLE_ESCAPES[c]! };
  if (syntax === 'json' && c === '/') return { length: 1, value: '/' };
  if (syntax !== 'json' && c === 'e') return { length: 1, value: '\x1b' };
  const hexLength = c === 'u' ? 4 : c === 'U' && syntax !== 'json' ? 8 : c === 'x' && syntax !== 'json' ? 2 : 0;
  if (hexLength === 0) return undefined;
  const hex = text.slice(i + 1, i + 1 + hexLength);
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) return undefined;
  const code = parseInt(hex, 16);
  // JSON \u escapes are UTF-16 code units (surrogates come in pairs of escapes); TOML's are code points.
  const value = syntax === 'json' ? String.fromCharCode(code) : String.fromCodePoint(code);
  return { length: 1 + hexLength, value };
}

/**
 * Reads the string literal whose opening delimiter is at `open` and records where each decoded
 * character came from, so that an error at a query offset can be shown at its line and column
 * in the file. Returns undefined when the literal is not what `syntax` says.
 */
export function locateString(
  lines: LineIndex,
  open: number,
  syntax: StringSyntax,
): { value: string; location: TextLocation } | undefined {
  const text = lines.text;
  const delimiter = DELIMITERS[syntax];
  if (!text.startsWith(delimiter, open)) return undefined;
  const escapes = syntax === 'json' || syntax === 'toml-basic' || syntax === 'toml-multiline-basic';
  const multiline = syntax === 'toml-multiline-basic' || syntax === 'toml-multiline-literal';
  let i = open + delimiter.length;
  // TOML trims a newline that immediately follows the opening delimiter of a multi-line string.
  if (multiline && text.startsWith('\r\n', i)) i += 2;
  else if (multiline && text[i] === '\n') i += 1;

  const start = lines.positionOf(i);
  let line = start.line;
  let column = start.column;
  const runs: (FilePosition & { offset: number })[] = [];
  let value = '';
  let runOpen = false;
  const startRun = () => {
    runs.push({ offset: value.length, line, column });
    runOpen = true;
  };
  const advance = (count: number) => {
    for (let k = 0; k < count; k++) {
      if (text[i] === '\n') {
        line++;
        column = 1;
        runOpen = false;
      } else {
        column++;
      }
      i++;
    }
  };

  while (i < text.length) {
    if (text.startsWith(delimiter, i)) {
      // In multi-line strings up to two quotes may sit right before the closing delimiter.
      let extra = 0;
      while (multiline && extra < 2 && text.startsWith(delimiter, i + extra + 1)) extra++;
      if (extra > 0) {
        if (!runOpen) startRun();
        value += text.slice(i, i + extra);
        advance(extra);
      }
      // The end of the text (where "unexpected end of query" points) is the closing delimiter.
      runs.push({ offset: value.length, line, column });
      return { value, location: { runs } };
    }
    const c = text[i]!;
    if (!multiline && c === '\n') return undefined;
    if (escapes && c === '\\') {
      if (multiline && /^\\[ \t]*\r?\n/.test(text.slice(i, i + 64))) {
        // Line-ending backslash: drop it and all whitespace and newlines after it.
        advance(1);
        while (i < text.length && /[ \t\r\n]/.test(text[i]!)) advance(1);
        runOpen = false;
        continue;
      }
      const escape = readEscape(text, i + 1, syntax);
      if (!escape) return undefined;
      startRun();
      value += escape.value;
      advance(1 + escape.length);
      runOpen = false;
      continue;
    }
    if (!runOpen) startRun();
    value += c;
    advance(1);
  }
  return undefined;
}

/** File position of the character at `offset` in a located string. */
export function positionInFile(location: TextLocation, offset: number): FilePosition | undefined {
  let found: (FilePosition & { offset: number }) | undefined;
  for (const run of location.runs) {
    if (run.offset > offset) break;
    found = run;
  }
  if (!found) return location.runs[0] && { line: location.runs[0].line, column: location.runs[0].column };
  return { line: found.line, column: found.column + (offset - found.offset) };
}
