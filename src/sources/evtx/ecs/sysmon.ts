/**
 * `windows.sysmon_operational`: a port of Elastic's integration pipeline
 * (packages/windows/data_stream/sysmon_operational/elasticsearch/ingest_pipeline/default.yml),
 * processor by processor, in its order. Left out, and listed in docs/evtx.md: `event.created`
 * (Winlogbeat sends no `winlog.time_created`). `registered_domain` uses the
 * shared public suffix list (src/sources/common/public-suffix/).
 */
import { communityId } from '../../common/community-id.ts';
import { javaHashMapOrder } from '../../common/java-hash-order.ts';
import { registeredDomain } from '../../common/public-suffix/registered-domain.ts';
import { commandLineToArgv } from './argv.ts';
import { appendUnique, convertLong, copy, filled, get, remove, rename, set, text, toLong, windowsBasename, type Doc, eventData } from './doc.ts';
import { CATEGORIZATION, DNS_STATUS, DNS_TYPES, HIVES } from './tables/sysmon.ts';

const EMPTY = new Set(['', '-', '{00000000-0000-0000-0000-000000000000}']);
const DATA = 'winlog.event_data';
const d = eventData;

function dropEmpty(doc: Doc, empties: ReadonlySet<string>): void {
  const data = get(doc, DATA);
  if (typeof data !== 'object' || data === null) return;
  for (const [key, value] of Object.entries(data)) if (value === null || (typeof value === 'string' && empties.has(value))) delete (data as Doc)[key];
}

/** `yyyy-MM-dd HH:mm:ss.SSS` in UTC → ISO 8601 (the `date` processor's output). */
function utcTime(value: string): string | undefined {
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})$/.exec(value);
  return match ? `${match[1]}T${match[2]}Z` : undefined;
}

export function sysmon(doc: Doc): void {
  set(doc, 'ecs.version', '8.0.0');
  dropEmpty(doc, EMPTY);
  const utc = text(doc, d('UtcTime'));
  const time = utc === undefined ? undefined : utcTime(utc);
  if (time !== undefined) set(doc, '@timestamp', time);
  set(doc, 'event.kind', 'event');
  const code = String(get(doc, 'winlog.event_id') ?? '');
  set(doc, 'event.code', code);
  const categorization = CATEGORIZATION[code];
  if (categorization) for (const [key, value] of Object.entries(categorization)) set(doc, `event.${key}`, Array.isArray(value) ? [...(value as string[])] : value);
  if (code === '255') rename(doc, d('ID'), 'error.code');
  if (filled(doc, d('RuleName')) !== '-') rename(doc, d('RuleName'), 'rule.name');
  if (code === '25') rename(doc, d('Type'), 'message');
  rename(doc, d('Hash'), d('Hashes'));
  hashes(doc);
  if (get(doc, '_temp.hashes') !== undefined && ['1', '23', '24', '25'].includes(code)) rename(doc, '_temp.hashes', 'process.hash');
  rename(doc, 'process.hash.imphash', 'process.pe.imphash');
  processFields(doc, code);
  if (get(doc, '_temp.hashes') !== undefined && ['6', '7', '15', '26', '29'].includes(code)) rename(doc, '_temp.hashes', 'file.hash');
  rename(doc, 'file.hash.imphash', 'file.pe.imphash');
  fileFields(doc, code);
  network(doc, code);
  dns(doc);
  flowId(doc);
  user(doc);
  rename(doc, d('QueryStatus'), 'sysmon.dns.status');
  const status = filled(doc, 'sysmon.dns.status');
  if (status !== undefined && DNS_STATUS[status] !== undefined) set(doc, 'sysmon.dns.status', DNS_STATUS[status]);
  for (const [field, target] of [['Archived', 'sysmon.file.archived'], ['IsExecutable', 'sysmon.file.is_executable']] as const) {
    const value = filled(doc, d(field))?.toLowerCase();
    if (value === 'true' || value === 'false') set(doc, target, value === 'true');
  }
  const errorCode = get(doc, 'error.code');
  if (errorCode !== undefined) set(doc, 'error.code', String(errorCode));
  const userName = filled(doc, 'user.name');
  if (userName !== undefined) appendUnique(doc, 'related.user', userName);
  for (const ip of ['source.ip', 'destination.ip']) {
    const value = filled(doc, ip);
    if (value !== undefined) appendUnique(doc, 'related.ip', value);
  }
  if (filled(doc, d('TargetObject')) !== undefined && ['12', '13', '14'].includes(code)) registry(doc);
  if (get(doc, d('TargetProcessGuid')) !== undefined) rename(doc, d('TargetProcessGuid'), d('TargetProcessGUID'));
  cleanup(doc);
}

