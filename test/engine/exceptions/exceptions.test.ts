/**
 * Exception lists: every entry type and operator, os_types, nested entries, value lists, expiry,
 * and the one-line descriptions.
 */
import { describe, expect, it } from 'vitest';
import { compileExceptions, type ExceptionWarning } from '../../../src/engine/exceptions/compile.ts';
import { describeExceptionItem } from '../../../src/engine/exceptions/describe.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import type { ExceptionItem, ExceptionList } from '../../../src/engine/rules/model.ts';

const NOW = Date.parse('2024-05-10T12:00:00.000Z');

function item(entries: unknown[], extra: Record<string, unknown> = {}, id = 'item-1'): ExceptionItem {
  const raw = { item_id: id, list_id: 'list-1', namespace_type: 'single', type: 'simple', entries, ...extra };
  const osTypes = extra.os_types as string[] | undefined;
  return { item_id: id, list_id: 'list-1', namespace_type: 'single', entries: entries as ExceptionItem['entries'], ...(osTypes ? { os_types: osTypes } : {}), raw };
}

function list(items: ExceptionItem[]): ExceptionList {
  return { list_id: 'list-1', type: 'detection', namespace_type: 'single', name: 'L', items, raw: {} };
}

/** Whether the exceptions exclude the event (null filter: nothing is excluded). */
function excludes(items: ExceptionItem[], event: EventDoc, warnings: ExceptionWarning[] = []): boolean {
  const filter = compileExceptions([list(items)], { now: NOW, onWarning: (w) => warnings.push(w) });
  return filter !== null && filter.matches(event);
}

const match = (field: string, value: string, operator = 'included') => ({ field, operator, type: 'match', value });
const matchAny = (field: string, value: string[], operator = 'included') => ({ field, operator, type: 'match_any', value });
const wildcard = (field: string, value: string, operator = 'included') => ({ field, operator, type: 'wildcard', value });
const exists = (field: string, operator = 'included') => ({ field, operator, type: 'exists' });

const proc = (name: unknown, extra: Record<string, unknown> = {}): EventDoc => ({ process: { name, ...extra } });

type Row = [entries: object[], event: EventDoc, excluded: boolean];

