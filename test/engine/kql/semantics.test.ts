/**
 * KQL matching by operator and field type, ECS mappings (process.name keyword, process.command_line
 * wildcard with a match_only_text `.text`, message match_only_text, source.ip ip, process.pid long,
 * @timestamp date, dll.code_signature.trusted boolean, process.name.caseless).
 */
import { describe, expect, it } from 'vitest';
import { createSchema } from '../../../src/engine/fields/schema.ts';
import { compileKql } from '../../../src/engine/kql/compile.ts';
import { parseKql } from '../../../src/engine/kql/parser.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { textSatisfies } from '../../../src/engine/query/requirements.ts';

const NOW = Date.parse('2024-05-10T12:00:00.000Z');
const matches = (query: string, event: EventDoc): boolean => compileKql(parseKql(query), { now: NOW }).matches(event);

const proc = (name: unknown, extra: Record<string, unknown> = {}): EventDoc => ({ process: { name, ...extra } });

type Row = [query: string, event: EventDoc, expected: boolean];

const table = (rows: Row[]) => rows.map(([query, event, expected]) => [query, JSON.stringify(event), expected, event] as const);

describe.each([
  [
    'keyword: exact and case-sensitive',
    [
      ['process.name:cmd.exe', proc('cmd.exe'), true],
      ['process.name:cmd.exe', proc('CMD.EXE'), false],
      ['process.name:"cmd.exe"', proc('cmd.exe'), true],
      ['process.name:cmd', proc('cmd.exe'), false],
      ['process.name:python*', proc('python3.11'), true],
      ['process.name:python*', proc('Python.exe'), false],
      ['process.name:python*', proc('/usr/bin/python3'), false],
      ['process.name:*ython*', proc('/usr/bin/python3'), true],
      ['process.name:"a*b"', proc('a*b'), true],
      ['process.name:"a*b"', proc('axxb'), false],
      ['process.name:a\\*b', proc('a*b'), true],
      ['process.name:a\\*b', proc('axb'), false],
      // A `wildcard` query on an exactly-keyword field: whitespace is part of the pattern.
      ['process.name:*my app*', proc('run my app now'), true],
      ['process.name:*my app*', proc('my'), false],
      ['process.name:*my app*', proc('app'), false],
      ['process.name:a*', proc(['b', 'abc']), true],
      ['process.name:foo bar', proc('foo bar'), true],
    ] as Row[],
  ],
  [
    'wildcard-type field (process.command_line): exact values, wildcard values as query_string',
    [
      ['process.command_line:whoami', proc('x', { command_line: 'whoami' }), true],
      ['process.command_line:whoami', proc('x', { command_line: 'WHOAMI' }), false],
      ['process.command_line:*whoami*', proc('x', { command_line: 'cmd /c whoami /all' }), true],
      ['process.command_line:*whoami*', proc('x', { command_line: 'cmd /c WHOAMI' }), false],
      // query_string splits unescaped whitespace into OR-ed terms (Kibana issue #23001).
      ['process.command_line:*foo bar*', proc('x', { command_line: 'xx foo' }), true],
      ['process.command_line:*foo bar*', proc('x', { command_line: 'bar xx' }), true],
      ['process.command_line:*foo bar*', proc('x', { command_line: 'xx baz xx' }), false],
      ['process.command_line:"*foo bar*"', proc('x', { command_line: 'xx foo bar xx' }), false],
      ['process.command_line:"*foo bar*"', proc('x', { command_line: '*foo bar*' }), true],
      ['process.command_line:*a\\:b*', proc('x', { command_line: 'c:\\a:b' }), true],
    ] as Row[],
  ],
  [
    'text (.text multi-field, message): analysed, case-insensitive',
    [
      ['process.command_line.text:whoami', proc('x', { command_line: 'cmd /c WHOAMI /all' }), true],
      ['process.command_line.text:"c whoami"', proc('x', { command_line: 'cmd /c WHOAMI /all' }), true],
      ['process.command_line.text:"whoami c"', proc('x', { command_line: 'cmd /c WHOAMI /all' }), false],
      ['process.command_line.text:whoami ipconfig', proc('x', { command_line: 'ipconfig' }), true],
      ['process.command_line.text:who*', proc('x', { command_line: 'cmd /c WHOAMI' }), true],
      ['process.command_line.text:*am*', proc('x', { command_line: 'cmd /c WHOAMI' }), true],
      ['process.command_line.text:*c whoami*', proc('x', { command_line: 'run /c ipconfig' }), true],
      ['process.command_line.text:*c whoami*', proc('x', { command_line: 'ipconfig' }), false],
      ['process.command_line.text:zzz*', proc('x', { command_line: 'cmd /c WHOAMI' }), false],
      ['message:"failed password"', { message: 'Failed password for root' }, true],
      ['message:"password failed"', { message: 'Failed password for root' }, false],
      ['message:ROOT', { message: 'Failed password for root' }, true],
    ] as Row[],
  ],
  [
    '.caseless keyword: lower-cased exact',
    [
      ['process.name.caseless:cmd.exe', proc('CMD.EXE'), true],
      ['process.name.caseless:CMD*', proc('cmd.exe'), true],
      ['process.name.caseless:cmd', proc('cmd.exe'), false],
    ] as Row[],
  ],
  [
    'number (process.pid long)',
    [
      ['process.pid:1000', proc('x', { pid: 1000 }), true],
      ['process.pid:1000', proc('x', { pid: '1000' }), true],
      ['process.pid:1000.0', proc('x', { pid: 1000 }), true],
      ['process.pid:01000', proc('x', { pid: 1000 }), true],
      ['process.pid:abc', proc('x', { pid: 1000 }), false],
      ['process.pid >= 10', proc('x', { pid: 9 }), false],
      ['process.pid >= 10', proc('x', { pid: 10 }), true],
      ['process.pid > 10', proc('x', { pid: 10 }), false],
      ['process.pid < 10', proc('x', { pid: [50, 3] }), true],
    ] as Row[],
  ],
  [
    'keyword ranges and numbers-as-keyword: strings, by code point',
    [
      ['process.name >= 10', proc('9'), true],
      ['process.name >= 10', proc('10'), true],
      ['process.name >= 10', proc('100'), true],
      ['process.name >= 10', proc('1'), false],
      ['process.name < b', proc('a'), true],
      ['process.name < b', proc('B'), true],
      ['process.name: 1000', proc('1000'), true],
      ['process.name: 1000', proc(1000), true],
      ['process.name: 1000', proc('1000.0'), false],
    ] as Row[],
  ],
  [
    'ip (source.ip): equality and CIDR',
    [
      ['source.ip:10.0.0.0/8', { source: { ip: '10.1.2.3' } }, true],
      ['source.ip:10.0.0.0/8', { source: { ip: '11.1.2.3' } }, false],
      ['source.ip:"192.168.1.1"', { source: { ip: '192.168.1.1' } }, true],
      ['source.ip:fe80\\:\\:/10', { source: { ip: 'fe80::1' } }, true],
      ['source.ip:not-an-ip', { source: { ip: '10.1.2.3' } }, false],
      ['source.ip >= 10.0.0.5', { source: { ip: '10.0.0.7' } }, true],
      ['source.ip >= 10.0.0.5', { source: { ip: '10.0.0.4' } }, false],
    ] as Row[],
  ],
  [
    'date (@timestamp): instants, partial dates, date math (now = 2024-05-10T12:00Z)',
    [
      ['@timestamp:"2024-05-10T11:00:00.000Z"', { '@timestamp': '2024-05-10T11:00:00Z' }, true],
      ['@timestamp:2024-05-10', { '@timestamp': '2024-05-10T23:59:59.999Z' }, true],
      ['@timestamp:2024-05-10', { '@timestamp': '2024-05-11T00:00:00.000Z' }, false],
      ['@timestamp > now-1h', { '@timestamp': '2024-05-10T11:30:00Z' }, true],
      ['@timestamp > now-1h', { '@timestamp': '2024-05-10T10:30:00Z' }, false],
      ['@timestamp >= now-7d', { '@timestamp': '2024-05-03T12:00:00Z' }, true],
      ['@timestamp >= now/d', { '@timestamp': '2024-05-10T00:00:00Z' }, true],
      ['@timestamp > now/d', { '@timestamp': '2024-05-10T23:00:00Z' }, false],
      ['@timestamp < 2024-05-10', { '@timestamp': '2024-05-09T23:59:59Z' }, true],
      ['@timestamp <= 2024-05-10', { '@timestamp': '2024-05-10T23:00:00Z' }, true],
      ['@timestamp:yesterday', { '@timestamp': '2024-05-10T23:00:00Z' }, false],
    ] as Row[],
  ],
  [
    'boolean',
    [
      ['dll.code_signature.trusted:true', { dll: { code_signature: { trusted: true } } }, true],
      ['dll.code_signature.trusted:true', { dll: { code_signature: { trusted: 'true' } } }, true],
      ['dll.code_signature.trusted:false', { dll: { code_signature: { trusted: true } } }, false],
      ['dll.code_signature.trusted:yes', { dll: { code_signature: { trusted: true } } }, false],
    ] as Row[],
  ],
  [
    'exists, not, arrays and missing fields',
    [
      ['process.name:*', proc('x'), true],
      ['process.name:*', proc(null), false],
      ['process.name:*', proc([]), false],
      ['process.name:*', proc(''), true],
      ['not process.name:cmd.exe', {}, true],
      ['not process.name:cmd.exe', proc(['cmd.exe', 'x']), false],
      ['not process.name:cmd.exe', proc(['a', 'b']), true],
      ['not process.name:*', {}, true],
      ['process.name:(a or b) and not process.name:c', proc(['b', 'c']), false],
      ['process.name:(a or b and not c)', proc('a'), true],
      ['process.name:(a or b and not c)', proc(['b', 'c']), false],
      ['*:*', {}, true],
      ['', {}, true],
    ] as Row[],
  ],
  [
    'field-name wildcards and bare values (approximation: any field of the event)',
    [
      ['process.*:cmd.exe', proc('cmd.exe'), true],
      ['process.*:cmd.exe', { user: { name: 'cmd.exe' } }, false],
      ['file.hash.*:*', { file: { hash: { sha256: 'ab' } } }, true],
      ['file.hash.*:*', { file: { path: 'x' } }, false],
      ['cmd.exe', proc('cmd.exe'), true],
      ['cmd.exe', proc('CMD.EXE'), false],
      ['password', { message: 'Failed password' }, true],
      ['1234', proc('x', { pid: 1234 }), true],
      ['cmd*', proc('cmd.exe'), true],
      ['nothing*', proc('cmd.exe'), false],
    ] as Row[],
  ],
  [
    'nested: per object',
    [
      ['items:{ name:a and value:1 }', { items: [{ name: 'a', value: '1' }] }, true],
      ['items:{ name:a and value:1 }', { items: [{ name: 'a', value: '2' }, { name: 'b', value: '1' }] }, false],
      ['items.name:a and items.value:1', { items: [{ name: 'a', value: '2' }, { name: 'b', value: '1' }] }, true],
      ['items:{ not name:a }', { items: [{ name: 'a' }, { name: 'b' }] }, true],
      ['outer:{ inner:{ x:1 } }', { outer: [{ inner: [{ x: '1' }] }] }, true],
    ] as Row[],
  ],
])('%s', (_title, rows) => {
  it.each(table(rows))('%s on %s is %s', (query, _json, expected, event) => {
    expect(matches(query, event)).toBe(expected);
  });
});

