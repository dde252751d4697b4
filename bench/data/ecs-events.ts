/**
 * Realistic ECS events for the benchmark: Elastic Defend (data_stream logs-endpoint.events.*) and
 * Auditbeat shapes on macOS, Linux and Windows hosts — process, file, network and authentication
 * events with the fields those agents really send (~900 bytes each). A small, fixed fraction is
 * built to fire the seed rules, so the benchmark also checks the alerts. Deterministic (seeded).
 */

type Event = Record<string, unknown>;

/** Park–Miller style LCG: fast, deterministic, good enough for picking fields. */
export class Random {
  constructor(private seed: number) {}
  next(): number {
    this.seed = (Math.imul(this.seed, 48271) + 1) >>> 0;
    return this.seed / 2 ** 32;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  hex(length: number): string {
    let text = '';
    while (text.length < length) text += ((this.next() * 2 ** 32) >>> 0).toString(16).padStart(8, '0');
    return text.slice(0, length);
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

type Os = 'macos' | 'linux' | 'windows';

interface Host {
  readonly name: string;
  readonly id: string;
  readonly os: Os;
  readonly ip: string;
  readonly agentId: string;
}

const OS_DETAILS: Record<Os, Event> = {
  macos: { type: 'macos', family: 'macos', name: 'macOS', version: '14.4.1', kernel: '23.4.0' },
  linux: { type: 'linux', family: 'debian', name: 'Ubuntu', version: '22.04.4 LTS (Jammy Jellyfish)', kernel: '5.15.0-105-generic' },
  windows: { type: 'windows', family: 'windows', name: 'Windows 11 Pro', version: '23H2', kernel: '10.0.22631.3447' },
};

const PROGRAMS: Record<Os, readonly (readonly [string, string, readonly string[]])[]> = {
  macos: [
    ['/usr/bin/curl', 'curl', ['-s', 'https://updates.example.com/feed.json']],
    ['/bin/zsh', 'zsh', ['-l']],
    ['/usr/bin/git', 'git', ['fetch', '--prune', 'origin']],
    ['/Applications/Slack.app/Contents/MacOS/Slack', 'Slack', ['--type=renderer', '--enable-sandbox']],
    ['/usr/sbin/mdworker_shared', 'mdworker_shared', ['-s', 'mdworker', '-c', 'MDSImporterWorker']],
    ['/usr/libexec/xpcproxy', 'xpcproxy', ['com.apple.WebKit.WebContent']],
    ['/opt/homebrew/bin/node', 'node', ['/Users/dev/project/node_modules/.bin/vite', 'build']],
  ],
  linux: [
    ['/usr/bin/bash', 'bash', ['-c', 'systemctl status nginx']],
    ['/usr/sbin/sshd', 'sshd', ['-D', '-R']],
    ['/usr/bin/python3.10', 'python3.10', ['/usr/bin/unattended-upgrade', '--download-only']],
    ['/usr/bin/docker', 'docker', ['ps', '--format', '{{.Names}}']],
    ['/usr/lib/postgresql/14/bin/postgres', 'postgres', ['-D', '/var/lib/postgresql/14/main']],
    ['/usr/bin/cron', 'cron', ['-f']],
  ],
  windows: [
    ['C:\\Windows\\System32\\svchost.exe', 'svchost.exe', ['-k', 'netsvcs', '-p', '-s', 'Schedule']],
    ['C:\\Windows\\explorer.exe', 'explorer.exe', []],
    ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'chrome.exe', ['--type=utility', '--utility-sub-type=network.mojom.NetworkService']],
    ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe', ['-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', 'C:\\ProgramData\\inventory.ps1']],
    ['C:\\Windows\\System32\\conhost.exe', 'conhost.exe', ['0xffffffff', '-ForceV1']],
    ['C:\\Windows\\System32\\RuntimeBroker.exe', 'RuntimeBroker.exe', ['-Embedding']],
  ],
};

const USERS: Record<Os, readonly string[]> = {
  macos: ['alice', 'bob', 'dev', 'root', '_spotlight'],
  linux: ['root', 'www-data', 'ubuntu', 'postgres', 'deploy'],
  windows: ['SYSTEM', 'Administrator', 'j.smith', 'svc_backup', 'LOCAL SERVICE'],
};

const FILES: Record<Os, readonly string[]> = {
  macos: ['/Users/alice/Library/Caches/com.apple.Safari/Cache.db', '/private/var/folders/7f/tmp/T/report.pdf', '/Users/dev/project/src/index.ts', '/Library/Preferences/com.apple.loginwindow.plist'],
  linux: ['/var/log/nginx/access.log', '/etc/ssl/certs/ca-certificates.crt', '/tmp/systemd-private-1f2e/tmp/cache.bin', '/home/ubuntu/.bash_history'],
  windows: ['C:\\Users\\j.smith\\AppData\\Local\\Temp\\setup.tmp', 'C:\\Windows\\Prefetch\\CHROME.EXE-5D3C1A2B.pf', 'C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\mpcache.bin', 'C:\\Users\\j.smith\\Documents\\Q3 report.docx'],
};

export function makeHosts(random: Random, count: number): Host[] {
  const oses: Os[] = ['macos', 'linux', 'windows'];
  return Array.from({ length: count }, (_, i) => {
    const os = oses[i % 3]!;
    const name = os === 'windows' ? `DESKTOP-${random.hex(7).toUpperCase()}` : os === 'macos' ? `mbp-${random.hex(4)}` : `srv-${random.hex(4)}`;
    return { name, id: random.uuid(), os, ip: `10.${random.int(256)}.${random.int(256)}.${1 + random.int(254)}`, agentId: random.uuid() };
  });
}

function common(random: Random, host: Host, time: number, beat: boolean): Event {
  const agent = beat
    ? { type: 'auditbeat', version: '8.13.2', name: host.name, id: host.agentId }
    : { type: 'endpoint', version: '8.13.2', id: host.agentId };
  return {
    '@timestamp': new Date(time).toISOString(),
    agent,
    host: { name: host.name, id: host.id, architecture: host.os === 'macos' ? 'arm64' : 'x86_64', ip: [host.ip], os: OS_DETAILS[host.os] },
    ecs: { version: '8.11.0' },
  };
}

function processFields(random: Random, host: Host, program: readonly [string, string, readonly string[]]): Event {
  const [executable, name, args] = program;
  const parent = random.pick(PROGRAMS[host.os]);
  const pid = 200 + random.int(60000);
  return {
    pid,
    entity_id: random.hex(32),
    executable,
    name,
    args: [executable, ...args],
    command_line: [executable, ...args].join(' '),
    hash: { sha256: random.hex(64) },
    parent: { pid: pid - 1 - random.int(100), executable: parent[0], name: parent[1] },
    code_signature: host.os === 'linux' ? undefined : { trusted: true, subject_name: host.os === 'macos' ? 'Software Signing' : 'Microsoft Windows' },
  };
}

/** An ordinary event: which kind, agent and OS vary. */
export function noiseEvent(random: Random, hosts: readonly Host[], time: number): Event {
  const host = random.pick(hosts);
  const beat = random.next() < 0.3 && host.os !== 'windows';
  const base = common(random, host, time, beat);
  const user = { name: random.pick(USERS[host.os]), id: String(random.int(2000)) };
  const program = random.pick(PROGRAMS[host.os]);
  const kind = random.int(10);
  const dataStream = (dataset: string) => (beat ? {} : { data_stream: { type: 'logs', dataset, namespace: 'default' } });
  if (kind < 5) {
    const type = random.next() < 0.5 ? 'start' : 'end';
    return {
      ...base,
      event: { kind: 'event', category: ['process'], type: [type], action: beat ? (type === 'start' ? 'process_started' : 'process_stopped') : type === 'start' ? 'exec' : 'end', id: random.uuid(), module: beat ? 'system' : 'endpoint', dataset: beat ? 'process' : 'endpoint.events.process' },
      process: processFields(random, host, program),
      user,
      ...dataStream('endpoint.events.process'),
    };
  }
  if (kind < 7) {
    const path = random.pick(FILES[host.os]);
    const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    return {
      ...base,
      event: { kind: 'event', category: ['file'], type: [random.pick(['creation', 'change', 'deletion'])], action: random.pick(['creation', 'modification', 'overwrite', 'deletion']), id: random.uuid(), module: beat ? 'file_integrity' : 'endpoint', dataset: beat ? 'file' : 'endpoint.events.file' },
      file: { path, name, extension: name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : undefined, size: random.int(5_000_000), inode: String(random.int(9_999_999)) },
      process: { pid: 100 + random.int(60000), entity_id: random.hex(32), executable: program[0], name: program[1] },
      user,
      ...dataStream('endpoint.events.file'),
    };
  }
  if (kind < 9) {
    return {
      ...base,
      event: { kind: 'event', category: ['network'], type: ['start', 'connection'], action: beat ? 'network_flow' : 'connection_attempted', id: random.uuid(), module: beat ? 'system' : 'endpoint', dataset: beat ? 'socket' : 'endpoint.events.network' },
      source: { ip: host.ip, port: 49152 + random.int(16000) },
      destination: { ip: `${random.int(224)}.${random.int(256)}.${random.int(256)}.${random.int(256)}`, port: random.pick([443, 80, 53, 22, 8443]), domain: random.pick(['api.github.com', 'updates.example.com', 'ocsp.digicert.com', 'login.microsoftonline.com']) },
      network: { transport: 'tcp', type: 'ipv4', direction: 'egress', protocol: 'tls', bytes: random.int(90000) },
      process: { pid: 100 + random.int(60000), entity_id: random.hex(32), executable: program[0], name: program[1] },
      user,
      ...dataStream('endpoint.events.network'),
    };
  }
  const success = random.next() < 0.9;
  return {
    ...base,
    event: { kind: 'event', category: ['authentication'], type: ['start'], action: host.os === 'windows' ? 'logged-in' : 'user_login', outcome: success ? 'success' : 'failure', id: random.uuid(), module: beat ? 'system' : 'endpoint', dataset: beat ? 'login' : 'endpoint.events.security', code: host.os === 'windows' ? (success ? '4624' : '4625') : undefined },
    user: { ...user, domain: host.os === 'windows' ? 'CORP' : undefined },
    source: { ip: `10.${random.int(256)}.${random.int(256)}.${random.int(256)}`, port: random.int(65535) },
    process: { pid: 100 + random.int(60000), executable: host.os === 'windows' ? 'C:\\Windows\\System32\\lsass.exe' : '/usr/sbin/sshd', name: host.os === 'windows' ? 'lsass.exe' : 'sshd' },
    ...dataStream('endpoint.events.security'),
  };
}

/** An event that fires one of the seed rules (macOS, Elastic Defend). */
export function seedHitEvent(random: Random, hosts: readonly Host[], time: number): Event {
  const mac = hosts.filter((host) => host.os === 'macos');
  const host = random.pick(mac);
  const base = common(random, host, time, false);
  const user = { name: random.pick(USERS.macos), id: '501' };
  const processEvent = (program: readonly [string, string, readonly string[]]) => ({
    ...base,
    event: { kind: 'event', category: ['process'], type: ['start'], action: 'exec', id: random.uuid(), module: 'endpoint', dataset: 'endpoint.events.process' },
    process: processFields(random, host, program),
    user,
    data_stream: { type: 'logs', dataset: 'endpoint.events.process', namespace: 'default' },
  });
  switch (random.int(5)) {
    case 0:
      return processEvent(['/usr/bin/kcc', 'kcc', ['copy_cred_cache']]);
    case 1:
      return processEvent(['/usr/bin/security', 'security', ['dump-keychain', '-d']]);
    case 2:
      return processEvent(['/bin/cat', 'cat', ['/private/var/db/SystemKey']]);
    case 3:
      return processEvent(['/bin/cp', 'cp', [`/Users/${user.name}/Library/Keychains/login.keychain-db`, '/tmp/k']]);
    default:
      return {
        ...base,
        event: { kind: 'event', category: ['file'], type: ['access'], action: 'open', id: random.uuid(), module: 'endpoint', dataset: 'endpoint.events.file' },
        file: { path: `/Users/${user.name}/.ssh/id_${random.pick(['rsa', 'ed25519'])}`, name: 'id_rsa' },
        process: { pid: 100 + random.int(60000), entity_id: random.hex(32), executable: '/usr/bin/python3', name: 'python3' },
        user,
        data_stream: { type: 'logs', dataset: 'endpoint.events.file', namespace: 'default' },
      };
  }
}

/** `count` events as NDJSON lines, in time order, one in `hitEvery` built to fire a seed rule. */
export function* ecsLines(count: number, options: { seed?: number; hitEvery?: number; start?: number } = {}): Generator<string> {
  const random = new Random(options.seed ?? 20240501);
  const hosts = makeHosts(random, 60);
  const hitEvery = options.hitEvery ?? 2000;
  let time = options.start ?? Date.parse('2024-05-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    time += 1 + random.int(400);
    const event = i % hitEvery === hitEvery - 1 ? seedHitEvent(random, hosts, time) : noiseEvent(random, hosts, time);
    yield JSON.stringify(event);
  }
}
