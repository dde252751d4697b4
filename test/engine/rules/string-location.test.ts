import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../../src/engine/rules/line-index.ts';
import { locateString, positionInFile } from '../../../src/engine/rules/string-location.ts';
import type { StringSyntax } from '../../../src/engine/rules/string-location.ts';

/** The raw character a decoded offset maps to. */
function rawCharAt(text: string, lines: LineIndex, position: { line: number; column: number }): string | undefined {
  return text[lines.lineStart(position.line) + position.column - 1];
}

describe('locateString', () => {
  it('decodes any JSON string and maps every unescaped character back to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), fc.string({ maxLength: 5 }), (value, prefix) => {
        const text = `${JSON.stringify(prefix)}\n  {"query": ${JSON.stringify(value)}}`;
        const lines = new LineIndex(text);
        const open = text.indexOf('"query": ') + '"query": '.length;
        const located = locateString(lines, open, 'json');
        if (located?.value !== value) return false;
        for (let offset = 0; offset < value.length; offset++) {
          const char = value[offset]!;
          if (JSON.stringify(char).length !== 3) continue; // escaped in the raw text
          if (rawCharAt(text, lines, positionInFile(located.location, offset)!) !== char) return false;
        }
        return true;
      }),
    );
  });

  it.each<[StringSyntax, string, string]>([
    ['toml-multiline-literal', "'''\nline one\n  two\\n'''", 'line one\n  two\\n'],
    ['toml-multiline-basic', '"""\nab\\\n    cd \\u00e9\\U0001F600"""', 'abcd é😀'],
    ['toml-multiline-basic', '"""say ""hi"""""', 'say ""hi""'],
    ['toml-literal', "'C:\\path'", 'C:\\path'],
    ['toml-basic', '"tab\\there"', 'tab\there'],
  ])('decodes a %s string', (syntax, literal, value) => {
    const lines = new LineIndex(`query = ${literal}\n`);
    expect(locateString(lines, 8, syntax)?.value).toBe(value);
  });

  it('maps offsets after a line-ending backslash to the next written character', () => {
    const text = 'q = """\nab\\\n    cd"""';
    const lines = new LineIndex(text);
    const located = locateString(lines, 4, 'toml-multiline-basic')!;
    expect(positionInFile(located.location, 2)).toEqual({ line: 3, column: 5 });
  });

  it.each<[StringSyntax, string]>([
    ['json', '"unterminated'],
    ['json', '"bad \\q escape"'],
    ['toml-basic', '"line\nbreak"'],
    ['toml-literal', '"wrong delimiter"'],
  ])('rejects a malformed %s literal', (syntax, literal) => {
    expect(locateString(new LineIndex(literal), 0, syntax)).toBeUndefined();
  });
});
