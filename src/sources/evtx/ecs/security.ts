/**
 * `system.security`: a port of the Security pipeline Elastic ships for Windows Security events
 * (beats x-pack/winlogbeat/module/security/ingest/security.yml, the predecessor of the system
 * package's security pipeline), script by script, in its order. Left out, and listed in
 * docs/evtx.md: the SDDL translation of 4670/4817/4907/4908 (`OldSd*`/`NewSd*`, `SidListDesc`).
 */
import { splitOnWhitespaceOutsideQuotes } from './argv.ts';
import { appendUnique, copy, get, remove, set, text, toLong, windowsBasename, type Doc, eventData } from './doc.ts';
import {
  AUDIT_SUBCATEGORIES, CATEGORIZATION, ENCRYPTION_TYPES, LOGON_STATUS, LOGON_TYPES, MESSAGE_TABLE, SERVICE_TYPES, TICKET_OPTIONS, TICKET_STATUS,
  TRUST_ATTRIBUTES, TRUST_DIRECTIONS, TRUST_TYPES, UAC,
} from './tables/security.ts';

const d = eventData;
const data = (doc: Doc, field: string) => text(doc, d(field));

/** Names of the set bits of a 32-bit value, looked up as `0x%08X` (the pipeline's bit loop). */
function flagNames(value: number, table: Readonly<Record<string, string>>): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < 32; bit++) {
    const flag = 2 ** bit;
    if (Math.floor(value / flag) % 2 === 1) {
      const name = table[`0x${flag.toString(16).toUpperCase().padStart(8, '0')}`];
      if (name !== undefined) names.push(name);
    }
  }
  return names;
}

/** The pipeline's `split`: whitespace-separated fields, leading whitespace skipped. */
function fields(value: string): string[] {
  const out = value.replace(/^\s+/, '').split(/\s+/);
  return out;
}

function addRelatedUser(doc: Doc, name: string): void {
  appendUnique(doc, 'related.user', name);
}

export function security(doc: Doc): void {
  set(doc, 'event.module', 'security');
  const codeValue = get(doc, 'event.code');
  if (codeValue !== undefined) set(doc, 'event.code', String(codeValue));
  const code = text(doc, 'event.code') ?? '';
  const categorization = CATEGORIZATION[code];
  if (categorization) for (const [key, value] of Object.entries(categorization)) set(doc, `event.${key}`, Array.isArray(value) ? [...(value as string[])] : value);
  lookups(doc, code);
  messageTable(doc);
  logonStatus(doc, code);
  for (const [field, target, table] of [['TdoType', 'trustType', TRUST_TYPES], ['TdoDirection', 'trustDirection', TRUST_DIRECTIONS], ['TdoAttributes', 'trustAttribute', TRUST_ATTRIBUTES]] as const) {
    const value = data(doc, field);
    if (value !== undefined && table[value] !== undefined) set(doc, `winlog.${target}`, table[value]);
  }
  sessionEvents(doc, code);
  targetUser(doc, code);
  memberAndGroup(doc, code);
  computerObject(doc, code);
  if (['4634', '4647', '4964'].includes(code)) copy(doc, d('TargetLogonId'), 'winlog.logon.id');
  subjectUser(doc, code, 'winlog.event_data', SUBJECT_EVENTS);
  userToTarget(doc, code, 'target', 'TargetSid', TARGET_EVENTS);
  userToTarget(doc, code, 'effective', 'TargetUserSid', ['4648', '4688']);
  subjectUser(doc, code, 'winlog.user_data', ['1102']);
  copy(doc, d('SubjectLogonId'), 'winlog.logon.id');
  if (code === '1102') copy(doc, 'winlog.user_data.SubjectLogonId', 'winlog.logon.id');
  commonAuth(doc, code);
  process4688(doc, code);
  const subject = data(doc, 'SubjectUserName');
  if (['4624', '4648', '4797', '5379', '5380', '5381', '5382'].includes(code) && subject !== undefined && subject !== '-') addRelatedUser(doc, subject);
  const target = data(doc, 'TargetUserName');
  if (['4688', '4720', '4722', '4723', '4724', '4725', '4726', '4738', '4740', '4767', '4797', '4798'].includes(code) && target !== undefined && target !== '-') addRelatedUser(doc, target);
  const privileges = data(doc, 'PrivilegeList');
  if (['4672', '4673', '4674', '4741', '4742', '4743'].includes(code) && privileges !== undefined) set(doc, d('PrivilegeList'), privileges.split(/\s+/));
  copy(doc, d('OldTargetUserName'), 'user.target.name');
  copy(doc, d('NewTargetUserName'), 'user.changes.name');
  for (const field of ['NewTargetUserName', 'OldTargetUserName']) {
    const value = data(doc, field);
    if (value !== undefined && value !== '-') addRelatedUser(doc, value);
  }
  const sourceIp = text(doc, 'source.ip');
  if (sourceIp !== undefined) set(doc, 'source.ip', sourceIp.replaceAll('::ffff:', ''));
  const ip = text(doc, 'source.ip');
  if (ip !== undefined && ip !== '-') appendUnique(doc, 'related.ip', ip);
  shareFile(doc, code);
  for (const field of ['winlog.record_id', 'winlog.event_id']) {
    const value = get(doc, field);
    if (value !== undefined) set(doc, field, String(value));
  }
  set(doc, 'ecs.version', '1.12.0');
  const level = get(doc, 'winlog.level');
  if (level !== undefined && level !== '') copy(doc, 'winlog.level', 'log.level');
  // `date` on winlog.time_created (ISO8601, ignore_failure), which some Winlogbeat documents carry (the
  // pipeline-input goldens); Loupe's records have TimeCreated in @timestamp already. Output as the processor writes it: UTC, milliseconds.
  const created = text(doc, 'winlog.time_created');
  // A time without a zone is UTC to the processor (its default timezone), not the reader's local time.
  const zoned = created !== undefined && /^\d{4}-\d\d-\d\dT[\d:.]+$/.test(created) ? `${created}Z` : created;
  const time = zoned === undefined || !/^\d{4}-\d\d-\d\dT/.test(zoned) ? NaN : Date.parse(zoned);
  if (!Number.isNaN(time)) set(doc, '@timestamp', new Date(time).toISOString());
}