/**
 * `kv` on Hashes (`SHA1=…,MD5=…`), lower-cased, all-zero hashes dropped, each into related.hash
 * in the order the pipeline's script iterates the kv map (a Java HashMap: SHA256 before SHA1).
 */
function hashes(doc: Doc): void {
  const value = text(doc, d('Hashes'));
  if (value === undefined) return;
  const pairs = new Map<string, string>();
  for (const pair of value.split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) pairs.set(pair.slice(0, at), pair.slice(at + 1));
  }
  const out: Record<string, string> = {};
  const related: string[] = [];
  for (const key of javaHashMapOrder([...pairs.keys()])) {
    const hash = pairs.get(key)!.toLowerCase();
    if (/^0*$/.test(hash)) continue;
    out[key.toLowerCase()] = hash;
    related.push(hash);
  }
  set(doc, '_temp.hashes', out);
  if (related.length > 0) set(doc, 'related', { hash: related });
}

function processFields(doc: Doc, code: string): void {
  rename(doc, d('ProcessGuid'), 'process.entity_id');
  if (filled(doc, d('ProcessId'))) convertLong(doc, d('ProcessId'), 'process.pid');
  rename(doc, d('Image'), 'process.executable');
  rename(doc, d('SourceProcessGuid'), 'process.entity_id');
  rename(doc, d('SourceProcessGUID'), 'process.entity_id');
  if (filled(doc, d('SourceProcessId'))) convertLong(doc, d('SourceProcessId'), 'process.pid');
  if (filled(doc, d('SourceThreadId'))) convertLong(doc, d('SourceThreadId'), 'process.thread.id');
  rename(doc, d('SourceImage'), 'process.executable');
  rename(doc, d('Destination'), 'process.executable');
  rename(doc, d('CommandLine'), 'process.command_line');
  rename(doc, d('CurrentDirectory'), 'process.working_directory');
  rename(doc, d('ParentProcessGuid'), 'process.parent.entity_id');
  if (filled(doc, d('ParentProcessId'))) convertLong(doc, d('ParentProcessId'), 'process.parent.pid');
  rename(doc, d('ParentImage'), 'process.parent.executable');
  rename(doc, d('ParentCommandLine'), 'process.parent.command_line');
  if (code !== '7') {
    rename(doc, d('OriginalFileName'), 'process.pe.original_file_name');
    for (const [field, target] of PE) copy(doc, d(field), `process.pe.${target}`);
  }
  for (const prefix of ['process', 'process.parent']) {
    const line = filled(doc, `${prefix}.command_line`);
    if (line === undefined) continue;
    const args = commandLineToArgv(line);
    set(doc, `${prefix}.args`, args);
    set(doc, `${prefix}.args_count`, args.length);
    }
  for (const prefix of ['process', 'process.parent']) {
    const executable = filled(doc, `${prefix}.executable`);
    if (executable === undefined || executable.length <= 1 || get(doc, `${prefix}.name`) !== undefined) continue;
    const name = executable.includes('\\') ? windowsBasename(executable) : '';
    if (name !== '') set(doc, `${prefix}.name`, name);
  }
}

const PE = [['Company', 'company'], ['Description', 'description'], ['FileVersion', 'file_version'], ['Product', 'product']] as const;