describe('keyword mapping by type, with explicit schemas', () => {
  const schema = createSchema({ kw: 'keyword', num: 'long', wc: 'wildcard', ck: 'constant_keyword', txt: 'text' });
  const run = (query: string, event: EventDoc): boolean => compileKql(parseKql(query), { schema }).matches(event);
  it.each([
    ['kw:1000', { kw: '1000' }, true],
    ['kw:1000', { kw: '1000.0' }, false],
    ['num:1000', { num: '1000.0' }, true],
    ['kw >= 10', { kw: '9' }, true],
    ['num >= 10', { num: 9 }, false],
    ['ck:*a b*', { ck: 'bx' }, true],
    ['kw:*a b*', { kw: 'bx' }, false],
    ['kw:*a b*', { kw: 'xa bx' }, true],
    ['wc:*a b*', { wc: 'bx' }, true],
    ['txt:*A*', { txt: 'xay' }, true],
    ['txt:"quick fox"', { txt: 'The quick brown fox' }, false],
    ['txt:quick fox', { txt: 'a fox' }, true],
  ] as const)('%s on %j is %s', (query, event, expected) => {
    expect(run(query, event)).toBe(expected);
  });
});

describe('corpus queries on hand-made events', () => {
  it.each([
    [
      'event.category:process and host.os.type:linux and event.type:start and process.name:(curl or wget) and process.args:*http*',
      { event: { category: ['process'], type: ['start'] }, host: { os: { type: 'linux' } }, process: { name: 'curl', args: ['curl', 'https://x'] } },
      true,
    ],
    [
      'event.category:process and host.os.type:linux and event.type:start and process.name:(curl or wget) and process.args:*http*',
      { event: { category: ['process'], type: ['end'] }, host: { os: { type: 'linux' } }, process: { name: 'curl', args: ['https://x'] } },
      false,
    ],
    [
      'file.hash.*:* or file.pe.imphash:* or source.ip:* or destination.ip:* or url.full:* or registry.path:*',
      { destination: { ip: '8.8.8.8' } },
      true,
    ],
    [
      'event.dataset:okta.system and event.action:user.session.start and not okta.outcome.result:SUCCESS',
      { event: { dataset: 'okta.system', action: 'user.session.start' }, okta: { outcome: { result: 'FAILURE' } } },
      true,
    ],
    [
      'event.dataset:okta.system and event.action:user.session.start and not okta.outcome.result:SUCCESS',
      { event: { dataset: 'okta.system', action: 'user.session.start' }, okta: { outcome: { result: 'SUCCESS' } } },
      false,
    ],
  ] as const)('%s on %j is %s', (query, event, expected) => {
    expect(matches(query, event)).toBe(expected);
  });
});