const groups: [string, Row[]][] = [
  [
    'match (is / is not)',
    [
      [[match('process.name', 'python3')], proc('python3'), true],
      [[match('process.name', 'python3')], proc('Python3'), false],
      [[match('process.name', 'python3')], proc(['bash', 'python3']), true],
      [[match('process.name', 'python3')], {}, false],
      [[match('process.name', 'python3', 'excluded')], proc('bash'), true],
      [[match('process.name', 'python3', 'excluded')], proc('python3'), false],
      // Trap: "is not" on a missing field holds, so the item excludes the event.
      [[match('process.name', 'python3', 'excluded')], {}, true],
      [[match('process.name', 'python3', 'excluded')], proc(['python3', 'bash']), false],
      // match_phrase on text is a phrase of analysed tokens.
      [[match('message', 'opening file')], { message: 'Error OPENING file' }, true],
      [[match('message', 'file opening')], { message: 'Error opening file' }, false],
      [[match('process.pid', '42')], proc('x', { pid: 42 }), true],
      [[match('source.ip', '10.0.0.0/8')], { source: { ip: '10.1.1.1' } }, true],
      [[match('host.os.name.caseless', 'Windows')], { host: { os: { name: 'WINDOWS' } } }, true],
    ],
  ],
  [
    'match_any (is one of / is not one of)',
    [
      [[matchAny('process.name', ['a.exe', 'b.exe'])], proc('b.exe'), true],
      [[matchAny('process.name', ['a.exe', 'b.exe'])], proc('c.exe'), false],
      [[matchAny('process.name', ['a.exe'])], proc(['c.exe', 'a.exe']), true],
      [[matchAny('process.name', ['a.exe', 'b.exe'], 'excluded')], proc('c.exe'), true],
      [[matchAny('process.name', ['a.exe', 'b.exe'], 'excluded')], proc(['c.exe', 'b.exe']), false],
      [[matchAny('process.name', ['a.exe', 'b.exe'], 'excluded')], {}, true],
    ],
  ],
  [
    'wildcard (matches / does not match)',
    [
      [[wildcard('file.path', '/tmp/*')], { file: { path: '/tmp/x.sh' } }, true],
      [[wildcard('file.path', '/tmp/*')], { file: { path: '/TMP/x.sh' } }, false],
      [[wildcard('file.path', '/tmp/?.sh')], { file: { path: '/tmp/xy.sh' } }, false],
      // Kibana sends the value as typed: a single backslash escapes, so Windows paths need `\\`.
      [[wildcard('file.path', 'C:\\Windows\\*')], { file: { path: 'C:\\Windows\\notepad.exe' } }, false],
      [[wildcard('file.path', 'C:\\\\Windows\\\\*')], { file: { path: 'C:\\Windows\\notepad.exe' } }, true],
      [[wildcard('file.path', 'C:\\\\Windows\\\\*')], { file: { path: 'c:\\windows\\notepad.exe' } }, false],
      [[wildcard('file.path', '/tmp/*', 'excluded')], { file: { path: '/home/x' } }, true],
      [[wildcard('file.path', '/tmp/*', 'excluded')], {}, true],
      [[wildcard('file.path', '/tmp/*', 'excluded')], { file: { path: '/tmp/x' } }, false],
    ],
  ],
  [
    'exists (exists / does not exist)',
    [
      [[exists('user.name')], { user: { name: 'bob' } }, true],
      [[exists('user.name')], { user: { name: null } }, false],
      [[exists('user.name', 'excluded')], {}, true],
      [[exists('user.name', 'excluded')], { user: { name: [] } }, true],
      [[exists('user.name', 'excluded')], { user: { name: 'bob' } }, false],
    ],
  ],
  [
    'entries are ANDed',
    [
      [[match('process.name', 'python3'), wildcard('file.path', '/tmp/*')], { process: { name: 'python3' }, file: { path: '/tmp/a' } }, true],
      [[match('process.name', 'python3'), wildcard('file.path', '/tmp/*')], { process: { name: 'python3' }, file: { path: '/var/a' } }, false],
    ],
  ],
  [
    'nested (entries hold in one element)',
    [
      [
        [{ field: 'process.Ext.code_signature', type: 'nested', entries: [match('subject_name', 'Microsoft Corporation'), match('trusted', 'true')] }],
        { process: { Ext: { code_signature: [{ subject_name: 'Microsoft Corporation', trusted: true }] } } },
        true,
      ],
      [
        [{ field: 'process.Ext.code_signature', type: 'nested', entries: [match('subject_name', 'Microsoft Corporation'), match('trusted', 'true')] }],
        { process: { Ext: { code_signature: [{ subject_name: 'Microsoft Corporation', trusted: false }, { subject_name: 'Evil', trusted: true }] } } },
        false,
      ],
      [
        [{ field: 'process.Ext.code_signature', type: 'nested', entries: [match('subject_name', 'Microsoft Corporation')] }],
        { process: { Ext: { code_signature: { subject_name: 'Microsoft Corporation' } } } },
        true,
      ],
      [
        [{ field: 'process.Ext.code_signature', type: 'nested', entries: [exists('subject_name', 'excluded')] }],
        { process: { Ext: { code_signature: [{ trusted: true }] } } },
        true,
      ],
      // Without any element there is nothing for a nested entry to hold in.
      [[{ field: 'process.Ext.code_signature', type: 'nested', entries: [exists('subject_name', 'excluded')] }], {}, false],
      // A plain entry on a nested-mapped field sees no values, as in Elasticsearch.
      [[match('process.Ext.code_signature.trusted', 'true')], { process: { Ext: { code_signature: [{ trusted: true }] } } }, false],
    ],
  ],
];

describe.each(groups)('%s', (_name, rows) => {
  it.each(rows.map(([entries, event, excluded]) => [JSON.stringify(entries), JSON.stringify(event), excluded, entries, event] as const))(
    '%s on %s → excluded %s',
    (_e, _v, excluded, entries, event) => {
      expect(excludes([item(entries)], event)).toBe(excluded);
    },
  );
});

