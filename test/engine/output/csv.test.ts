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
  ])('%s', (_label, value, expected) => {
    expect(csvField(value)).toBe(expected);
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
