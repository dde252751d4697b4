/**
 * osquery's Endpoint Security tables to Elastic Defend events, as far as their columns allow
 * (osquery `specs/darwin/es_process_events.table`, `es_process_file_events.table`, filled by
 * `events/darwin/endpointsecurity*.cpp`):
 * - es_process_events exec → `endpoint.events.process` exec/start (argv from `cmdline`, `cwd`,
 *   `parent`, code signature from `signing_id`/`team_id`/`platform_binary`/`codesigning_flags`);
 *   fork → fork/start for `child_pid` (a row describes the forking parent); exit → end/end with the
 *   exit code decoded from `exit_code` (osquery stores the raw wait status there).
 * - es_process_file_events create → creation; rename → rename (`filename` → `dest_filename`);
 *   write and truncate → one modification per process and file (osquery has no close events,
 *   Defend reports one modification per close).
 * What the columns cannot give is left out (docs/sources-macos.md): no pidversion or audit tokens
 * (entity ids are Loupe's own per image), no responsible process, no effective uid (osquery's
 * `euid` column holds the egid), no file opens. Parents resolve through a per-host process table.
 */
import { EventBuilder, type Stamp } from '../eslogger/map.ts';
import type { AuditToken, EsProcess } from '../eslogger/message.ts';
import { ProcessTable, type ProcessEntry } from '../eslogger/process-table.ts';
import type { JsonObject } from '../common/json.ts';
import type { EcsEvent, MapResult, RawRecord, RecordMapper, SourceContext } from '../types.ts';
import { parseCmdline } from './cmdline.ts';
import { column, integerColumn, readResults } from './results.ts';
import { appendAll } from '../../engine/append-all.ts';

export const OSQUERY_NOT_MAPPED = {
  unreadable: 'unreadable record',
  removed: "rows osquery reports removed (no event happened)",
  otherQuery: 'rows of other queries',
  unreadableRow: 'rows without pid, path or time',
} as const;

const PROCESS_TYPES = new Set(['exec', 'fork', 'exit']);
const FILE_TYPES = new Set(['create', 'rename', 'write', 'truncate']);
/** osquery's `codesigning_flags` text lists the unusual flags; the kernel bits they stand for (cs_blobs.h). */
const CS_VALID = 0x1;
const CS_ADHOC = 0x2;
const CS_SIGNED = 0x20000000;

interface HostState {
  readonly context: SourceContext;
  readonly table: ProcessTable;
  /** Modified files already reported, per process image. */
  readonly modified: Set<string>;
}

export function createOsqueryMapper(context: SourceContext): RecordMapper {
  const hosts = new Map<string, HostState>();
  let images = 0;
  const stateOf = (host: string): HostState => {
    let state = hosts.get(host);
    if (state === undefined) hosts.set(host, (state = { context: { path: context.path, host }, table: new ProcessTable(host), modified: new Set() }));
    return state;
  };
  /** A new image of a process: osquery gives no pidversion, so each one seen gets Loupe's own. */
  const nextImage = () => ++images;

  return {
    map(record: RawRecord): MapResult {
      const results = readResults(record);
      if (results === undefined) return { notMapped: OSQUERY_NOT_MAPPED.unreadable, message: 'not an osquery results-log record (no columns, snapshot or diffResults)' };
      if (results.action === 'removed') return { notMapped: OSQUERY_NOT_MAPPED.removed, message: `${results.name ?? 'query'}: ${results.rows.length} removed` };
      const state = stateOf(results.host ?? context.host);
      const events: EcsEvent[] = [];
      let firstMiss: { notMapped: string; message: string } | undefined;
      for (const row of results.rows) {
        const result = mapRow(row, results.unixTime, state, nextImage);
        if ('events' in result) appendAll(events, result.events);
        else firstMiss ??= { notMapped: result.notMapped, message: `${results.name ?? 'query'}: ${result.message}` };
      }
      return events.length > 0 || firstMiss === undefined ? { events } : firstMiss;
    },
  };
}

