/**
 * eslogger messages to Elastic Defend events (the shape the Defend agent writes on macOS for the
 * same Endpoint Security activity; field lists in Elastic's macOS event docs):
 * - exec → `endpoint.events.process`, action `exec`, type `start`: the new image (`event.exec.target`)
 *   with `event.exec.args` as `process.args` and `event.exec.cwd` as `process.working_directory`;
 * - fork → action `fork`, type `start`: the child, which runs its parent's image and argv;
 * - exit → action `end`, type `end`, with `process.exit_code` when the process exited normally;
 * - open → `endpoint.events.file`, action `open`, type `access`, only for the sensitive paths Defend
 *   reports (sensitive-files.ts); close of a modified file → `modification` (type `change`); create
 *   → `creation`; rename → `rename` (type `change`, `file.Ext.original.path`); unlink → `deletion`.
 * Parents, ancestry and the effective parent (the responsible process) come from the capture's
 * process table. Nothing here throws: a message that cannot be read is `not mapped` with the reason.
 */
import { basename, fileFields, isoMillis } from '../common/ecs.ts';
import { booleanAt, integerAt, objectAt, stringAt, stringsAt, type JsonObject } from '../common/json.ts';
import type { EcsEvent, MapResult, RawRecord, RecordMapper, SourceContext } from '../types.ts';
import { eventTypeLabel } from './event-types.ts';
import { filePath, readProcess, type AuditToken } from './message.ts';
import { ProcessTable, type ProcessEntry } from './process-table.ts';
import { isSensitivePath } from './sensitive-files.ts';

/** ECS version written in `ecs.version` (Defend 8.x writes its own; rules do not read it). */
export const ECS_VERSION = '8.10.0';
const PROCESS = 'endpoint.events.process';
const FILE = 'endpoint.events.file';

/** The reasons a message is not mapped (the keys of the per-file tally). */
export const NOT_MAPPED = {
  unreadable: 'unreadable message',
  noEquivalent: 'event types with no Defend equivalent',
  insensitiveOpen: 'opens of paths Defend does not report',
  unmodifiedClose: 'closes without modification',
  write: 'writes (Defend reports the modification at close)',
  auth: 'authorization requests',
} as const;

export function createEsloggerMapper(context: SourceContext): RecordMapper {
  const table = new ProcessTable(context.host);
  return { map: (record) => mapMessage(record, context, table) };
}

/** When an event happened: `@timestamp`/`event.created`, and `event.sequence` when the source numbers its events. */
export interface Stamp {
  readonly time: string;
  readonly sequence?: number;
}