function lookups(doc: Doc, code: string): void {
  const logonType = data(doc, 'LogonType');
  if (logonType !== undefined && LOGON_TYPES[logonType] !== undefined) set(doc, 'winlog.logon.type', LOGON_TYPES[logonType]);
  const uac = toLong(get(doc, d('NewUacValue')));
  if (uac !== undefined) {
    const names = flagNames(uac, UAC);
    if (names.length > 0) {
      set(doc, d('NewUACList'), names);
      const current = data(doc, 'UserAccountControl');
      if (current !== undefined) set(doc, d('UserAccountControl'), current.split('%%').map((part) => part.trim()).filter((part) => part.length > 0));
    }
  }
  const options = toLong(get(doc, d('TicketOptions')));
  if (options !== undefined) {
    const names = flagNames(options, TICKET_OPTIONS);
    if (names.length > 0) set(doc, d('TicketOptionsDescription'), names);
  }
  const encryption = data(doc, 'TicketEncryptionType');
  if (encryption !== undefined) set(doc, d('TicketEncryptionTypeDescription'), ENCRYPTION_TYPES[encryption.toLowerCase()] ?? null);
  const status = data(doc, 'Status');
  if (status !== undefined && ['4768', '4769', '4770', '4771'].includes(code)) set(doc, d('StatusDescription'), TICKET_STATUS[status] ?? null);
  const service = data(doc, 'ServiceName');
  if (service !== undefined) set(doc, 'service.name', service);
  const serviceType = data(doc, 'ServiceType');
  if (serviceType !== undefined) set(doc, 'service.type', SERVICE_TYPES[serviceType] ?? null);
  const subcategory = data(doc, 'SubcategoryGuid')?.replace('{', '').replace('}', '').toUpperCase();
  const audit = subcategory === undefined ? undefined : AUDIT_SUBCATEGORIES[subcategory];
  if (audit !== undefined) {
    set(doc, d('Category'), audit[1]);
    set(doc, d('SubCategory'), audit[0]);
  }
}

