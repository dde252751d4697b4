import { describe, expect, it } from 'vitest';
import { formatTextTable, printable } from '../../../src/engine/output/text-table.ts';
import type { SummaryColumn } from '../../../src/engine/output/summary-columns.ts';

const columns: SummaryColumn[] = [
  { header: 'name', maxWidth: 6, align: 'left', read: (alert) => String(alert['name'] ?? '') },
  { header: 'score', maxWidth: 5, align: 'right', read: (alert) => String(alert['score'] ?? '') },
];

describe('formatTextTable', () => {
  it('aligns columns, right-aligns numbers and truncates long cells with …', () => {
    const table = formatTextTable(
      [
        { name: 'ab', score: 7 },
        { name: 'abcdefghij', score: 100 },
      ],
      { columns },
    );
    expect(table).toBe(['name    score', '------  -----', 'ab          7', 'abcde…    100', ''].join('\n'));
  });

  it('prints only the header for no alerts', () => {
    expect(formatTextTable([], { columns })).toBe('name  score\n----  -----\n');
  });

  it('counts code points, not UTF-16 units', () => {
    expect(formatTextTable([{ name: '😀😀', score: 1 }], { columns }).split('\n')[2]).toBe('😀😀        1');
  });

  it('uses the default summary columns', () => {
    const table = formatTextTable([{ 'kibana.alert.rule.name': 'R', 'kibana.alert.severity': 'low', 'kibana.alert.risk_score': 21 }]);
    expect(table.split('\n')[0]).toMatch(/^timestamp\s+rule\s+severity\s+risk_score\s+host\.name/);
    expect(table.split('\n')[2]).toContain('R');
  });
});

describe('printable', () => {
  it.each([
    ['ANSI escape', '\u001b[31mred\u001b[0m', '\uFFFD[31mred\uFFFD[0m'],
    ['newlines and tabs become spaces', 'a\nb\tc\rd', 'a b c d'],
    ['C1 control', 'a\u009bb', 'a\uFFFDb'],
    ['bidi override', 'evil\u202Etxt.exe', 'evil\uFFFDtxt.exe'],
    ['plain text unchanged', 'cmd.exe /c "x"', 'cmd.exe /c "x"'],
  ])('%s', (_label, input, expected) => {
    expect(printable(input)).toBe(expected);
  });

  it('is applied to every cell', () => {
    const table = formatTextTable([{ name: '\u001b]0;x\u0007', score: 1 }], { columns });
    const controls = [...table].filter((char) => char !== '\n' && char.codePointAt(0)! < 0x20);
    expect(controls).toEqual([]);
    expect(table).toContain('\uFFFD]0;x\uFFFD');
  });
});
