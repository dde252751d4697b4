import { describe, expect, it } from 'vitest';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { BASE, days, ENDPOINT_PROCESS, exportedRule, exportedRules, iso, minutes, scan, SEED, seedRule, withFields } from './helpers.ts';

const LIST = { list_id: 'kerberos-exceptions', type: 'detection', namespace_type: 'single', name: 'Kerberos exceptions', description: 'test' };
const listRef = { id: 'list-saved-object', list_id: LIST.list_id, type: 'detection', namespace_type: 'single' };
const item = (item_id: string, entries: object[]) => ({ item_id, list_id: LIST.list_id, namespace_type: 'single', type: 'simple', name: item_id, description: '', entries });

const ITEMS = [
  item('build-host', [{ field: 'host.name', operator: 'included', type: 'match', value: 'build-01' }]),
  item('service-accounts-via-sudo', [
    { field: 'process.parent.name', operator: 'included', type: 'match_any', value: ['launchd', 'sudo'] },
    { field: 'user.name', operator: 'included', type: 'wildcard', value: 'svc-*' },
  ]),
];

/** The Kerberos seed rule as Kibana would export it with an exception list attached. */
function kerberosWithExceptions(extra: Record<string, unknown> = {}) {
  const { rule } = seedRule(SEED.kerberos);
  return exportedRules([
    exportedRule({ rule_id: rule.rule_id, name: rule.name, type: 'query', query: rule.query, index: rule.index, exceptions_list: [listRef], ...extra }),
    LIST,
    ...ITEMS,
  ]);
}

const base: EventDoc = {
  '@timestamp': iso(BASE),
  event: { category: 'process', type: 'start' },
  host: { name: 'laptop-7' },
  user: { name: 'alice' },
  process: { name: 'kcc', args: ['kcc', 'copy_cred_cache'], parent: { name: 'zsh' } },
  data_stream: ENDPOINT_PROCESS,
};

const exceptionRows: [string, EventDoc, boolean][] = [
  ['no exception applies', base, true],
  ['excluded: host.name is build-01', withFields(base, { 'host.name': 'build-01' }), false],
  ['"is" compares exactly: BUILD-01 is not excluded', withFields(base, { 'host.name': 'BUILD-01' }), true],
  ['excluded: both entries of an item hold (sudo, svc-*)', withFields(base, { 'process.parent.name': 'sudo', 'user.name': 'svc-backup' }), false],
  ['one entry of an item is not enough (sudo, alice)', withFields(base, { 'process.parent.name': 'sudo' }), true],
  ['one entry of an item is not enough (zsh, svc-*)', withFields(base, { 'user.name': 'svc-backup' }), true],
  ['"is one of" takes any listed value', withFields(base, { 'process.parent.name': 'launchd', 'user.name': 'svc-x' }), false],
  ['an array field is excluded when any value matches', withFields(base, { 'host.name': ['laptop-7', 'build-01'] }), false],
];

