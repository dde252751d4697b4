import { describe, expect, it } from 'vitest';
import { escapeControls } from '../../../src/engine/output/terminal-text.ts';

describe('escapeControls', () => {
  it.each([
    ['ESC sequences', 'a\u001b[31mb\u001b]0;title\u0007', 'a\\u001b[31mb\\u001b]0;title\\u0007'],
    ['C1 CSI, DEL and NUL', '\u009b2J\u007f\u0000', '\\u009b2J\\u007f\\u0000'],
    ['bidi overrides, isolates and marks', '\u202eabc\u2066\u061c\u200f', '\\u202eabc\\u2066\\u061c\\u200f'],
    ['carriage return (overwrites the line)', 'ok\rFAKE', 'ok\\u000dFAKE'],
    ['newlines and tabs kept', 'a\n\tb', 'a\n\tb'],
    ['printable text untouched, any script', 'Kerberos — Ц 日本 ✓', 'Kerberos — Ц 日本 ✓'],
  ])('%s', (_name, input, expected) => {
    expect(escapeControls(input)).toBe(expected);
  });

  it('keeps a JSON line the same JSON value', () => {
    const line = JSON.stringify({ name: 'x\u009b\u202e\u007fy' });
    expect(JSON.parse(escapeControls(line))).toEqual({ name: 'x\u009b\u202e\u007fy' });
  });
});