function messageTable(doc: Doc): void {
  const descriptions = MESSAGE_TABLE.descriptions;
  const reason = data(doc, 'FailureReason')?.replaceAll('%%', '');
  if (reason !== undefined && descriptions[reason] !== undefined) set(doc, 'winlog.logon.failure.reason', descriptions[reason]);
  const changes = data(doc, 'AuditPolicyChanges');
  if (changes !== undefined) {
    const names = changes.split(',').flatMap((part) => descriptions[part.replaceAll('%%', '').trim()] ?? []);
    if (names.length > 0) set(doc, d('AuditPolicyChangesDescription'), names);
  }
  const access = data(doc, 'AccessList');
  if (access !== undefined) {
    const names = fields(access).flatMap((part) => descriptions[part.replaceAll('%%', '').trim()] ?? []);
    if (names.length > 0) set(doc, d('AccessListDescription'), names);
  }
  const mask = data(doc, 'AccessMask');
  if (mask !== undefined) {
    const list = fields(mask).filter((part) => part.length > 0);
    let bits = 0;
    for (const part of list) bits = Number(BigInt(bits) | BigInt(toLong(part.replaceAll('%%', '').trim()) ?? 0));
    if (list.length > 0) set(doc, d('AccessMask'), list);
    const names = flagNames(bits, MESSAGE_TABLE.AccessMaskDescriptions);
    if (names.length > 0) set(doc, d('AccessMaskDescription'), names);
  }
}

function logonStatus(doc: Doc, code: string): void {
  const status = data(doc, 'Status');
  if (status === undefined || !['4625', '4776'].includes(code)) return;
  if (LOGON_STATUS[status] !== undefined) set(doc, 'winlog.logon.failure.status', LOGON_STATUS[status]);
  const sub = data(doc, 'SubStatus');
  if (sub !== undefined && LOGON_STATUS[sub] !== undefined) set(doc, 'winlog.logon.failure.sub_status', LOGON_STATUS[sub]);
}

function sessionEvents(doc: Doc, code: string): void {
  if (!['4778', '4779'].includes(code)) return;
  const name = data(doc, 'AccountName');
  if (name !== undefined) {
    set(doc, 'user.name', name);
    addRelatedUser(doc, name);
  }
  const domain = data(doc, 'AccountDomain');
  if (domain !== undefined) set(doc, 'user.domain', domain);
  let address = data(doc, 'ClientAddress');
  if (address !== undefined && address !== '-' && address !== 'Unknown') {
    if (address === 'LOCAL') set(doc, d('ClientAddress'), (address = '127.0.0.1'));
    set(doc, 'source.ip', address);
    appendUnique(doc, 'related.ip', address);
  }
  const client = data(doc, 'ClientName');
  if (client !== undefined) set(doc, 'source.domain', client);
  const logon = data(doc, 'LogonID');
  if (logon !== undefined) set(doc, 'winlog.logon.id', logon);
}

/** User fields go to `user.*`, or to `user.target.*` when `user.*` already has them. */
function userOrTarget(doc: Doc, field: string, value: string): void {
  if (get(doc, `user.${field}`) === undefined) set(doc, `user.${field}`, value);
  else set(doc, `user.target.${field}`, value);
}

function targetUser(doc: Doc, code: string): void {
  if (!['4624', '4625', '4634', '4647', '4648', '4768', '4769', '4770', '4771', '4776', '4964'].includes(code)) return;
  const id = data(doc, 'TargetUserSid') ?? data(doc, 'TargetSid');
  if (id !== undefined) userOrTarget(doc, 'id', id);
  const name = data(doc, 'TargetUserName');
  if (name !== undefined) {
    const first = name.split('@')[0]!;
    userOrTarget(doc, 'name', first);
    addRelatedUser(doc, first);
  }
  const domain = data(doc, 'TargetDomainName');
  if (domain !== undefined) userOrTarget(doc, 'domain', domain);
}

const GROUP_EVENTS = ['4727', '4728', '4729', '4730', '4731', '4732', '4733', '4734', '4735', '4737', '4744', '4745', '4746', '4747', '4748', '4749', '4750', '4751', '4752', '4753', '4754', '4755', '4756', '4757', '4758', '4759', '4760', '4761', '4762', '4763', '4764', '4799'];