describe('exceptions and filters', () => {
  it.each(exceptionRows)('exceptions: %s', async (_name, event, alerts) => {
    const result = await scan(kerberosWithExceptions(), [event]);
    expect(result.stats.rules[0]!.status).toBe('ok');
    expect(result.alerts.length > 0).toBe(alerts);
    expect(result.stats.rules[0]!.eventsExcepted).toBe(alerts ? 0 : 1);
  });

  it('a referenced list that was not loaded is reported, and nothing is excluded', async () => {
    const { rule } = seedRule(SEED.kerberos);
    const entries = exportedRules([exportedRule({ query: rule.query, index: rule.index, exceptions_list: [listRef] })]);
    const result = await scan(entries, [withFields(base, { 'host.name': 'build-01' })]);
    expect(result.alerts).toHaveLength(1);
    expect(result.stats.rules[0]!.messages).toContain('exception list kerberos-exceptions was not loaded: its exceptions are not applied');
  });

  const filterRows: [string, object[], EventDoc, boolean][] = [
    ['negated filter excludes', [{ meta: { negate: true }, query: { match_phrase: { 'host.name': 'build-01' } } }], withFields(base, { 'host.name': 'build-01' }), false],
    ['negated filter keeps others', [{ meta: { negate: true }, query: { match_phrase: { 'host.name': 'build-01' } } }], base, true],
    ['positive filter narrows the query', [{ meta: {}, query: { term: { 'user.name': 'bob' } } }], base, false],
    ['disabled filter is ignored', [{ meta: { disabled: true }, query: { term: { 'user.name': 'bob' } } }], base, true],
  ];
  it.each(filterRows)('filters: %s', async (_name, filters, event, alerts) => {
    const result = await scan(kerberosWithExceptions({ filters }), [event]);
    expect(result.stats.rules[0]!.status).toBe('ok');
    expect(result.alerts.length > 0).toBe(alerts);
  });

  it('an invalid filter makes the rule an error, and the other rules still run', async () => {
    const entries = [...kerberosWithExceptions({ filters: [{ meta: {}, query: { no_such_query: {} } }] }), seedRule(SEED.systemKey)];
    const result = await scan(entries, [base, withFields(base, { 'process.args': ['cat', '/var/db/SystemKey'], 'host.os.type': 'macos' })]);
    expect(result.stats.rules.map((rule) => rule.status)).toEqual(['error', 'ok']);
    expect(result.stats.rules[0]!.messages[0]).toMatch(/^filters: /);
    expect(result.alerts).toHaveLength(1);
  });

  it('new_terms: excepted events are no history', async () => {
    const { rule } = seedRule(SEED.pythonCredentials);
    const entries = exportedRules([
      exportedRule({
        rule_id: rule.rule_id,
        type: 'new_terms',
        query: rule.query,
        index: rule.index,
        new_terms_fields: rule.new_terms_fields,
        history_window_start: rule.history_window_start,
        exceptions_list: [listRef],
      }),
      LIST,
      ...ITEMS,
    ]);
    const open = (time: number, host: string): EventDoc => ({
      '@timestamp': iso(time),
      event: { category: 'file', action: 'open' },
      host: { id: 'h1', name: host, os: { type: 'macos' } },
      process: { name: 'python3' },
      file: { path: '/Users/a/.ssh/id_rsa' },
      data_stream: { dataset: 'endpoint.events.file' },
    });
    const result = await scan(entries, [open(BASE, 'build-01'), open(BASE + days(1), 'laptop')]);
    expect(result.alerts.map((alert) => alert['kibana.alert.original_time'])).toEqual([iso(BASE + days(1))]);
  });

  it('eql sequences: exceptions remove events before sequencing', async () => {
    const entries = exportedRules([
      exportedRule({
        type: 'eql',
        language: 'eql',
        query: 'sequence by host.id with maxspan=5m [process where process.name == "a"] [process where process.name == "b"]',
        exceptions_list: [listRef],
      }),
      LIST,
      ...ITEMS,
    ]);
    const step = (minute: number, name: string, hostName: string): EventDoc => ({
      '@timestamp': iso(BASE + minutes(minute)),
      event: { category: 'process', type: 'start' },
      host: { id: 'h1', name: hostName },
      process: { name },
      data_stream: { dataset: 'test' },
    });
    // a (excepted) then b: no sequence; the b at :03 follows a non-excepted a at :02.
    const result = await scan(entries, [step(1, 'a', 'build-01'), step(2, 'a', 'laptop'), step(3, 'b', 'laptop')]);
    const shells = result.alerts.filter((alert) => alert['kibana.alert.building_block_type'] === undefined);
    const blocks = result.alerts.filter((alert) => alert['kibana.alert.building_block_type'] === 'default');
    expect(shells).toHaveLength(1);
    expect(blocks.map((block) => block['kibana.alert.original_time'])).toEqual([iso(BASE + minutes(2)), iso(BASE + minutes(3))]);
    expect(blocks.every((block) => block['kibana.alert.group.id'] === shells[0]!['kibana.alert.uuid'])).toBe(true);
    expect(result.stats.rules[0]).toMatchObject({ eventsExcepted: 1, alerts: 3 });
  });
});