function fileFields(doc: Doc, code: string): void {
  rename(doc, d('TargetFilename'), 'file.path');
  rename(doc, d('Device'), 'file.path');
  rename(doc, d('PipeName'), 'file.name');
  rename(doc, d('ImageLoaded'), 'file.path');
  copy(doc, d('Signature'), 'file.code_signature.subject_name');
  copy(doc, d('SignatureStatus'), 'file.code_signature.status');
  if (code === '7') {
    rename(doc, d('OriginalFileName'), 'file.pe.original_file_name');
    for (const [field, target] of PE) copy(doc, d(field), `file.pe.${target}`);
  }
  // Winlogbeat renders Signed as the text "true": the pipeline's `== true` holds only for a JSON boolean.
  if (get(doc, d('Signed')) === true) set(doc, 'file.code_signature.signed', true);
  if (get(doc, d('SignatureStatus')) === 'Valid') set(doc, 'file.code_signature.valid', true);
  const path = filled(doc, 'file.path');
  if (path === undefined || path.length <= 1) return;
  const slash = path.lastIndexOf('\\');
  if (slash < 0) return;
  set(doc, 'file.name', path.slice(slash + 1));
  set(doc, 'file.directory', path.slice(0, slash));
  const dot = path.lastIndexOf('.');
  if (dot > -1) set(doc, 'file.extension', path.slice(dot + 1));
}

function network(doc: Doc, code: string): void {
  rename(doc, d('Protocol'), 'network.transport');
  if (code !== '22') {
    rename(doc, d('DestinationPortName'), 'network.protocol');
    rename(doc, d('SourcePortName'), 'network.protocol');
  } else set(doc, 'network.protocol', 'dns');
  for (const side of ['Source', 'Destination'] as const) {
    const target = side.toLowerCase();
    const ip = filled(doc, d(`${side}Ip`));
    if (ip !== undefined && isIp(ip)) set(doc, `${target}.ip`, ip);
    rename(doc, d(`${side}Hostname`), `${target}.domain`);
    if (filled(doc, d(`${side}Port`))) convertLong(doc, d(`${side}Port`), `${target}.port`);
  }
  rename(doc, d('QueryName'), 'dns.question.name');
  const initiated = get(doc, d('Initiated'));
  if (initiated === 'true') set(doc, 'network.direction', 'egress');
  if (initiated === 'false') set(doc, 'network.direction', 'ingress');
  const v6 = get(doc, d('SourceIsIpv6'));
  if (v6 === 'false') set(doc, 'network.type', 'ipv4');
  if (v6 === 'true') set(doc, 'network.type', 'ipv6');
}

/** The `ip` convert: an IPv4 or IPv6 address as Elasticsearch accepts it. */
function isIp(value: string): boolean {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(value)) return true;
  return value.includes(':') && /^[0-9a-fA-F:.]+(%.+)?$/.test(value);
}

/** QueryResults (`type:  5 name;::ffff:1.2.3.4;`) → dns.answers, dns.resolved_ip, related.hosts/ip. */
function dns(doc: Doc): void {
  const results = filled(doc, d('QueryResults'));
  if (results !== undefined) {
    const answers: Doc[] = [];
    const ips: string[] = [];
    const hosts: string[] = [];
    for (const answer of results.split(';')) {
      if (answer === '') continue;
      if (answer.startsWith('type:')) {
        const parts = answer.split(/\s+/);
        // Java's split drops trailing empty strings (`type:  33 ` has no data).
        while (parts.length > 1 && parts.at(-1) === '') parts.pop();
        if (parts.length === 3) {
          answers.push({ type: DNS_TYPES[parts[1]!], data: parts[2] });
          hosts.push(parts[2]!);
        } else answers.push({ type: DNS_TYPES[parts[1] ?? ''] });
      } else ips.push(answer.replaceAll('::ffff:', ''));
    }
    if (answers.length > 0) set(doc, 'dns.answers', answers);
    if (ips.length > 0) set(doc, 'dns.resolved_ip', ips);
    if (hosts.length > 0) set(doc, 'related.hosts', hosts);
  }
  const resolved = get(doc, 'dns.resolved_ip');
  if (Array.isArray(resolved)) {
    const valid = resolved.filter((ip): ip is string => typeof ip === 'string' && isIp(ip));
    set(doc, 'dns.resolved_ip', valid);
    const answers = (get(doc, 'dns.answers') as Doc[] | undefined) ?? [];
    for (const ip of valid) answers.push({ type: ip.includes(':') ? 'AAAA' : 'A', data: ip });
    set(doc, 'dns.answers', answers);
  }
  const name = get(doc, 'dns.question.name');
  const domain = typeof name === 'string' ? registeredDomain(name) : undefined;
  // The processor writes dns.question.domain too; the pipeline then removes it (not ECS).
  if (domain !== undefined) for (const field of ['registered_domain', 'top_level_domain', 'subdomain'] as const) if (domain[field] !== undefined) set(doc, `dns.question.${field}`, domain[field]);
  const question = filled(doc, 'dns.question.name');
  if (question !== undefined) appendUnique(doc, 'related.hosts', question);
  if (Array.isArray(get(doc, 'dns.resolved_ip'))) for (const ip of get(doc, 'dns.resolved_ip') as string[]) appendUnique(doc, 'related.ip', ip);
}