function mapRow(row: JsonObject, unixTime: number | undefined, state: HostState, nextImage: () => number): MapResult {
  const type = column(row, 'event_type') ?? '';
  const isProcess = PROCESS_TYPES.has(type) && ('cmdline' in row || 'child_pid' in row || 'exit_code' in row || 'original_parent' in row);
  const isFile = FILE_TYPES.has(type) && 'filename' in row;
  if (!isProcess && !isFile) return { notMapped: OSQUERY_NOT_MAPPED.otherQuery, message: `event_type ${JSON.stringify(type)}` };
  const pid = integerColumn(row, 'pid');
  const seconds = integerColumn(row, 'time') ?? unixTime;
  const time = seconds !== undefined && Math.abs(seconds) < 1e11 ? new Date(seconds * 1000).toISOString() : undefined;
  if (pid === undefined || time === undefined) return { notMapped: OSQUERY_NOT_MAPPED.unreadableRow, message: `${type} without ${pid === undefined ? 'pid' : 'time'}` };
  const sequence = integerColumn(row, 'global_seq_num');
  const stamp: Stamp = { time, ...(sequence !== undefined ? { sequence } : {}) };
  const { table, context } = state;
  const builder = new EventBuilder(context, table, stamp);
  const actor = rowProcess(row, pid, nextImage());
  const current = () => table.get({ pid }) ?? table.observe(actor);
  switch (type) {
    case 'exec': {
      const cmdline = column(row, 'cmdline');
      const entry = table.execed(actor, cmdline !== undefined ? parseCmdline(cmdline) : undefined, column(row, 'cwd'));
      return { events: [builder.process(entry, 'exec', 'start')] };
    }
    case 'fork': {
      const childPid = integerColumn(row, 'child_pid');
      if (childPid === undefined) return { notMapped: OSQUERY_NOT_MAPPED.unreadableRow, message: 'fork without child_pid' };
      const parent = current();
      const child = table.forked(parent, { ...actor, token: { ...actor.token, pid: childPid, pidversion: nextImage() }, ppid: pid });
      return { events: [builder.process(child, 'fork', 'start')] };
    }
    case 'exit': {
      const entry = current();
      table.exited(entry);
      const status = integerColumn(row, 'exit_code');
      const exitCode = status !== undefined && (status & 0x7f) === 0 ? (status >> 8) & 0xff : undefined;
      return { events: [builder.process(entry, 'end', 'end', exitCode)] };
    }
    default:
      return fileEvent(row, type, current(), builder, state);
  }
}

function fileEvent(row: JsonObject, type: string, entry: ProcessEntry, builder: EventBuilder, state: HostState): MapResult {
  const path = column(row, 'filename');
  if (path === undefined) return { notMapped: OSQUERY_NOT_MAPPED.unreadableRow, message: `${type} without filename` };
  if (type === 'create') return { events: [builder.file(entry, 'creation', 'creation', path)] };
  if (type === 'rename') {
    const to = column(row, 'dest_filename');
    if (to === undefined) return { notMapped: OSQUERY_NOT_MAPPED.unreadableRow, message: 'rename without dest_filename' };
    state.modified.delete(`${entry.key}\0${to}`);
    return { events: [builder.file(entry, 'rename', 'change', to, undefined, path)] };
  }
  const key = `${entry.key}\0${path}`;
  if (state.modified.has(key)) return { events: [] };
  if (state.modified.size > 100_000) state.modified.clear();
  state.modified.add(key);
  return { events: [builder.file(entry, 'modification', 'change', path)] };
}

/** The row's process as an `es_process_t` would give it, with a fresh image number. */
function rowProcess(row: JsonObject, pid: number, image: number): EsProcess {
  const uid = integerColumn(row, 'uid');
  const gid = integerColumn(row, 'gid');
  const egid = integerColumn(row, 'egid');
  // osquery's `euid` column is filled from the egid (es_utils.cpp); the real uid stands in for the effective one.
  const token: AuditToken = { pid, pidversion: image, ...(uid !== undefined ? { euid: uid, ruid: uid } : {}), ...(gid !== undefined ? { rgid: gid } : {}), ...(egid !== undefined ? { egid } : {}) };
  const ppid = integerColumn(row, 'parent');
  const executable = column(row, 'path');
  const signingId = column(row, 'signing_id');
  const teamId = column(row, 'team_id');
  const platform = integerColumn(row, 'platform_binary');
  const flags = row['codesigning_flags'];
  return {
    token,
    ...(ppid !== undefined ? { ppid } : {}),
    ...(executable !== undefined ? { executable } : {}),
    ...(signingId !== undefined ? { signingId } : {}),
    ...(teamId !== undefined ? { teamId } : {}),
    ...(typeof flags === 'string' && signingId !== undefined ? { codesigningFlags: kernelFlags(flags) } : {}),
    ...(platform !== undefined ? { isPlatformBinary: platform === 1 } : {}),
  };
}

/** The kernel bits osquery's flag names stand for: signed, valid unless NOT_VALID, ad hoc if ADHOC. */
function kernelFlags(text: string): number {
  const names = new Set(text.split(',').map((name) => name.trim()));
  return CS_SIGNED | (names.has('NOT_VALID') ? 0 : CS_VALID) | (names.has('ADHOC') ? CS_ADHOC : 0);
}