describe('items and lists', () => {
  it('items are ORed, across lists too', () => {
    const a = item([match('process.name', 'a.exe')], {}, 'a');
    const b = item([match('process.name', 'b.exe')], {}, 'b');
    const filter = compileExceptions([list([a]), list([b])])!;
    expect([filter.matches(proc('a.exe')), filter.matches(proc('b.exe')), filter.matches(proc('c.exe'))]).toEqual([true, true, false]);
    expect(filter.fields).toEqual(['process.name']);
  });

  it('no items: no filter', () => {
    expect(compileExceptions([list([])])).toBeNull();
    expect(compileExceptions([])).toBeNull();
  });

  it.each([
    [['windows'], { host: { os: { type: 'windows' } }, process: { name: 'a.exe' } }, true],
    [['windows'], { host: { os: { name: 'Windows' } }, process: { name: 'a.exe' } }, true],
    [['windows'], { host: { os: { type: 'linux' } }, process: { name: 'a.exe' } }, false],
    [['windows'], { process: { name: 'a.exe' } }, false],
    [['windows', 'macos'], { host: { os: { type: 'macos' } }, process: { name: 'a.exe' } }, true],
    [['windows'], { host: { os: { type: 'windows' } }, process: { name: 'b.exe' } }, false],
    [[], { process: { name: 'a.exe' } }, true],
  ])('os_types %j on %j → excluded %s', (osTypes, event, excluded) => {
    expect(excludes([item([match('process.name', 'a.exe')], { os_types: osTypes })], event)).toBe(excluded);
  });

  it('items with value lists are not evaluated, with a warning', () => {
    const warnings: ExceptionWarning[] = [];
    const withList = item([match('process.name', 'a.exe'), { field: 'source.ip', operator: 'included', type: 'list', list: { id: 'ips', type: 'ip' } }], {}, 'l');
    expect(excludes([withList], proc('a.exe'), warnings)).toBe(false);
    expect(warnings).toEqual([expect.objectContaining({ kind: 'value_list', itemId: 'l', listId: 'list-1' })]);
    expect(warnings[0]!.message).toMatch(/value list/);
  });

  it('expired items are dropped', () => {
    const warnings: ExceptionWarning[] = [];
    const expired = item([match('process.name', 'a.exe')], { expire_time: '2024-05-01T00:00:00Z' }, 'old');
    const current = item([match('process.name', 'b.exe')], { expire_time: '2024-06-01T00:00:00Z' }, 'new');
    expect(excludes([expired, current], proc('a.exe'), warnings)).toBe(false);
    expect(excludes([expired, current], proc('b.exe'))).toBe(true);
    expect(warnings.map((w) => [w.kind, w.itemId])).toEqual([['expired', 'old']]);
  });

  it.each<[unknown[], RegExp]>([
    [[], /at least one entry/],
    [[{ field: 'a', operator: 'included', type: 'match', value: '' }], /non-empty string value/],
    [[{ field: 'a', operator: 'is', type: 'match', value: 'x' }], /operator must be/],
    [[{ field: 'a', operator: 'included', type: 'match_any', value: [] }], /non-empty array/],
    [[{ field: 'a', operator: 'included', type: 'regex', value: 'x' }], /unknown entry type "regex"/],
    [[{ type: 'match', operator: 'included', value: 'x' }], /without a field/],
    [[{ field: 'p', type: 'nested', entries: [{ field: 'q', type: 'nested', entries: [] }] }], /cannot be inside a nested entry/],
    [['not an object'], /not an object/],
  ])('invalid item %j is skipped with a warning', (entries, message) => {
    const warnings: ExceptionWarning[] = [];
    expect(excludes([item(entries)], proc('x'), warnings)).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.kind).toBe('invalid');
    expect(warnings[0]!.message).toMatch(message);
  });

  it('hostile field names and values stay data', () => {
    const event = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "x"}') as EventDoc;
    expect(excludes([item([match('__proto__.polluted', 'yes')])], event)).toBe(true);
    expect(excludes([item([match('constructor', 'x')])], event)).toBe(true);
    expect(excludes([item([match('toString', 'x')])], {})).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('describeExceptionItem', () => {
  it.each([
    [[match('process.name', 'python3'), wildcard('file.path', '/tmp/*')], [], 'process.name is python3 AND file.path matches /tmp/*'],
    [[match('process.name', 'python3', 'excluded')], [], 'process.name is not python3'],
    [[matchAny('process.name', ['a.exe', 'b c.exe'])], [], 'process.name is one of a.exe, "b c.exe"'],
    [[matchAny('process.name', ['a.exe'], 'excluded')], [], 'process.name is not one of a.exe'],
    [[wildcard('file.path', '/tmp/*', 'excluded')], [], 'file.path does not match /tmp/*'],
    [[exists('user.name'), exists('user.id', 'excluded')], [], 'user.name exists AND user.id does not exist'],
    [[{ field: 'source.ip', operator: 'excluded', type: 'list', list: { id: 'bad-ips', type: 'ip' } }], [], 'source.ip is not in list bad-ips'],
    [
      [{ field: 'process.Ext.code_signature', type: 'nested', entries: [match('subject_name', 'Microsoft Corporation'), match('trusted', 'true')] }],
      [],
      'process.Ext.code_signature has an element where (subject_name is "Microsoft Corporation" AND trusted is true)',
    ],
    [[match('process.name', 'a.exe')], ['windows'], 'OS is windows AND process.name is a.exe'],
    [[match('process.name', 'a.exe')], ['windows', 'linux'], 'OS is one of windows, linux AND process.name is a.exe'],
    [[], [], '(invalid exception item: an exception item needs at least one entry)'],
  ])('%j (os %j) → %s', (entries, osTypes, text) => {
    expect(describeExceptionItem(item(entries, { os_types: osTypes }))).toBe(text);
  });
});
