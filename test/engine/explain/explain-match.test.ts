/** explainMatch beyond the seed rules: filters, exceptions, sequence clauses, field names, languages. */
import { describe, expect, it } from 'vitest';
import { explainKql } from '../../../src/engine/explain/kql.ts';
import { explainMatch } from '../../../src/engine/explain/match.ts';
import { createSchema } from '../../../src/engine/fields/schema.ts';
import { parseKql } from '../../../src/engine/kql/parser.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import type { RuleEntry } from '../../../src/engine/rules/model.ts';
import { exportedRule, exportedRules, withFields } from '../detect/helpers.ts';
import { expectFieldsPresent } from './helpers.ts';

const rule = (fields: Record<string, unknown>, ...objects: object[]): RuleEntry => exportedRules([exportedRule(fields), ...objects])[0]!;

const kcc: EventDoc = {
  '@timestamp': '2024-01-01T00:00:00.000Z',
  event: { category: 'process', type: 'start' },
  host: { name: 'laptop-7', id: 'h1', os: { type: 'macos' } },
  user: { name: 'alice' },
  process: { name: 'kcc', command_line: 'kcc copy_cred_cache --verbose', args: ['kcc', 'copy_cred_cache'], parent: { name: 'zsh' } },
};

const fileEvent: EventDoc = { '@timestamp': '2024-01-01T00:00:01.000Z', event: { category: 'file' }, host: { id: 'h1' }, file: { path: '/tmp/stash' } };

const phrase = (field: string, value: string, meta: Record<string, unknown> = {}) => ({
  meta: { key: field, negate: false, disabled: false, type: 'phrase', ...meta },
  query: { match_phrase: { [field]: value } },
});

const LIST = { list_id: 'kcc-exceptions', type: 'detection', namespace_type: 'single', name: 'kcc exceptions', description: 'test' };
const listRef = { id: 'list-object', list_id: LIST.list_id, type: 'detection', namespace_type: 'single' };
const ITEMS = [
  { item_id: 'build-host', list_id: LIST.list_id, namespace_type: 'single', type: 'simple', name: 'b', description: '', entries: [{ field: 'host.name', operator: 'included', type: 'match', value: 'build-01' }] },
  { item_id: 'value-list', list_id: LIST.list_id, namespace_type: 'single', type: 'simple', name: 'v', description: '', entries: [{ field: 'user.name', operator: 'included', type: 'list', list: { id: 'users', type: 'keyword' } }] },
];

describe('field names', () => {
  it.each<[string, string, EventDoc, string[], string[]]>([
    ['a .text multi-field is highlighted as its source field', 'process.command_line.text: verbose', kcc, ['process.command_line.text: verbose'], ['process.command_line']],
    ['a .caseless multi-field is highlighted as its source field', 'process.name.caseless: KCC', kcc, ['process.name.caseless: KCC'], ['process.name']],
    ['a field pattern reports only the fields it matched on', 'process.*: kcc', kcc, ['process.*: kcc'], ['process.name', 'process.args']],
    ['a bare value reports the fields it was found in', 'copy_cred_cache', kcc, ['copy_cred_cache'], ['process.args']],
    ['a bare wildcard value (a query_string) reports the fields it was found in', '*cred*', kcc, ['*cred*'], ['process.command_line', 'process.args']],
    ['dotted keys are addressed by the same dotted path', 'process.name: kcc', { 'process.name': 'kcc' }, ['process.name: kcc'], ['process.name']],
    ['`not f:*` holds on a missing field, which is not highlighted', 'process.name: kcc and not process.pid: *', kcc, ['process.name: kcc', 'NOT process.pid: *'], ['process.name']],
  ])('%s', (_name, query, event, clauses, fields) => {
    const explanation = explainMatch(rule({ query }), event);
    expect(explanation).toEqual({ clauses, fields });
  });

  it('a nested query reports its clauses inside the path, from each object where they held', () => {
    const schema = createSchema({ items: 'nested', 'items.k': 'keyword', 'items.n': 'long' });
    const event = { items: [{ k: 'a', n: 1 }, { k: 'b', n: 2 }, { k: 'a', n: 3 }] };
    const explanation = explainKql(parseKql('items:{ k: a and (n: 1 or n: 2 or n: 3) }'), event, { schema });
    expect(explanation).toEqual({ clauses: ['items: { k: a }', 'items: { n: 1 }', 'items: { n: 3 }'], fields: ['items.k', 'items.n'] });
  });
});

