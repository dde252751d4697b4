/**
 * `windows.powershell` (Windows PowerShell channel: 400, 403, 600, 800) and
 * `windows.powershell_operational` (4103, 4104, 4105, 4106): ports of Elastic's two PowerShell
 * pipelines (beats x-pack/winlogbeat/module/powershell/ingest/*.yml), which share most steps.
 */
import { commandLineToArgv } from './argv.ts';
import { appendUnique, convertLong, copy, filled, get, remove, rename, set, text, type Doc, eventData } from './doc.ts';

const d = eventData;

/** The `kv` processor: `key=value` pairs split by `fieldSplit`, keys and values trimmed of `trim`. */
function kv(doc: Doc, field: string, fieldSplit: RegExp, trim: RegExp): void {
  const value = text(doc, d(field));
  if (value === undefined) return;
  for (const pair of value.split(fieldSplit)) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const key = pair.slice(0, at).replace(trim, '');
    if (key !== '') set(doc, d(key), pair.slice(at + 1).replace(trim, ''));
  }
}

/** `DOMAIN\user` → `<prefix>.domain`, `<prefix>.name`. */
function account(doc: Doc, field: string, prefix: string): void {
  const value = text(doc, d(field));
  if (value === undefined) return;
  const parts = value.split('\\');
  if (parts.length !== 2) return;
  if (parts[0] !== '') set(doc, `${prefix}.domain`, parts[0]);
  if (parts[1] !== '') set(doc, `${prefix}.name`, parts[1]);
}

const DETAIL = /^([^:(]+)\(([^)]+)\):\s*(.+)?$/;
const BINDING = /^name=(.+);\s*value=(.+)$/;

/** Command invocation detail lines (800's param3, 4103's Payload) as the pipeline parses them. */
function invocationDetails(doc: Doc, field: string): void {
  const raw = text(doc, d(field));
  if (raw === undefined) return;
  const details = raw.split('\n').map((line): Doc => {
    const match = DETAIL.exec(line);
    if (!match) return { value: line };
    if (match[1] !== 'ParameterBinding') return { type: match[1], related_command: match[2], ...(match[3] !== undefined ? { value: match[3] } : {}) };
    const binding = BINDING.exec(match[3] ?? '');
    if (!binding) return {};
    return { type: match[1], related_command: match[2], name: binding[1], value: binding[2] };
  });
  if (details.length > 0) set(doc, 'powershell.command.invocation_details', details);
}

function common(doc: Doc, startCode: string, endCode: string): string {
  set(doc, 'ecs.version', '1.12.0');
  const level = get(doc, 'winlog.level');
  if (level !== undefined && level !== '') copy(doc, 'winlog.level', 'log.level');
  set(doc, 'event.module', 'powershell');
  set(doc, 'event.kind', 'event');
  const code = String(get(doc, 'winlog.event_id') ?? '');
  set(doc, 'event.code', code);
  set(doc, 'event.category', 'process');
  set(doc, 'event.type', code === startCode ? 'start' : code === endCode ? 'end' : 'info');
  convertLong(doc, d('SequenceNumber'), 'event.sequence');
  const record = get(doc, 'winlog.record_id');
  if (record !== undefined) set(doc, 'winlog.record_id', String(record));
  return code;
}

function renames(doc: Doc, pairs: readonly (readonly [string, string])[]): void {
  for (const [field, target] of pairs) rename(doc, d(field), target);
}

function finish(doc: Doc, removed: readonly string[]): void {
  const line = filled(doc, 'process.command_line');
  if (line !== undefined) {
    const args = commandLineToArgv(line);
    set(doc, 'process.args', args);
    set(doc, 'process.args_count', args.length);
  }
  const script = text(doc, d('ScriptName'));
  if (script !== undefined && script.length > 1) {
    const slash = script.lastIndexOf('\\');
    if (slash > -1) {
      set(doc, 'file.name', script.slice(slash + 1));
      set(doc, 'file.directory', script.slice(0, slash));
      const dot = script.lastIndexOf('.');
      if (dot > -1) set(doc, 'file.extension', script.slice(dot + 1));
    }
  }
  rename(doc, d('ScriptName'), 'file.path');
  for (const field of ['_temp', 'winlog.time_created', 'winlog.level', ...removed.map(d)]) remove(doc, field);
  const data = get(doc, 'winlog.event_data');
  if (typeof data !== 'object' || data === null) return;
  for (const [key, value] of Object.entries(data)) if (value === null || value === '') delete (data as Doc)[key];
  if (Object.keys(data).length === 0) remove(doc, 'winlog.event_data');
}