function mapMessage(record: RawRecord, context: SourceContext, table: ProcessTable): MapResult {
  const body = objectAt(record, 'event');
  const keys = body ? Object.keys(body) : [];
  const kind = keys.length === 1 ? keys[0] : undefined;
  const label = eventTypeLabel(integerAt(record, 'event_type'), kind);
  const time = isoMillis(stringAt(record, 'time') ?? '');
  if (time === undefined) return unreadable(`${label}: no ISO-8601 time`);
  if (kind === undefined) return unreadable(`event holds ${keys.length} keys, not one naming the event`);
  const actor = readProcess(objectAt(record, 'process'));
  if (actor === undefined) return unreadable(`${label}: no process with an audit_token`);
  if (integerAt(record, 'action_type') === 0) return { notMapped: NOT_MAPPED.auth, message: `${label}: an authorization request, not an event` };
  const sequence = integerAt(record, 'global_seq_num') ?? integerAt(record, 'glob_seq_num');
  const stamp: Stamp = { time, ...(sequence !== undefined ? { sequence } : {}) };
  const process = table.observe(actor);
  const details = objectAt(body, kind);
  const mapper = new EventBuilder(context, table, stamp);
  switch (kind) {
    case 'exec': {
      const target = readProcess(objectAt(details, 'target'));
      if (target === undefined) return unreadable(`${label}: no target process`);
      const entry = table.execed(target, stringsAt(details, 'args'), filePath(objectAt(details, 'cwd')));
      return { events: [mapper.process(entry, 'exec', 'start')] };
    }
    case 'fork': {
      const child = readProcess(objectAt(details, 'child'));
      if (child === undefined) return unreadable(`${label}: no child process`);
      return { events: [mapper.process(table.forked(process, child), 'fork', 'start')] };
    }
    case 'exit': {
      table.exited(process);
      const status = integerAt(details, 'stat');
      // A wait status: exited normally when the low 7 bits are 0, with the code in the next byte.
      const exitCode = status !== undefined && (status & 0x7f) === 0 ? (status >> 8) & 0xff : undefined;
      return { events: [mapper.process(process, 'end', 'end', exitCode)] };
    }
    case 'open': {
      const path = filePath(objectAt(details, 'file'));
      if (path === undefined) return unreadable(`${label}: no file path`);
      if (!isSensitivePath(path)) return { notMapped: NOT_MAPPED.insensitiveOpen, message: `open of ${path}` };
      return { events: [mapper.file(process, 'open', 'access', path, objectAt(objectAt(details, 'file'), 'stat'))] };
    }
    case 'close': {
      const path = filePath(objectAt(details, 'target'));
      if (path === undefined) return unreadable(`${label}: no target path`);
      if (booleanAt(details, 'modified') !== true) return { notMapped: NOT_MAPPED.unmodifiedClose, message: `close of ${path}` };
      return { events: [mapper.file(process, 'modification', 'change', path, objectAt(objectAt(details, 'target'), 'stat'))] };
    }
    case 'create': {
      const path = destinationPath(details);
      if (path === undefined) return unreadable(`${label}: no destination path`);
      return { events: [mapper.file(process, 'creation', 'creation', path)] };
    }
    case 'rename': {
      const from = filePath(objectAt(details, 'source'));
      const to = destinationPath(details);
      if (from === undefined || to === undefined) return unreadable(`${label}: no source or destination path`);
      return { events: [mapper.file(process, 'rename', 'change', to, undefined, from)] };
    }
    case 'unlink': {
      const path = filePath(objectAt(details, 'target'));
      if (path === undefined) return unreadable(`${label}: no target path`);
      return { events: [mapper.file(process, 'deletion', 'deletion', path)] };
    }
    case 'write':
      return { notMapped: NOT_MAPPED.write, message: `write to ${filePath(objectAt(details, 'target')) ?? 'a file'}` };
    default:
      return { notMapped: NOT_MAPPED.noEquivalent, message: label };
  }
}

function unreadable(message: string): MapResult {
  return { notMapped: NOT_MAPPED.unreadable, message };
}

