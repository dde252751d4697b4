/**
 * Each Query DSL type against each ECS mapping family (process.name keyword, process.command_line
 * wildcard, message match_only_text, process.name.text, host.os.name.caseless, source.ip ip,
 * process.pid long, @timestamp date, dll.code_signature.trusted boolean), traps included.
 */
import { describe, expect, it } from 'vitest';
import { textSatisfies } from '../../../src/engine/query/requirements.ts';
import { compileDsl } from '../../../src/engine/dsl/compile.ts';
import { dslMatches, NOW, table, type Row } from './helpers.ts';

const proc = (name: unknown, extra: Record<string, unknown> = {}) => ({ process: { name, ...extra } });
const msg = (message: unknown) => ({ message });

const groups: [string, Row[]][] = [
  [
    'term',
    [
      [{ term: { 'process.name': 'cmd.exe' } }, proc('cmd.exe'), true],
      [{ term: { 'process.name': 'cmd.exe' } }, proc('CMD.EXE'), false],
      [{ term: { 'process.name': { value: 'cmd.exe' } } }, proc(['a', 'cmd.exe']), true],
      [{ term: { 'process.name': { value: 'cmd.exe', case_insensitive: true } } }, proc('CMD.EXE'), true],
      [{ term: { 'process.name': { value: 'cmd', case_insensitive: true } } }, proc('CMD.EXE'), false],
      // Trap: term is not analysed, and text fields index lower-cased tokens.
      [{ term: { message: 'Error' } }, msg('Error opening file'), false],
      [{ term: { message: 'error' } }, msg('Error opening file'), true],
      [{ term: { message: 'opening file' } }, msg('Error opening file'), false],
      [{ term: { message: { value: 'ERROR', case_insensitive: true } } }, msg('Error opening file'), true],
      [{ term: { 'host.os.name.caseless': 'Windows' } }, { host: { os: { name: 'WINDOWS' } } }, true],
      [{ term: { 'process.pid': 42 } }, proc('x', { pid: '42' }), true],
      [{ term: { 'process.pid': '42.0' } }, proc('x', { pid: 42 }), true],
      [{ term: { 'process.pid': 'abc' } }, proc('x', { pid: 42 }), false],
      [{ term: { 'source.ip': '10.0.0.0/8' } }, { source: { ip: '10.1.2.3' } }, true],
      [{ term: { 'source.ip': '10.0.0.1' } }, { source: { ip: '10.0.0.2' } }, false],
      [{ term: { 'dll.code_signature.trusted': true } }, { dll: { code_signature: { trusted: 'true' } } }, true],
      [{ term: { 'dll.code_signature.trusted': 'false' } }, { dll: { code_signature: { trusted: true } } }, false],
      [{ term: { '@timestamp': '2024-05-10' } }, { '@timestamp': '2024-05-10T08:00:00Z' }, true],
      [{ term: { 'process.name': 'cmd.exe' } }, {}, false],
      // Keyword form of a JSON number.
      [{ term: { 'labels.code': '5' } }, { labels: { code: 5 } }, true],
    ],
  ],
  [
    'terms',
    [
      [{ terms: { 'process.name': ['a.exe', 'cmd.exe'] } }, proc('cmd.exe'), true],
      [{ terms: { 'process.name': ['a.exe', 'b.exe'], boost: 2 } }, proc('cmd.exe'), false],
      [{ terms: { 'process.name': [] } }, proc('cmd.exe'), false],
      [{ terms: { 'process.pid': [1, '42'] } }, proc('x', { pid: 42 }), true],
      [{ terms: { 'source.ip': ['192.168.0.0/16', '10.0.0.1'] } }, { source: { ip: ['1.1.1.1', '192.168.5.5'] } }, true],
    ],
  ],
  [
    'match',
    [
      // Text: any analysed token by default.
      [{ match: { message: 'failed LOGIN' } }, msg('Login succeeded'), true],
      [{ match: { message: { query: 'failed login', operator: 'and' } } }, msg('Login succeeded'), false],
      [{ match: { message: { query: 'failed login', operator: 'AND' } } }, msg('login attempt FAILED'), true],
      // operator and: tokens may come from different values of the field.
      [{ match: { message: { query: 'failed login', operator: 'and' } } }, msg(['failed', 'login']), true],
      [{ match: { message: { query: 'a b c', minimum_should_match: 2 } } }, msg('c and b'), true],
      [{ match: { message: { query: 'a b c', minimum_should_match: '67%' } } }, msg('only c'), false],
      [{ match: { message: { query: 'a b c', minimum_should_match: '-2' } } }, msg('only c'), true],
      [{ match: { message: '!!!' } }, msg('anything'), false],
      [{ match: { message: { query: '!!!', zero_terms_query: 'all' } } }, msg('anything'), true],
      [{ match: { 'process.name.text': 'PYTHON3' } }, proc('Python3'), true],
      // Trap: match on a keyword field is an exact, case-sensitive term.
      [{ match: { 'process.name': 'cmd.exe' } }, proc('cmd.exe'), true],
      [{ match: { 'process.name': 'cmd' } }, proc('cmd.exe'), false],
      [{ match: { 'process.name': 'CMD.exe' } }, proc('cmd.exe'), false],
      [{ match: { 'process.name': 'cmd.exe other' } }, proc('cmd.exe'), false],
      [{ match: { 'host.os.name.caseless': 'Windows' } }, { host: { os: { name: 'windows' } } }, true],
      [{ match: { 'process.pid': '42' } }, proc('x', { pid: 42 }), true],
      [{ match: { 'source.ip': '10.0.0.0/8' } }, { source: { ip: '10.9.9.9' } }, true],
      [{ match: { '@timestamp': '2024-05-10T08:00:00Z' } }, { '@timestamp': 1715328000000 }, true],
    ],
  ],
  [
    'match_phrase',
    [
      [{ match_phrase: { message: 'opening file' } }, msg('Error opening FILE now'), true],
      [{ match_phrase: { message: 'file opening' } }, msg('Error opening file'), false],
      // A phrase never spans two values of an array.
      [{ match_phrase: { message: 'opening file' } }, msg(['Error opening', 'file now']), false],
      [{ match_phrase: { message: { query: 'opening file', slop: 0 } } }, msg('opening file'), true],
      [{ match_phrase: { 'process.name': 'python3' } }, proc(['bash', 'python3']), true],
      [{ match_phrase: { 'process.name': 'Python3' } }, proc('python3'), false],
      [{ match_phrase: { 'process.name': 'python' } }, proc('python3'), false],
      [{ match_phrase: { 'process.command_line': 'whoami /all' } }, proc('x', { command_line: 'whoami /all' }), true],
      [{ match_phrase: { 'process.command_line.text': 'WHOAMI all' } }, proc('x', { command_line: 'cmd /c whoami /all' }), true],
    ],
  ],
  [
    'wildcard',
    [
      [{ wildcard: { 'process.name': 'python*' } }, proc('python3.11'), true],
      [{ wildcard: { 'process.name': 'python*' } }, proc('Python3'), false],
      [{ wildcard: { 'process.name': { value: 'python*', case_insensitive: true } } }, proc('PYTHON3'), true],
      [{ wildcard: { 'process.name': { wildcard: 'py?hon' } } }, proc('python'), true],
      [{ wildcard: { 'process.name': 'py?hon' } }, proc('pyhon'), false],
      [{ wildcard: { 'process.name': '*my app*' } }, proc('run my app now'), true],
      // `\` escapes the next character: a single backslash before a letter is lost.
      [{ wildcard: { 'file.path': 'C:\\Windows\\*' } }, { file: { path: 'C:\\Windows\\cmd.exe' } }, false],
      [{ wildcard: { 'file.path': 'C:\\Windows\\*' } }, { file: { path: 'C:Windows*' } }, true],
      [{ wildcard: { 'file.path': 'C:\\\\Windows\\\\*' } }, { file: { path: 'C:\\Windows\\cmd.exe' } }, true],
      [{ wildcard: { 'process.name': 'a\\*b' } }, proc('a*b'), true],
      [{ wildcard: { 'process.name': 'a\\*b' } }, proc('axb'), false],
      [{ wildcard: { 'process.name': 'ends\\' } }, proc('ends\\'), true],
      // The `wildcard` field type (process.command_line) matches the whole value like keyword.
      [{ wildcard: { 'process.command_line': '*whoami*' } }, proc('x', { command_line: 'cmd /c whoami' }), true],
      [{ wildcard: { 'process.command_line': '*WHOAMI*' } }, proc('x', { command_line: 'cmd /c whoami' }), false],
      // Trap: on text, the pattern matches single tokens and is not lower-cased.
      [{ wildcard: { message: 'err*' } }, msg('Error opening'), true],
      [{ wildcard: { message: 'Err*' } }, msg('Error opening'), false],
      [{ wildcard: { message: { value: 'Err*', case_insensitive: true } } }, msg('Error opening'), true],
      [{ wildcard: { message: 'error open*' } }, msg('Error opening'), false],
      [{ wildcard: { 'host.os.name.caseless': 'WIN*' } }, { host: { os: { name: 'Windows' } } }, true],
      [{ wildcard: { 'process.pid': '4*' } }, proc('x', { pid: 42 }), false],
      [{ wildcard: { 'source.ip': '10.*' } }, { source: { ip: '10.0.0.1' } }, false],
      [{ wildcard: { 'process.name': '*' } }, proc(''), true],
    ],
  ],
  [
    'prefix',
    [
      [{ prefix: { 'process.name': 'pyth' } }, proc('python3'), true],
      [{ prefix: { 'process.name': 'Pyth' } }, proc('python3'), false],
      [{ prefix: { 'process.name': { value: 'PYTH', case_insensitive: true } } }, proc('python3'), true],
      [{ prefix: { 'process.name': 'a*' } }, proc('abc'), false],
      [{ prefix: { 'process.name': 'a*' } }, proc('a*c'), true],
      [{ prefix: { message: 'ope' } }, msg('Error OPENING'), true],
      [{ prefix: { message: 'OPE' } }, msg('Error OPENING'), false],
    ],
  ],
  [
    'regexp',
    [
      [{ regexp: { 'process.name': 'py.*[0-9]' } }, proc('python3'), true],
      [{ regexp: { 'process.name': 'py.*' } }, proc('xpython'), false],
      [{ regexp: { 'process.name': { value: 'PY.*', case_insensitive: true } } }, proc('python'), true],
      [{ regexp: { 'process.name': { value: 'PY.*' } } }, proc('python'), false],
      [{ regexp: { 'process.name': { value: 'py.*', flags: 'ALL' } } }, proc('python'), true],
      [{ regexp: { message: 'op[a-z]+' } }, msg('Error OPENING'), true],
      [{ regexp: { message: 'OP.*' } }, msg('Error OPENING'), false],
      [{ regexp: { 'host.os.name.caseless': 'win.*' } }, { host: { os: { name: 'WINDOWS' } } }, true],
    ],
  ],
  [
    'range',
    [
      [{ range: { 'process.pid': { gt: 10, lte: 42 } } }, proc('x', { pid: 42 }), true],
      [{ range: { 'process.pid': { gt: 42 } } }, proc('x', { pid: 42 }), false],
      [{ range: { 'process.pid': { gte: '42' } } }, proc('x', { pid: '42' }), true],
      [{ range: { 'process.pid': { gte: 1, lt: 10 } } }, proc('x', { pid: [50, 5] }), true],
      [{ range: { 'process.pid': { from: 1, to: 42, include_upper: false } } }, proc('x', { pid: 42 }), false],
      [{ range: { 'process.pid': { from: null, to: 42 } } }, proc('x', { pid: -5 }), true],
      // Later keys win, as Elasticsearch reads them in order.
      [{ range: { 'process.pid': { gt: 42, gte: 42 } } }, proc('x', { pid: 42 }), true],
      [{ range: { '@timestamp': { gte: 'now-1h' } } }, { '@timestamp': '2024-05-10T11:30:00Z' }, true],
      [{ range: { '@timestamp': { gte: 'now-1h' } } }, { '@timestamp': '2024-05-10T10:30:00Z' }, false],
      [{ range: { '@timestamp': { gte: 'now/d', lt: 'now+1d/d' } } }, { '@timestamp': '2024-05-10T00:00:00Z' }, true],
      // `lte` rounds up: the whole of 2024-05-09 is included.
      [{ range: { '@timestamp': { lte: '2024-05-09' } } }, { '@timestamp': '2024-05-09T23:59:59Z' }, true],
      [{ range: { '@timestamp': { lt: '2024-05-09' } } }, { '@timestamp': '2024-05-09T00:00:01Z' }, false],
      [{ range: { '@timestamp': { gte: '2024-05-10', format: 'strict_date_optional_time||epoch_millis', time_zone: 'UTC' } } }, { '@timestamp': NOW }, true],
      [{ range: { 'source.ip': { gte: '10.0.0.0', lte: '10.255.255.255' } } }, { source: { ip: '10.20.0.1' } }, true],
      [{ range: { 'source.ip': { gte: '10.0.0.0', lte: '10.255.255.255' } } }, { source: { ip: '11.0.0.1' } }, false],
      // Keyword ranges compare code points: upper case sorts before lower case.
      [{ range: { 'process.name': { gte: 'a', lt: 'b' } } }, proc('abc'), true],
      [{ range: { 'process.name': { gte: 'a', lt: 'b' } } }, proc('Abc'), false],
      [{ range: { 'process.name': { gt: '10' } } }, proc('9'), true],
    ],
  ],
  [
    'exists',
    [
      [{ exists: { field: 'process.name' } }, proc('x'), true],
      [{ exists: { field: 'process.name' } }, proc(''), true],
      [{ exists: { field: 'process.name' } }, proc(null), false],
      [{ exists: { field: 'process.name' } }, proc([]), false],
      [{ exists: { field: 'process.name' } }, proc([null]), false],
      [{ exists: { field: 'process.name' } }, proc('x'.repeat(1025)), false],
      [{ exists: { field: 'process.name.caseless' } }, proc('x'), true],
      // An object field exists when something under it has a value.
      [{ exists: { field: 'process' } }, proc('x'), true],
      [{ exists: { field: 'process' } }, { process: { name: null } }, false],
      [{ exists: { field: 'process.*' } }, proc('x'), true],
      [{ exists: { field: 'process.*' } }, { file: { name: 'x' } }, false],
    ],
  ],
  [
    'ids, match_all, match_none, constant_score, dis_max',
    [
      [{ ids: { values: ['a'] } }, { _id: 'a' }, false],
      [{ match_all: {} }, {}, true],
      [{ match_none: {} }, proc('x'), false],
      [{ constant_score: { filter: { term: { 'process.name': 'x' } }, boost: 1.2 } }, proc('x'), true],
      [{ dis_max: { queries: [{ term: { 'process.name': 'x' } }, { term: { 'process.name': 'y' } }] } }, proc('y'), true],
      [{ dis_max: { queries: [{ term: { 'process.name': 'x' } }] } }, proc('y'), false],
    ],
  ],
  [
    'nested',
    [
      // dll.pe.sections is nested: both conditions must hold in one element.
      [
        { nested: { path: 'dll.pe.sections', query: { bool: { filter: [{ term: { 'dll.pe.sections.name': '.text' } }, { range: { 'dll.pe.sections.entropy': { gt: 7 } } }] } } } },
        { dll: { pe: { sections: [{ name: '.text', entropy: 5 }, { name: '.rsrc', entropy: 8 }] } } },
        false,
      ],
      [
        { nested: { path: 'dll.pe.sections', query: { bool: { filter: [{ term: { 'dll.pe.sections.name': '.text' } }, { range: { 'dll.pe.sections.entropy': { gt: 7 } } }] } } } },
        { dll: { pe: { sections: [{ name: '.rsrc', entropy: 5 }, { name: '.text', entropy: 8 }] } } },
        true,
      ],
      // Outside a nested query, fields of a nested mapping have no values (ES: separate documents).
      [{ term: { 'dll.pe.sections.name': '.text' } }, { dll: { pe: { sections: [{ name: '.text' }] } } }, false],
      [{ bool: { must_not: { term: { 'dll.pe.sections.name': '.text' } } } }, { dll: { pe: { sections: [{ name: '.text' }] } } }, true],
      // An object array that is not nested-mapped is flattened: conditions may hold in different elements.
      [
        { bool: { filter: [{ term: { 'items.a': '1' } }, { term: { 'items.b': '2' } }] } },
        { items: [{ a: '1', b: '3' }, { a: '3', b: '2' }] },
        true,
      ],
      // A nested query on a path the schema does not know still runs per element (lenient).
      [
        { nested: { path: 'items', query: { bool: { must: [{ term: { 'items.a': '1' } }, { term: { 'items.b': '2' } }] } } } },
        { items: [{ a: '1', b: '3' }, { a: '3', b: '2' }] },
        false,
      ],
      [
        { nested: { path: 'items', query: { bool: { must: [{ term: { 'items.a': '1' } }, { term: { 'items.b': '2' } }] } } } },
        { items: [{ a: '1', b: '2' }] },
        true,
      ],
      // Inner fields outside the nested path have no values inside it.
      [{ nested: { path: 'items', query: { term: { 'other.a': '1' } } } }, { items: [{ a: '1' }], other: { a: '1' } }, false],
      [{ nested: { path: 'items', query: { exists: { field: 'items.a' } } } }, { items: { a: 'x' } }, true],
    ],
  ],
  [
    'query_string',
    [
      [{ query_string: { query: 'process.name:cmd.exe AND NOT user.name:SYSTEM' } }, { process: { name: 'cmd.exe' }, user: { name: 'bob' } }, true],
      [{ query_string: { query: 'process.name:cmd.exe AND NOT user.name:SYSTEM' } }, { process: { name: 'cmd.exe' }, user: { name: 'SYSTEM' } }, false],
      [{ query_string: { query: 'cmd*', default_field: 'process.name' } }, proc('cmd.exe'), true],
      [{ query_string: { query: 'cmd*', fields: ['process.name'] } }, proc('xcmd.exe'), false],
    ],
  ],
];