const SHARED_RENAMES = [
  ['HostApplication', 'process.command_line'], ['HostName', 'process.title'],
] as const;
const COMMAND_RENAMES = [
  ['HostVersion', 'powershell.process.executable_version'], ['CommandLine', 'powershell.command.value'], ['CommandPath', 'powershell.command.path'],
  ['CommandName', 'powershell.command.name'], ['CommandType', 'powershell.command.type'],
] as const;

export function powershell(doc: Doc): void {
  const eventId = String(get(doc, 'winlog.event_id') ?? '');
  kv(doc, eventId === '800' ? 'param2' : 'param3', /\n\t/, /^[\n\t]+|[\n\t]+$/g);
  const code = common(doc, '400', '403');
  renames(doc, [['HostId', 'process.entity_id'], ...SHARED_RENAMES]);
  account(doc, 'UserId', 'user');
  const user = get(doc, 'user.name');
  if (user !== undefined) appendUnique(doc, 'related.user', user);
  renames(doc, [
    ['NewEngineState', 'powershell.engine.new_state'], ['PreviousEngineState', 'powershell.engine.previous_state'], ['NewProviderState', 'powershell.provider.new_state'],
    ['ProviderName', 'powershell.provider.name'],
  ]);
  convertLong(doc, d('DetailTotal'), 'powershell.total');
  convertLong(doc, d('DetailSequence'), 'powershell.sequence');
  renames(doc, [['EngineVersion', 'powershell.engine.version'], ['PipelineId', 'powershell.pipeline_id'], ['RunspaceId', 'powershell.runspace_id'], ...COMMAND_RENAMES]);
  if (code === '800') invocationDetails(doc, 'param3');
  finish(doc, ['param1', 'param2', 'param3', 'SequenceNumber', 'DetailTotal', 'DetailSequence', 'UserId']);
}

export function powershellOperational(doc: Doc): void {
  const eventId = String(get(doc, 'winlog.event_id') ?? '');
  if (eventId === '4103') kv(doc, 'ContextInfo', /\n/, /^[ \n\t]+|[ \n\t]+$/g);
  const data = get(doc, 'winlog.event_data');
  if (typeof data === 'object' && data !== null) set(doc, 'winlog.event_data', Object.fromEntries(Object.entries(data).map(([key, value]) => [key.replace(/\s/g, ''), value])));
  const code = common(doc, '4105', '4106');
  renames(doc, [['HostID', 'process.entity_id'], ...SHARED_RENAMES]);
  copy(doc, 'winlog.user.identifier', 'user.id');
  account(doc, 'User', 'user');
  if (get(doc, 'user.name') !== undefined) appendUnique(doc, 'related.user', get(doc, 'user.name'));
  account(doc, 'ConnectedUser', 'source.user');
  if (get(doc, 'source.user.name') !== undefined) appendUnique(doc, 'related.user', get(doc, 'source.user.name'));
  if (get(doc, 'source.user') !== undefined) {
    rename(doc, 'user.domain', 'destination.user.domain');
    rename(doc, 'user.name', 'destination.user.name');
    copy(doc, 'source.user.domain', 'user.domain');
    copy(doc, 'source.user.name', 'user.name');
  }
  convertLong(doc, d('MessageNumber'), 'powershell.sequence');
  convertLong(doc, d('MessageTotal'), 'powershell.total');
  renames(doc, [
    ['ShellID', 'powershell.id'], ['EngineVersion', 'powershell.engine.version'], ['PipelineID', 'powershell.pipeline_id'], ['RunspaceID', 'powershell.runspace_id'],
    ['RunspaceId', 'powershell.runspace_id'], ...COMMAND_RENAMES, ['ScriptBlockId', 'powershell.file.script_block_id'], ['ScriptBlockText', 'powershell.file.script_block_text'],
  ]);
  if (code === '4103') invocationDetails(doc, 'Payload');
  rename(doc, d('Path'), d('ScriptName'));
  finish(doc, ['SequenceNumber', 'User', 'ConnectedUser', 'ContextInfo', 'Severity', 'MessageTotal', 'MessageNumber', 'Payload']);
}