describe('languages', () => {
  it('Lucene: MUST and MUST_NOT clauses', () => {
    const explanation = explainMatch(rule({ language: 'lucene', query: 'process.name:kcc AND NOT process.args:foo' }), kcc);
    expect(explanation).toEqual({ clauses: ['process.name:kcc', 'NOT process.args:foo'], fields: ['process.name', 'process.args'] });
  });

  it('Lucene: only the SHOULD clauses that held', () => {
    const explanation = explainMatch(rule({ language: 'lucene', query: 'process.name:(klist OR kcc)' }), kcc);
    expect(explanation).toEqual({ clauses: ['process.name:kcc'], fields: ['process.name'] });
  });

  it('EQL with event_category_override: the category clause names the override field', () => {
    const entry = rule({ type: 'eql', language: 'eql', event_category_override: 'event.dataset', query: '"endpoint.events.process" where process.name == "kcc"' });
    const event = withFields(kcc, { 'event.dataset': 'endpoint.events.process' });
    expect(explainMatch(entry, event)).toEqual({ clauses: ['event.dataset == "endpoint.events.process"', 'process.name == "kcc"'], fields: ['event.dataset', 'process.name'] });
    expect(explainMatch(entry, kcc)).toBeNull();
  });

  it.each<[string, Record<string, unknown>]>([
    ['a query that does not parse', { query: 'process.name:(kcc' }],
    ['an indicator match rule', { type: 'threat_match', query: 'process.name: kcc', threat_query: '*:*', threat_index: ['ti-*'], threat_mapping: [] }],
    ['an ES|QL rule', { type: 'esql', language: 'esql', query: 'FROM logs-*' }],
  ])('no explanation for a rule the detector does not run: %s', (_name, fields) => {
    expect(explainMatch(rule(fields), kcc)).toBeNull();
  });
});

describe('EQL sequences: the clause an event filled', () => {
  const query = 'sequence by host.id with maxspan=1m [process where process.name == "kcc"] with runs=2 ![network where true] [file where file.path : "/tmp/*"]';
  const entry = rule({ type: 'eql', language: 'eql', query });
  const processClause = { clauses: ['event.category == "process"', 'process.name == "kcc"'], fields: ['event.category', 'process.name'] };
  const fileClause = { clauses: ['event.category == "file"', 'file.path : "/tmp/*"'], fields: ['event.category', 'file.path'] };

  it.each<[string, EventDoc, number | undefined, unknown]>([
    ['first stage', kcc, 0, processClause],
    ['second run of the first clause', kcc, 1, processClause],
    ['building block 2 is the file clause (runs count as stages)', fileEvent, 2, fileClause],
    ['an event against a clause it did not fill', kcc, 2, null],
    ['missing-event clauses are filled by no event and are not counted', { ...fileEvent, event: { category: 'network' } }, 3, null],
    ['a stage that does not exist', kcc, 7, null],
    ['without a clause: the first clause the event matches', fileEvent, undefined, fileClause],
  ])('%s', (_name, event, clause, expected) => {
    expect(explainMatch(entry, event, { clause })).toEqual(expected);
  });
});

describe('EQL samples: the clause an event filled', () => {
  const entry = rule({ type: 'eql', language: 'eql', query: 'sample by host.id [process where process.name == "kcc"] [file where true]' });

  it.each<[string, EventDoc, number | undefined, unknown]>([
    ['clause 1', fileEvent, 1, { clauses: ['event.category == "file"', 'true'], fields: ['event.category'] }],
    ['clause 0 does not take a file event', fileEvent, 0, null],
  ])('%s', (_name, event, clause, expected) => {
    expect(explainMatch(entry, event, { clause })).toEqual(expected);
  });
});

describe('filters and exceptions', () => {
  it('lists the filters that held, negated ones as NOT, and skips disabled ones', () => {
    const filters = [
      phrase('host.os.type', 'macos'),
      phrase('user.name', 'root', { negate: true }),
      phrase('host.name', 'nowhere', { disabled: true }),
      { meta: { alias: 'not a build host', negate: false }, query: { bool: { must_not: [{ term: { 'host.name': 'build-01' } }] } } },
    ];
    const explanation = explainMatch(rule({ query: 'process.name: kcc', filters }), kcc);
    expect(explanation).toEqual({
      clauses: ['process.name: kcc', 'filter {"match_phrase":{"host.os.type":"macos"}}', 'NOT filter {"match_phrase":{"user.name":"root"}}', 'filter "not a build host"'],
      fields: ['process.name', 'host.os.type', 'user.name', 'host.name'],
    });
  });

  it('no explanation when a filter does not hold', () => {
    expect(explainMatch(rule({ query: 'process.name: kcc', filters: [phrase('host.os.type', 'windows')] }), kcc)).toBeNull();
  });

  it('notes that no exception excluded the event, counting the items it could evaluate', () => {
    const entry = rule({ query: 'process.name: kcc', exceptions_list: [listRef] }, LIST, ...ITEMS);
    const explanation = explainMatch(entry, kcc);
    expect(explanation?.clauses).toEqual(['process.name: kcc', 'no exception excluded the event (1 of 2 exception items evaluated)']);
    expectFieldsPresent(explanation!, kcc);
  });

  it('notes exception lists that were not loaded', () => {
    const explanation = explainMatch(rule({ query: 'process.name: kcc', exceptions_list: [listRef] }), kcc);
    expect(explanation?.clauses).toEqual(['process.name: kcc', 'no exception excluded the event (0 of 0 exception items evaluated; 1 referenced exception list was not loaded)']);
  });

  it('no explanation for an event an exception excludes', () => {
    const entry = rule({ query: 'process.name: kcc', exceptions_list: [listRef] }, LIST, ...ITEMS);
    expect(explainMatch(entry, withFields(kcc, { 'host.name': 'build-01' }))).toBeNull();
  });
});
