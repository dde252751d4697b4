import { describe, expect, it } from 'vitest';
import { csvField, formatCsv, formatCsvHeader, formatCsvRow } from '../../../src/engine/output/csv.ts';

describe('csvField', () => {
  it.each([
    ['plain', 'cmd.exe', 'cmd.exe'],
    ['empty', '', ''],
    ['comma', 'a,b', '"a,b"'],
    ['quote', 'say "hi"', '"say ""hi"""'],
    ['newline', 'a\nb', '"a\nb"'],
    ['CRLF', 'a\r\nb', '"a\r\nb"'],
    ['formula =', '=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['formula +', '+1+2', "'+1+2"],
    ['formula -', '-2+3', "'-2+3"],
    ['formula @', '@SUM(A1)', "'@SUM(A1)"],
    ['leading tab', '\tx', "'\tx"],
    ['leading CR', '\rx', '"\'\rx"'],
    ['formula with comma', '=1,2', '"\'=1,2"'],
    ['sign inside is fine', 'a=b', 'a=b'],
    ['unicode kept', 'Ünïcødé ✓', 'Ünïcødé ✓'],
    ['leading NUL', '\0x', "'\0x"],
    ['plain leading spaces', '  x', '  x'],
    ['negative-looking text', '-', "'-"],
  ])('%s', (_label, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

/**
 * Formula starts hidden behind what a reader does not see or a spreadsheet may drop before
 * reading the cell (OWASP "CSV Injection"): each must come out with a leading `'`, the rest of
 * the text unchanged, and quoted exactly when RFC 4180 (or a `;` list separator) needs it.
 */
describe('csvField defuses formulas behind invisible or look-alike characters', () => {
  it.each([
    ['space', " =cmd|'/C calc'!A0", "' =cmd|'/C calc'!A0"],
    ['spaces and tab', "  \t=cmd|'/C calc'!A0", "'  \t=cmd|'/C calc'!A0"],
    ['newline (quoted for RFC 4180)', "\n=cmd|'/C calc'!A0", "\"'\n=cmd|'/C calc'!A0\""],
    ['no-break space', "\u00A0=cmd|'/C calc'!A0", "'\u00A0=cmd|'/C calc'!A0"],
    ['ideographic space', "\u3000=cmd|'/C calc'!A0", "'\u3000=cmd|'/C calc'!A0"],
    ['BOM', "\uFEFF=cmd|'/C calc'!A0", "'\uFEFF=cmd|'/C calc'!A0"],
    ['zero-width space', "\u200B=cmd|'/C calc'!A0", "'\u200B=cmd|'/C calc'!A0"],
    ['zero-width joiner', "\u200D=cmd|'/C calc'!A0", "'\u200D=cmd|'/C calc'!A0"],
    ['word joiner', "\u2060=cmd|'/C calc'!A0", "'\u2060=cmd|'/C calc'!A0"],
    ['right-to-left mark', "\u200F=cmd|'/C calc'!A0", "'\u200F=cmd|'/C calc'!A0"],
    ['soft hyphen', "\u00AD=cmd|'/C calc'!A0", "'\u00AD=cmd|'/C calc'!A0"],
    ['double quote (quoted, doubled)', '"=1+1', '"\'""=1+1"'],
    ['single quote', "'=1+1", "''=1+1"],
    ['quote after space', ' "@SUM(A1)', '"\' ""@SUM(A1)"'],
    ['full-width equals', '\uFF1DHYPERLINK(1)', "'\uFF1DHYPERLINK(1)"],
    ['full-width plus', '\uFF0B1+1', "'\uFF0B1+1"],
    ['full-width minus', '\uFF0D1+1', "'\uFF0D1+1"],
    ['full-width at', '\uFF20SUM(A1)', "'\uFF20SUM(A1)"],
    ['small equals', '\uFE66cmd', "'\uFE66cmd"],
    ['small plus', '\uFE621', "'\uFE621"],
    ['small minus', '\uFE631', "'\uFE631"],
    ['small at', '\uFE6BSUM(A1)', "'\uFE6BSUM(A1)"],
    ['BOM then full-width equals', '\uFEFF\uFF1Dcmd', "'\uFEFF\uFF1Dcmd"],
    ['tab after a space', ' \tx', "' \tx"],
    ['CR after a space (quoted)', ' \rx', '"\' \rx"'],
  ])('%s', (_label, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each([
    ['text after spaces', '  hello'],
    ['equals later', 'x =1+1'],
    ['full-width equals later', 'a\uFF1Db'],
    ['zero-width space then text', '\u200Bhello'],
  ])('leaves %s alone', (_label, value) => {
    expect(csvField(value)).toBe(value);
  });

  it('quotes a field with ; so a ;-separated spreadsheet keeps it one cell', () => {
    expect(csvField('a;=cmd|/c calc')).toBe('"a;=cmd|/c calc"');
  });
});

describe('formatCsv', () => {
  const alert = {
    '@timestamp': '2024-05-06T07:08:09.000Z',
    'kibana.alert.original_time': '2024-05-06T07:00:00.000Z',
    'kibana.alert.rule.name': 'Rule, "quoted"',
    'kibana.alert.severity': 'high',
    'kibana.alert.risk_score': 73,
    host: { name: ['ws-01', 'ws-02'] },
    'user.name': '=cmd|/c calc',
    process: { name: 'cmd.exe', command_line: 'cmd.exe /c "echo\nhi"' },
    'kibana.alert.reason': 'r',
    'kibana.alert.uuid': 'u1',
  };

  it('writes the header and one CRLF-terminated record per alert', () => {
    expect(formatCsvHeader()).toBe('timestamp,rule,severity,risk_score,host.name,user.name,process.name,process.command_line,reason,uuid\r\n');
    expect(formatCsvRow(alert)).toBe(
      '2024-05-06T07:00:00.000Z,"Rule, ""quoted""",high,73,"ws-01, ws-02",\'=cmd|/c calc,cmd.exe,"cmd.exe /c ""echo\nhi""",r,u1\r\n',
    );
    expect(formatCsv([alert, alert])).toBe(formatCsvHeader() + formatCsvRow(alert) + formatCsvRow(alert));
  });

  it('falls back to @timestamp and leaves missing fields empty', () => {
    expect(formatCsvRow({ '@timestamp': '2024-01-01T00:00:00.000Z' })).toBe('2024-01-01T00:00:00.000Z,,,,,,,,,\r\n');
  });
});