function memberAndGroup(doc: Doc, code: string): void {
  if (!GROUP_EVENTS.includes(code)) return;
  const member = data(doc, 'MemberName');
  if (member !== undefined) {
    const parts = member.split(',');
    const name = parts[0]!.replace('CN=', '').replace('cn=', '');
    set(doc, 'user.target.name', name);
    addRelatedUser(doc, name);
    if (parts.length >= 4) set(doc, 'user.target.domain', parts[3]!.replace('DC=', '').replace('dc=', ''));
  }
  const userSid = data(doc, 'TargetUserSid');
  if (userSid !== undefined) set(doc, 'group.id', userSid);
  const sid = data(doc, 'TargetSid');
  if (sid !== undefined) set(doc, 'group.id', sid);
  const name = data(doc, 'TargetUserName');
  if (name !== undefined) set(doc, 'group.name', name);
  const domain = data(doc, 'TargetDomainName');
  if (domain !== undefined) set(doc, 'group.domain', domain.replace('DC=', '').replace('dc=', ''));
  if (get(doc, 'user.target') !== undefined) for (const field of ['id', 'name', 'domain']) copy(doc, `group.${field}`, `user.target.group.${field}`);
}

function computerObject(doc: Doc, code: string): void {
  if (!['4741', '4742', '4743'].includes(code)) return;
  for (const [field, target] of [['TargetSid', 'id'], ['TargetUserName', 'name'], ['TargetDomainName', 'domain']] as const) {
    const value = data(doc, field);
    if (value !== undefined) set(doc, `winlog.computerObject.${target}`, value);
  }
}

const SUBJECT_EVENTS = [
  '4657', '4670', '4672', '4673', '4674', '4688', '4689', '4697', '4698', '4699', '4700', '4701', '4702', '4706', '4707', '4713', '4716', '4717', '4718', '4719',
  '4720', '4722', '4723', '4724', '4725', '4726', '4727', '4728', '4729', '4730', '4731', '4732', '4733', '4734', '4735', '4737', '4738', '4739', '4740', '4741',
  '4742', '4743', '4744', '4745', '4746', '4747', '4748', '4749', '4750', '4751', '4752', '4753', '4754', '4755', '4756', '4757', '4758', '4759', '4760', '4761',
  '4762', '4763', '4764', '4767', '4781', '4798', '4799', '4817', '4904', '4905', '4907', '4912', '4648', '4797', '5140', '5145', '5379', '5380', '5381', '5382',
];
const TARGET_EVENTS = ['4670', '4720', '4722', '4723', '4724', '4725', '4726', '4738', '4740', '4767', '4798', '4817', '4907', '4797'];

function subjectUser(doc: Doc, code: string, from: string, events: readonly string[]): void {
  if (!events.includes(code)) return;
  const id = text(doc, `${from}.SubjectUserSid`);
  if (id !== undefined) set(doc, 'user.id', id);
  const name = text(doc, `${from}.SubjectUserName`);
  if (name !== undefined) {
    set(doc, 'user.name', name);
    addRelatedUser(doc, name);
  }
  const domain = text(doc, `${from}.SubjectDomainName`);
  if (domain !== undefined) set(doc, 'user.domain', domain);
}

/** "Copy Target User to Target" and "… to Effective": the target account as `user.<as>.*`. */
function userToTarget(doc: Doc, code: string, as: 'target' | 'effective', sidField: string, events: readonly string[]): void {
  if (!events.includes(code)) return;
  const given = (value: string | undefined) => value !== undefined && value !== '' && value !== '-';
  const id = data(doc, sidField);
  if (given(id)) set(doc, `user.${as}.id`, id);
  const name = data(doc, 'TargetUserName');
  if (given(name)) {
    const first = name!.split('@')[0]!;
    set(doc, `user.${as}.name`, first);
    addRelatedUser(doc, first);
  }
  const domain = data(doc, 'TargetDomainName');
  if (given(domain)) set(doc, `user.${as}.domain`, domain);
}

