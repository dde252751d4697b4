/** explainMatch on the five shipped seed rules (rules/macos/*.toml) with hand-made events. */
import { describe, expect, it } from 'vitest';
import { explainMatch } from '../../../src/engine/explain/match.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { BASE, ENDPOINT_FILE, ENDPOINT_PROCESS, keychainRead, SEED, seedRule, withFields } from '../detect/helpers.ts';
import { expectFieldsPresent } from './helpers.ts';

const keychainProcess: EventDoc = keychainRead(BASE);

const kccProcess: EventDoc = {
  '@timestamp': '2024-01-01T00:00:00.000Z',
  event: { category: 'process', type: 'start' },
  host: { os: { type: 'macos' } },
  process: { name: 'kcc', args: ['kcc', 'copy_cred_cache'], parent: { name: 'zsh' } },
  data_stream: ENDPOINT_PROCESS,
};

const pythonOpen: EventDoc = {
  '@timestamp': '2024-01-01T00:00:00.000Z',
  event: { category: 'file', action: 'open' },
  host: { name: 'mac-1', os: { type: 'macos' } },
  process: { name: 'python3.12', executable: '/usr/bin/python3.12' },
  file: { path: '/Users/alice/.aws/credentials' },
  data_stream: ENDPOINT_FILE,
};

const systemKeyProcess: EventDoc = {
  '@timestamp': '2024-01-01T00:00:00.000Z',
  event: { category: 'process', type: 'process_started' },
  host: { os: { type: 'macos' } },
  process: { name: 'cat', args: ['cat', '/private/var/db/SystemKey'], Ext: { effective_parent: { executable: '/bin/bash' } } },
  data_stream: ENDPOINT_PROCESS,
};

const KEYCHAIN_EXCLUDED_ARGS = 'not process.args : ("find-certificate", ';
const KEYCHAIN_EXCLUDED_PARENTS = 'not process.parent.executable : ("/Applications/OpenVPN Connect/';
const KEYCHAIN_EXCLUDED_EXECUTABLE = 'not process.executable : "/opt/jc/bin/jumpcloud-agent"';
const SYSTEMKEY_EXCLUDED_PARENT =
  'NOT process.Ext.effective_parent.executable: "/Library/Elastic/Endpoint/elastic-endpoint.app/Contents/MacOS/elastic-endpoint"';

