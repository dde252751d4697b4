/**
 * osqueryd results-log lines written by code from eslogger-shaped messages (eslogger-messages.ts,
 * object audit tokens): the rows osquery's `es_process_events` and `es_process_file_events`
 * subscribers would have logged for the same Endpoint Security messages, built as osquery builds
 * them (`events/darwin/endpointsecurity.cpp`, `endpointsecurity_fim.cpp`, `es_utils.cpp`): exec
 * rows describe the new image, fork and exit rows the acting process; `cmdline` is argv with each
 * argument followed by a space (quoted when it holds a space or a quote); `euid` holds the egid as
 * osquery fills it; column values are strings; `time` is whole seconds. Opens, closes and unlinks
 * have no row (osquery does not subscribe to them).
 */
import type { EsMessage } from './eslogger-messages.ts';

type Json = Record<string, unknown>;
const at = (value: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], value);

function quoted(arg: string): string {
  return /[ "]/.test(arg) ? `"${arg.replace(/["\\]/g, (c) => `\\${c}`)}"` : arg;
}

function processColumns(process: unknown): Json {
  const token = at(process, 'audit_token') as Json;
  const flags = Number(at(process, 'codesigning_flags') ?? 0);
  const names = [...((flags & 0x1) === 0 ? ['NOT_VALID'] : []), ...((flags & 0x2) !== 0 ? ['ADHOC'] : []), ...((flags & 0x10000) === 0 ? ['NOT_RUNTIME'] : [])];
  return {
    pid: String(token['pid']),
    parent: String(at(process, 'ppid')),
    original_parent: String(at(process, 'original_ppid') ?? at(process, 'ppid')),
    path: String(at(process, 'executable', 'path')),
    uid: String(token['ruid']),
    euid: String(token['egid']),
    gid: String(token['rgid']),
    egid: String(token['egid']),
    username: token['ruid'] === 0 ? 'root' : 'user',
    signing_id: String(at(process, 'signing_id') ?? ''),
    team_id: String(at(process, 'team_id') ?? ''),
    cdhash: '',
    platform_binary: at(process, 'is_platform_binary') === true ? '1' : '0',
    codesigning_flags: names.join(', '),
    cmdline: '',
    cmdline_count: '0',
    env: '',
    env_count: '0',
    cwd: '',
    exit_code: '',
    child_pid: '',
  };
}

function newPath(destination: unknown): string {
  const existing = at(destination, 'existing_file', 'path');
  if (typeof existing === 'string') return existing;
  return `${String(at(destination, 'new_path', 'dir', 'path'))}/${String(at(destination, 'new_path', 'filename'))}`;
}

/** The row osquery would log for a message, with the table it belongs to; undefined for kinds osquery does not record. */
export function osqueryRow(message: EsMessage): { table: 'es_process_events' | 'es_process_file_events'; row: Json } | undefined {
  const kind = Object.keys(message['event'] as Json)[0]!;
  const details = at(message, 'event', kind);
  const common = { version: String(message['version']), seq_num: String(message['seq_num']), global_seq_num: String(message['global_seq_num']), time: String(Math.floor(Date.parse(String(message['time'])) / 1000)), eid: '' };
  const actor = processColumns(message['process']);
  switch (kind) {
    case 'exec': {
      const args = at(details, 'args') as string[];
      const env = at(details, 'env') as string[];
      const row = { ...processColumns(at(details, 'target')), cmdline: args.map((arg) => `${quoted(arg)} `).join(''), cmdline_count: String(args.length), env: env.map((item) => `${quoted(item)} `).join(''), env_count: String(env.length), cwd: String(at(details, 'cwd', 'path')) };
      return { table: 'es_process_events', row: { ...common, ...row, event_type: 'exec' } };
    }
    case 'fork':
      return { table: 'es_process_events', row: { ...common, ...actor, event_type: 'fork', child_pid: String(at(details, 'child', 'audit_token', 'pid')) } };
    case 'exit':
      return { table: 'es_process_events', row: { ...common, ...actor, event_type: 'exit', exit_code: String(at(details, 'stat')) } };
    case 'create':
    case 'rename':
    case 'write': {
      const filename = kind === 'create' ? newPath(at(details, 'destination')) : String(at(details, kind === 'rename' ? 'source' : 'target', 'path'));
      const dest = kind === 'rename' ? newPath(at(details, 'destination')) : '';
      return { table: 'es_process_file_events', row: { ...common, pid: actor['pid'], parent: actor['parent'], path: actor['path'], filename, dest_filename: dest, event_type: kind } };
    }
    default:
      return undefined;
  }
}

/** Differential results-log lines (`"action":"added"`) for the messages osquery records. */
export function osqueryResultsLog(messages: readonly EsMessage[], hostIdentifier: string): string {
  return messages
    .map(osqueryRow)
    .filter((entry) => entry !== undefined)
    .map(({ table, row }) => {
      const unixTime = Number(row['time']) + 5;
      const record = { name: `pack/es/${table}`, hostIdentifier, calendarTime: new Date(unixTime * 1000).toUTCString(), unixTime, epoch: 0, counter: 0, numerics: false, columns: row, action: 'added' };
      return `${JSON.stringify(record)}\n`;
    })
    .join('');
}