const AUTH_EVENTS = [
  '1100', '1102', '1104', '1105', '1108', '4624', '4648', '4625', '4670', '4673', '4674', '4689', '4697', '4719', '4720', '4722', '4723', '4724', '4725', '4726',
  '4727', '4728', '4729', '4730', '4731', '4732', '4733', '4734', '4735', '4737', '4738', '4740', '4741', '4742', '4743', '4744', '4745', '4746', '4747', '4748',
  '4749', '4750', '4751', '4752', '4753', '4754', '4755', '4756', '4757', '4758', '4759', '4760', '4761', '4762', '4763', '4764', '4767', '4768', '4769', '4770',
  '4771', '4798', '4799', '4817', '4904', '4905', '4907', '4912', '5140', '5145',
];

/** The pipeline's event_data → ECS renames; `unlessDash`: Windows writes "-" for no value, which stays in event_data. */
function moveData(doc: Doc, field: string, target: string, options: { unlessDash?: boolean; convert?: (value: string) => unknown } = {}): void {
  const value = data(doc, field);
  if (value === undefined || (options.unlessDash === true && value === '-')) return;
  set(doc, target, options.convert ? options.convert(value) : value);
  remove(doc, d(field));
}

function commonAuth(doc: Doc, code: string): void {
  if (!AUTH_EVENTS.includes(code)) return;
  const pid = toLong(get(doc, d('ProcessId')));
  if (get(doc, d('ProcessId')) !== undefined) {
    if (pid !== undefined) set(doc, 'process.pid', pid);
    remove(doc, d('ProcessId'));
  }
  moveData(doc, 'ProcessName', 'process.executable');
  moveData(doc, 'IpAddress', 'source.ip', { unlessDash: true });
  moveData(doc, 'IpPort', 'source.port', { unlessDash: true, convert: toLong });
  moveData(doc, 'WorkstationName', 'source.domain');
  moveData(doc, 'ClientAddress', 'related.ip', { unlessDash: true });
  const executable = text(doc, 'process.executable');
  if (get(doc, 'process.name') === undefined && executable !== undefined) set(doc, 'process.name', windowsBasename(executable));
}

function process4688(doc: Doc, code: string): void {
  if (code !== '4688') return;
  const pid = get(doc, d('NewProcessId'));
  if (pid !== undefined) {
    set(doc, 'process.pid', toLong(pid));
    remove(doc, d('NewProcessId'));
  }
  for (const [field, target] of [['NewProcessName', 'process.executable'], ['ParentProcessName', 'process.parent.executable']] as const) {
    const value = data(doc, field);
    if (value === undefined) continue;
    set(doc, target, value);
    remove(doc, d(field));
  }
  for (const prefix of ['process', 'process.parent']) {
    const executable = text(doc, `${prefix}.executable`);
    if (get(doc, `${prefix}.name`) === undefined && executable !== undefined) set(doc, `${prefix}.name`, windowsBasename(executable));
  }
  const parent = get(doc, d('ProcessId'));
  if (parent !== undefined) set(doc, 'process.parent.pid', toLong(parent));
  const line = data(doc, 'CommandLine');
  if (line !== undefined) {
    set(doc, 'process.args', splitOnWhitespaceOutsideQuotes(line));
    set(doc, 'process.command_line', line);
  }
  const target = data(doc, 'TargetUserName');
  if (target !== undefined && target !== '-') addRelatedUser(doc, target);
}

function shareFile(doc: Doc, code: string): void {
  if (['5140', '5145'].includes(code)) {
    const name = data(doc, 'RelativeTargetName');
    if (name !== undefined && name !== '') set(doc, 'file.name', name);
    const directory = data(doc, 'ShareLocalPath');
    if (directory !== undefined && directory !== '') set(doc, 'file.directory', directory);
  }
  const name = text(doc, 'file.name');
  const directory = text(doc, 'file.directory');
  if (name !== undefined && directory !== undefined) set(doc, 'file.path', `${directory}\\${name}`);
  const share = data(doc, 'ShareName');
  if (['5140', '5145'].includes(code) && share !== undefined && share !== '' && name !== undefined) set(doc, 'file.target_path', `${share}\\${name}`);
  if (name !== undefined) {
    const dot = name.lastIndexOf('.');
    if (dot > -1) set(doc, 'file.extension', name.slice(dot + 1));
  }
}
