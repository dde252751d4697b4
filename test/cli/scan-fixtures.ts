/** Events and rules for the `loupe scan` tests, built to hit (or just miss) the shipped seed rules. */

export const RULE_IDS = {
  kerberos: 'ad88231f-e2ab-491c-8fc6-64746da26cfe',
  keychainDump: '565d6ca5-75ba-4c82-9b13-add25353471c',
  pythonFirstAccess: '03b150d9-9280-4eb8-9906-38cfb6184666',
} as const;

type Event = Record<string, unknown>;

const endpoint = (dataset: string) => ({ data_stream: { type: 'logs', dataset, namespace: 'default' } });

/** `kcc copy_cred_cache` on a Mac: the Kerberos seed rule (KQL) fires. */
export const kccEvent = (time: string, extra: Event = {}): Event => ({
  '@timestamp': time,
  event: { category: ['process'], type: ['start'], kind: 'event' },
  host: { name: 'mac-1', id: 'h1', os: { type: 'macos' } },
  process: { name: 'kcc', args: ['kcc', 'copy_cred_cache'], command_line: 'kcc copy_cred_cache' },
  ...endpoint('endpoint.events.process'),
  ...extra,
});

/** `security dump-keychain -d`: the keychain dump seed rule (EQL) fires. */
export const dumpKeychainEvent = (time: string): Event => ({
  '@timestamp': time,
  event: { category: 'process', type: 'start' },
  host: { name: 'mac-1', id: 'h1', os: { type: 'macos' } },
  process: { name: 'security', args: ['security', 'dump-keychain', '-d'] },
  ...endpoint('endpoint.events.process'),
});

/** Python opening a credential file: the new_terms seed rule's query matches. */
export const pythonOpenEvent = (time: string, hostId: string, path: string): Event => ({
  '@timestamp': time,
  event: { category: 'file', action: 'open' },
  host: { name: hostId, id: hostId, os: { type: 'macos' } },
  process: { name: 'python3' },
  file: { path },
  ...endpoint('endpoint.events.file'),
});

export const ndjson = (events: readonly unknown[]) => events.map((event) => `${typeof event === 'string' ? event : JSON.stringify(event)}\n`).join('');

export const parseAlerts = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A minimal valid Kibana rule (export NDJSON line). */
export const kibanaRule = (fields: Record<string, unknown>) =>
  JSON.stringify({
    rule_id: 'test-rule',
    name: 'Test rule',
    description: 'd',
    severity: 'low',
    risk_score: 21,
    type: 'query',
    language: 'kuery',
    index: ['logs-*'],
    query: 'process.name:kcc',
    from: 'now-6m',
    interval: '5m',
    ...fields,
  });