describe('prefilter requirements', () => {
  const requires = (query: string) => compileKql(parseKql(query)).requires;
  it.each([
    ['process.name:cmd.exe', { kind: 'literal', text: 'cmd.exe', caseInsensitive: false }],
    ['process.name:1000', { kind: 'true' }],
    ['process.pid:1000', { kind: 'true' }],
    ['process.name.caseless:CMD.exe', { kind: 'literal', text: 'CMD.exe', caseInsensitive: true }],
    ['message:"Failed Password"', { kind: 'and', of: [{ kind: 'literal', text: 'failed', caseInsensitive: true }, { kind: 'literal', text: 'password', caseInsensitive: true }] }],
    ['process.name:*who*ami*', { kind: 'and', of: [{ kind: 'literal', text: 'who', caseInsensitive: false }, { kind: 'literal', text: 'ami', caseInsensitive: false }] }],
    ['process.name:a or process.name:b', { kind: 'or', of: [{ kind: 'literal', text: 'a', caseInsensitive: false }, { kind: 'literal', text: 'b', caseInsensitive: false }] }],
    ['process.name:a and not process.name:b', { kind: 'literal', text: 'a', caseInsensitive: false }],
    ['process.name:a or process.pid:1', { kind: 'true' }],
    ['process.*:abc', { kind: 'true' }],
    ['abc', { kind: 'true' }],
  ] as const)('%s requires %j', (query, expected) => {
    expect(requires(query)).toEqual(expected);
  });

  it.each([
    ['process.name:cmd.exe and message:"Failed Password"', { process: { name: 'cmd.exe' }, message: 'FAILED password x' }],
    ['process.command_line:*foo bar*', { process: { command_line: 'bar' } }],
    ['process.name.caseless:CMD*', { process: { name: 'cmd.exe' } }],
  ] as const)('a matching event satisfies the requirement of %s', (query, event) => {
    const compiled = compileKql(parseKql(query));
    expect(compiled.matches(event)).toBe(true);
    expect(textSatisfies(compiled.requires, JSON.stringify(event))).toBe(true);
  });

  it('lists the fields a query reads, in order, once', () => {
    expect(compileKql(parseKql('b:1 and (a:2 or b:3) and n:{ c:1 } and x.*:1')).fields).toEqual(['b', 'a', 'n.c', 'x.*']);
  });
});
