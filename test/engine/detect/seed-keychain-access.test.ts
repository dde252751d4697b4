import { describe, expect, it } from 'vitest';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { BASE, ENDPOINT_PROCESS, iso, keychainRead, scan, SEED, seedRule, withFields } from './helpers.ts';

// EQL: process where event.type in ("start", "process_started") and process.args : (keychain paths and names)
//   and not process.args : (security subcommands, openvpn keychain) and not process.parent.executable : (...)
//   and not process.executable : "/opt/jc/bin/jumpcloud-agent"
// index: auditbeat-*, logs-endpoint.events.*
const rule = seedRule(SEED.keychainAccess);

const base: EventDoc = keychainRead(BASE);

const rows: [string, EventDoc, boolean][] = [
  ['reading a user keychain', base, true],
  ['`:` wildcards are case-insensitive', withFields(base, { 'process.args': ['cat', '/users/alice/library/keychains/x.db'] }), true],
  ['bare keychain name', withFields(base, { 'process.args': ['security', 'show', 'LOGIN.KEYCHAIN'] }), true],
  ['system keychain directory', withFields(base, { 'process.args': ['cp', '/Library/Keychains/System.keychain', '/tmp/'] }), true],
  ['directory name without the slash is not the pattern', withFields(base, { 'process.args': ['ls', '/Library/Keychains'] }), false],
  ['keychain name inside a longer argument', withFields(base, { 'process.args': ['cp', '/tmp/login.keychain.bak'] }), false],
  ['excluded subcommand find-certificate', withFields(base, { 'process.args': ['security', 'find-certificate', '/Library/Keychains/System.keychain'] }), false],
  ['excluded subcommand in other case: exclusions use `:` too', withFields(base, { 'process.args': ['security', 'Find-Certificate', '/Library/Keychains/System.keychain'] }), false],
  ['the OpenVPN keychain is excluded by the same argument that matched', withFields(base, { 'process.args': ['x', '/Users/bob/Library/Keychains/openvpn.keychain-db'] }), false],
  ['OpenVPN keychain plus another keychain: the exclusion looks at every argument', withFields(base, { 'process.args': ['x', '/Users/bob/Library/Keychains/openvpn.keychain-db', 'login.keychain'] }), false],
  ['excluded parent: OpenVPN Connect', withFields(base, { 'process.parent.executable': '/Applications/OpenVPN Connect/OpenVPN Connect.app/Contents/MacOS/OpenVPN Connect' }), false],
  ['excluded parent: JumpCloud agent', withFields(base, { 'process.parent.executable': '/opt/jc/bin/jumpcloud-agent' }), false],
  ['excluded executable in upper case', withFields(base, { 'process.executable': '/OPT/JC/BIN/JUMPCLOUD-AGENT' }), false],
  ['parent and executable missing: `not f : x` matches a missing field', withFields(base, { 'process.parent': undefined, 'process.executable': undefined }), true],
  ['event.type as a string', withFields(base, { 'event.type': 'process_started' }), true],
  ['end event', withFields(base, { 'event.type': ['end'] }), false],
  ['no event.category', withFields(base, { event: { type: ['start'] } }), false],
  ['auditbeat event', withFields(base, { data_stream: undefined, 'agent.type': 'auditbeat', 'agent.version': '8.15.2' }), true],
  ['filebeat event: not one of the rule\'s indices', withFields(base, { data_stream: undefined, 'agent.type': 'filebeat', 'agent.version': '8.15.2' }), false],
  [
    'dotted keys',
    { '@timestamp': iso(BASE), 'event.category': 'process', 'event.type': 'start', 'process.args': ['security', 'login.keychain-db'], data_stream: ENDPOINT_PROCESS },
    true,
  ],
];

describe('seed rule: Access to Keychain Credentials Directories (EQL with exclusions)', () => {
  it.each(rows)('%s', async (_name, event, alerts) => {
    expect((await scan([rule], [event])).alerts.length > 0).toBe(alerts);
  });
});