describe.each(groups)('%s', (_name, rows) => {
  it.each(table(rows))('%s on %s → %s', (_q, _e, expected, query, event) => {
    expect(dslMatches(query, event)).toBe(expected);
  });

  // Prefilter soundness: a matching event's raw JSON satisfies the query's requirement (lines with
  // JSON escapes take the prefilter's safe path, so only escape-free lines are checked).
  it.each(table(rows.filter((row) => row[2] && !JSON.stringify(row[1]).includes('\\'))))(
    'requirement of %s holds on %s',
    (_q, _e, _x, query, event) => {
      expect(textSatisfies(compileDsl(query, { now: NOW }).requires, JSON.stringify(event))).toBe(true);
    },
  );
});

describe('requirements', () => {
  it.each([
    [{ term: { 'process.name': 'cmd.exe' } }, { kind: 'literal', text: 'cmd.exe', caseInsensitive: false }],
    [{ term: { 'process.name': { value: 'Cmd.exe', case_insensitive: true } } }, { kind: 'literal', text: 'Cmd.exe', caseInsensitive: true }],
    [{ match_phrase: { 'process.name': 'cmd.exe' } }, { kind: 'literal', text: 'cmd.exe', caseInsensitive: false }],
    [{ bool: { must_not: { term: { 'process.name': 'cmd.exe' } } } }, { kind: 'true' }],
    [
      { bool: { should: [{ term: { 'process.name': 'a.exe' } }, { term: { 'process.name': 'b.exe' } }] } },
      { kind: 'or', of: [{ kind: 'literal', text: 'a.exe', caseInsensitive: false }, { kind: 'literal', text: 'b.exe', caseInsensitive: false }] },
    ],
    // Optional should clauses (next to a filter) constrain nothing.
    [{ bool: { filter: { term: { 'process.name': 'a.exe' } }, should: { term: { 'user.name': 'bob' } } } }, { kind: 'literal', text: 'a.exe', caseInsensitive: false }],
    [{ range: { 'process.pid': { gt: 1 } } }, { kind: 'true' }],
  ])('%j requires %j', (query, requirement) => {
    expect(compileDsl(query).requires).toEqual(requirement);
  });

  it('lists the fields read, in query order, without duplicates', () => {
    const query = { bool: { filter: [{ term: { 'process.name': 'a' } }, { exists: { field: 'user.name' } }], must_not: { term: { 'process.name': 'b' } } } };
    expect(compileDsl(query).fields).toEqual(['process.name', 'user.name']);
  });
});