/** A clause list where long exclusion lists are matched by their start. */
const startsWith = (prefix: string) => expect.stringMatching(new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

const rows: [string, string, EventDoc, unknown[], string[]][] = [
  [
    'keychain access: category, event type, the keychain pattern that matched, the exclusions',
    SEED.keychainAccess,
    keychainProcess,
    [
      'event.category == "process"',
      'event.type in ("start")',
      'process.args : "/Users/*/Library/Keychains/*"',
      startsWith(KEYCHAIN_EXCLUDED_ARGS),
      startsWith(KEYCHAIN_EXCLUDED_PARENTS),
      KEYCHAIN_EXCLUDED_EXECUTABLE,
    ],
    ['event.category', 'event.type', 'process.args', 'process.parent.executable', 'process.executable'],
  ],
  [
    'keychain access: two keychain patterns held, both are listed',
    SEED.keychainAccess,
    withFields(keychainProcess, { 'process.args': ['cp', '/Library/Keychains/System.keychain', 'System.keychain'], 'event.type': 'process_started' }),
    [
      'event.category == "process"',
      'event.type in ("process_started")',
      'process.args : "/Library/Keychains/*"',
      'process.args : "System.keychain"',
      startsWith(KEYCHAIN_EXCLUDED_ARGS),
      startsWith(KEYCHAIN_EXCLUDED_PARENTS),
      KEYCHAIN_EXCLUDED_EXECUTABLE,
    ],
    ['event.category', 'event.type', 'process.args', 'process.parent.executable', 'process.executable'],
  ],
  [
    'keychain access: exclusions on missing fields hold, and those fields are not highlighted',
    SEED.keychainAccess,
    withFields(keychainProcess, { 'process.parent': undefined, 'process.executable': undefined }),
    [
      'event.category == "process"',
      'event.type in ("start")',
      'process.args : "/Users/*/Library/Keychains/*"',
      startsWith(KEYCHAIN_EXCLUDED_ARGS),
      startsWith(KEYCHAIN_EXCLUDED_PARENTS),
      KEYCHAIN_EXCLUDED_EXECUTABLE,
    ],
    ['event.category', 'event.type', 'process.args'],
  ],
  [
    'keychain dump: every conjunct',
    SEED.keychainDump,
    withFields(keychainProcess, { 'process.args': ['security', 'dump-keychain', '-d'] }),
    ['event.category == "process"', 'host.os.type == "macos"', 'event.type in ("start")', 'process.args : "dump-keychain"', 'process.args : "-d"'],
    ['event.category', 'host.os.type', 'event.type', 'process.args'],
  ],
  [
    'kerberos (KQL): the value of the event.type list that matched',
    SEED.kerberos,
    kccProcess,
    ['event.category: process', 'event.type: start', 'process.name: kcc', 'process.args: copy_cred_cache'],
    ['event.category', 'event.type', 'process.name', 'process.args'],
  ],
  [
    'kerberos (KQL): both list values held',
    SEED.kerberos,
    withFields(kccProcess, { 'event.type': ['start', 'process_started'] }),
    ['event.category: process', 'event.type: start', 'event.type: process_started', 'process.name: kcc', 'process.args: copy_cred_cache'],
    ['event.category', 'event.type', 'process.name', 'process.args'],
  ],
  [
    'python first occurrence (new_terms query): the wildcard on process.name',
    SEED.pythonCredentials,
    pythonOpen,
    ['event.category: file', 'host.os.type: macos', 'event.action: open', 'process.name: python*'],
    ['event.category', 'host.os.type', 'event.action', 'process.name'],
  ],
  [
    'systemkey (KQL): the quoted path that matched and the exclusion, with the field it checked',
    SEED.systemKey,
    systemKeyProcess,
    ['event.category: process', 'host.os.type: macos', 'event.type: process_started', 'process.args: "/private/var/db/SystemKey"', SYSTEMKEY_EXCLUDED_PARENT],
    ['event.category', 'host.os.type', 'event.type', 'process.args', 'process.Ext.effective_parent.executable'],
  ],
];

const misses: [string, string, EventDoc][] = [
  ['keychain access: excluded subcommand', SEED.keychainAccess, withFields(keychainProcess, { 'process.args': ['security', 'find-certificate', 'login.keychain'] })],
  ['keychain access: not a process event', SEED.keychainAccess, withFields(keychainProcess, { 'event.category': ['file'] })],
  ['keychain dump: no -d', SEED.keychainDump, withFields(keychainProcess, { 'process.args': ['security', 'dump-keychain'] })],
  ['kerberos: another process', SEED.kerberos, withFields(kccProcess, { 'process.name': 'klist' })],
  ['python: keyword wildcards are case-sensitive', SEED.pythonCredentials, withFields(pythonOpen, { 'process.name': 'Python3' })],
  ['systemkey: launched by Elastic Endpoint', SEED.systemKey, withFields(systemKeyProcess, { 'process.Ext.effective_parent.executable': '/Library/Elastic/Endpoint/elastic-endpoint.app/Contents/MacOS/elastic-endpoint' })],
];

describe('explainMatch on the seed rules', () => {
  it.each(rows)('%s', (_name, ruleId, event, clauses, fields) => {
    const explanation = explainMatch(seedRule(ruleId), event);
    expect(explanation).not.toBeNull();
    expect(explanation!.clauses).toEqual(clauses);
    expect(explanation!.fields).toEqual(fields);
    expectFieldsPresent(explanation!, event);
  });

  it.each(misses)('no explanation when the rule does not match: %s', (_name, ruleId, event) => {
    expect(explainMatch(seedRule(ruleId), event)).toBeNull();
  });
});