/** The `community_id` processor (ignore_failure): network.community_id from the flow's endpoints and transport. */
function flowId(doc: Doc): void {
  const sourceIp = text(doc, 'source.ip');
  const destinationIp = text(doc, 'destination.ip');
  if (sourceIp === undefined || destinationIp === undefined) return;
  const port = (path: string) => {
    const value = get(doc, path);
    return typeof value === 'number' ? value : undefined;
  };
  const iana = toLong(get(doc, 'network.iana_number'));
  const transport = text(doc, 'network.transport');
  const id = communityId({ sourceIp, destinationIp, sourcePort: port('source.port'), destinationPort: port('destination.port'), ...(iana !== undefined ? { ianaNumber: iana } : {}), ...(transport !== undefined ? { transport } : {}) });
  if (id !== undefined) set(doc, 'network.community_id', id);
}

function user(doc: Doc): void {
  copy(doc, 'winlog.user.identifier', 'user.id');
  const account = text(doc, d('User'));
  if (account !== undefined) {
    const parts = account.split('\\');
    if (parts.length === 2) {
      if (parts[0] !== '') set(doc, 'user.domain', parts[0]);
      if (parts[1] !== '') set(doc, 'user.name', parts[1]);
    }
  }
}

function registry(doc: Doc): void {
  const path = text(doc, d('TargetObject'))!;
  const registry: Doc = { path };
  set(doc, 'registry', registry);
  const tokens = path.split('\\');
  // Java's String.split drops trailing empty strings.
  while (tokens.length > 1 && tokens.at(-1) === '') tokens.pop();
  const hive = HIVES[tokens[0]!];
  if (hive !== undefined) {
    registry['hive'] = hive;
    if (tokens.length > 1) registry['key'] = tokens.slice(1).join('\\');
  }
  registry['value'] = tokens.at(-1);
  const data = filled(doc, d('Details'));
  if (data === undefined) return;
  const qword = /^QWORD \(((0x[0-9A-F]{8})-(0x[0-9A-F]{8}))\)$/i.exec(data);
  if (qword) {
    registry['data'] = { strings: [String((BigInt(parseInt(qword[2]!.slice(2), 16)) << 8n) + BigInt(parseInt(qword[3]!.slice(2), 16)))], type: 'SZ_QWORD' };
    return;
  }
  const dword = /^DWORD \((0x[0-9A-F]{8})\)$/i.exec(data);
  if (dword) {
    registry['data'] = { strings: [String(parseInt(dword[1]!.slice(2), 16))], type: 'SZ_DWORD' };
    return;
  }
  registry['data'] = { strings: [data], type: data === 'Binary Data' ? 'REG_BINARY' : 'REG_SZ' };
}

const CLEANUP = [
  '_temp', d('ProcessId'), d('ParentProcessId'), d('SourceProcessId'), d('SourceThreadId'), d('SourceIp'), d('SourcePort'), d('SourcePortName'),
  d('DestinationIp'), d('DestinationPort'), d('DestinationPortName'), d('RuleName'), d('User'), d('Initiated'), d('SourceIsIpv6'),
  d('DestinationIsIpv6'), d('QueryStatus'), d('Archived'), d('IsExecutable'), d('QueryResults'), d('UtcTime'), d('Hash'), d('Hashes'),
  d('TargetObject'), 'winlog.time_created', 'winlog.level',
];

function cleanup(doc: Doc): void {
  for (const field of CLEANUP) remove(doc, field);
  dropEmpty(doc, new Set(['', '-']));
  const data = get(doc, DATA);
  if (typeof data === 'object' && data !== null && Object.keys(data).length === 0) remove(doc, DATA);
}