/** `create`/`rename` destinations: an existing file, or a new path as directory + file name. */
function destinationPath(details: JsonObject | undefined): string | undefined {
  const destination = objectAt(details, 'destination');
  const existing = filePath(objectAt(destination, 'existing_file'));
  if (existing !== undefined) return existing;
  const created = objectAt(destination, 'new_path');
  const dir = filePath(objectAt(created, 'dir'));
  const name = stringAt(created, 'filename');
  if (dir === undefined || name === undefined || name === '') return undefined;
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** Builds Defend-shaped events from process-table entries; shared by every source of Endpoint Security data (eslogger, Jamf Protect, osquery). */
export class EventBuilder {
  constructor(
    private readonly context: SourceContext,
    private readonly table: ProcessTable,
    private readonly stamp: Stamp,
  ) {}

  process(entry: ProcessEntry, action: string, type: string, exitCode?: number): EcsEvent {
    const event = this.envelope(PROCESS, 'process', action, type, 'Endpoint process event', entry.token);
    event['process'] = {
      ...this.processCore(entry),
      ...this.commandLine(entry),
      ...(entry.workingDirectory !== undefined ? { working_directory: entry.workingDirectory } : {}),
      ...(exitCode !== undefined ? { exit_code: exitCode } : {}),
      parent: this.parentFields(entry),
      Ext: { ancestry: this.table.ancestry(entry), ...this.effectiveParent(entry, 'effective_parent') },
    };
    return event;
  }

  file(entry: ProcessEntry, action: string, type: string, path: string, stat?: JsonObject, originalPath?: string): EcsEvent {
    const event = this.envelope(FILE, 'file', action, type, 'Endpoint file event', entry.token);
    const inode = integerAt(stat, 'st_ino');
    const size = integerAt(stat, 'st_size');
    event['file'] = {
      ...fileFields(path),
      ...(inode !== undefined ? { inode: String(inode) } : {}),
      ...(size !== undefined ? { size } : {}),
      ...(originalPath !== undefined ? { Ext: { original: { path: originalPath, name: basename(originalPath) } } } : {}),
    };
    // Defend's open events carry no command line or ancestry (macOS file-access field list); the others do.
    const parent = this.table.parentOf(entry);
    event['process'] = {
      ...this.processCore(entry),
      ...(action === 'open' ? {} : { ...this.commandLine(entry), Ext: { ancestry: this.table.ancestry(entry) } }),
      ...(parent !== undefined || entry.ppid !== undefined ? { parent: { pid: parent?.pid ?? entry.ppid } } : {}),
    };
    Object.assign(event, this.effectiveParent(entry, 'Effective_process'));
    return event;
  }

  private envelope(dataset: string, category: string, action: string, type: string, message: string, token: AuditToken): EcsEvent {
    const { time, sequence } = this.stamp;
    const host = this.context.host;
    return {
      '@timestamp': time,
      agent: { type: 'endpoint' },
      data_stream: { type: 'logs', dataset, namespace: 'default' },
      ecs: { version: ECS_VERSION },
      event: { action, category: [category], type: [type], kind: 'event', outcome: 'success', module: 'endpoint', dataset, created: time, ...(sequence !== undefined ? { sequence } : {}) },
      host: { name: host, hostname: host, id: host, os: { type: 'macos', family: 'macos', name: 'macOS', platform: 'macos' } },
      log: { file: { path: this.context.path } },
      message,
      ...userFields(token),
    };
  }

  private processCore(entry: ProcessEntry): Record<string, unknown> {
    return {
      pid: entry.pid,
      entity_id: entry.entityId,
      ...(entry.executable !== undefined ? { executable: entry.executable, name: basename(entry.executable) } : {}),
      code_signature: { ...entry.signature },
    };
  }

  private commandLine(entry: ProcessEntry): Record<string, unknown> {
    const args = entry.args;
    return args === undefined ? {} : { args: [...args], args_count: args.length, command_line: args.join(' ') };
  }

  private parentFields(entry: ProcessEntry): Record<string, unknown> {
    const parent = this.table.parentOf(entry);
    if (parent === undefined) return entry.ppid !== undefined ? { pid: entry.ppid } : {};
    const args = parent.args;
    return {
      pid: parent.pid,
      entity_id: parent.entityId,
      ...(parent.executable !== undefined ? { executable: parent.executable, name: basename(parent.executable) } : {}),
      ...(args !== undefined ? { args_count: args.length, command_line: args.join(' ') } : {}),
      code_signature: { ...parent.signature },
    };
  }

  /** The responsible process (ES `responsible_audit_token`) when it is another process, under `process.Ext.<name>` or top-level `Effective_process`. */
  private effectiveParent(entry: ProcessEntry, name: 'effective_parent' | 'Effective_process'): Record<string, unknown> {
    const token = entry.responsible;
    if (token === undefined || token.pid === entry.pid) return {};
    const responsible = this.table.get(token);
    const fields = {
      pid: token.pid,
      entity_id: responsible?.entityId ?? this.table.entityIdOf(token),
      ...(responsible?.executable !== undefined ? { executable: responsible.executable, name: basename(responsible.executable) } : {}),
    };
    return { [name]: fields };
  }
}

/** `user.id`/`group.id` (effective) and their real ids under `Ext.real`, as Defend writes them; names only for root. */
function userFields(token: AuditToken): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (token.euid !== undefined) {
    fields['user'] = { id: String(token.euid), ...(token.euid === 0 ? { name: 'root' } : {}), ...(token.ruid !== undefined ? { Ext: { real: { id: String(token.ruid) } } } : {}) };
  }
  if (token.egid !== undefined) {
    fields['group'] = { id: String(token.egid), ...(token.egid === 0 ? { name: 'wheel' } : {}), ...(token.rgid !== undefined ? { Ext: { real: { id: String(token.rgid) } } } : {}) };
  }
  return fields;
}
