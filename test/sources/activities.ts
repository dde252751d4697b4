/**
 * Activities on a Mac written twice, by code: as eslogger captures them (scripts/sample/
 * eslogger-messages.ts) and as Elastic Defend reports them (built here from Elastic's macOS field
 * docs, independently of the mapper). The seed rules must raise the same alerts on both forms.
 */
import { EsloggerWriter, type EsImage, type EsProc } from '../../scripts/sample/eslogger-messages.ts';

export const HOST = 'mbp-test';

export type Signing = 'apple' | 'team' | 'adhoc' | 'unsigned';

export interface Program {
  readonly executable: string;
  readonly signing: Signing;
  readonly id?: string;
}

interface Proc {
  readonly pid: number;
  readonly program: Program;
  readonly args: readonly string[];
  readonly parent?: Proc;
  readonly responsible?: Proc;
  readonly uid: number;
  readonly es: EsProc;
  readonly entityId: string;
}

type Event = Record<string, unknown>;

function image(program: Program): EsImage {
  const { signing, executable } = program;
  const id = program.id ?? executable.slice(executable.lastIndexOf('/') + 1);
  if (signing === 'apple') return { executable, signingId: `com.apple.${id}`, platform: true };
  if (signing === 'team') return { executable, signingId: `com.example.${id}`, teamId: 'EXAMPLE123' };
  if (signing === 'adhoc') return { executable, signingId: `${id}-55554944`, adhoc: true };
  return { executable };
}

/** Defend's code_signature for the same signing (trusted only for Apple and Developer ID signed code). */
function codeSignature(program: Program): Record<string, unknown> {
  const es = image(program);
  const trusted = program.signing === 'apple' || program.signing === 'team';
  return {
    exists: program.signing !== 'unsigned',
    trusted,
    ...(es.signingId !== undefined ? { signing_id: es.signingId } : {}),
    ...(es.teamId !== undefined ? { team_id: es.teamId } : {}),
  };
}

const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Both forms of one capture, built step by step. */
export class Activity {
  readonly es: EsloggerWriter;
  readonly defend: Event[] = [];
  private nextPid = 700;
  private seconds = 0;

  constructor(
    private readonly day: string,
    esVersion = 8,
  ) {
    this.es = new EsloggerWriter(esVersion);
  }

  /** A process running before the capture (a login shell, launchd). */
  running(program: Program, args: readonly string[], uid = 501, parent?: Proc): Proc {
    const pid = this.nextPid++;
    const es = this.es.running(pid, parent?.pid ?? 1, image(program), uid, this.time(), parent?.es);
    return { pid, program, args, uid, es, entityId: `defend-${pid}`, ...(parent ? { parent } : {}) };
  }

  /** The parent forks and the child execs the program (and exits): fork, exec and end events in both forms. */
  spawn(parent: Proc, program: Program, args: readonly string[], options: { responsible?: Proc; exit?: boolean; cwd?: string } = {}): Proc {
    const pid = this.nextPid++;
    const forkTime = this.time();
    const forked = this.es.fork(parent.es, pid, forkTime);
    const copy: Proc = { ...parent, pid, parent, es: forked, entityId: `defend-${pid}-fork` };
    this.defend.push(this.processEvent(copy, 'fork', 'start', forkTime));
    const execTime = this.time();
    const es = this.es.exec(forked, image(program), args, execTime, { ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.responsible ? { responsible: options.responsible.es } : {}) });
    const child: Proc = { pid, program, args, parent, uid: parent.uid, es, entityId: `defend-${pid}`, ...(options.responsible ? { responsible: options.responsible } : {}) };
    this.defend.push(this.processEvent(child, 'exec', 'start', execTime, options.cwd ?? '/'));
    if (options.exit !== false) {
      const endTime = this.time();
      this.es.exit(es, endTime);
      this.defend.push(this.processEvent(child, 'end', 'end', endTime));
    }
    return child;
  }

  /** An open: eslogger records every one; Defend reports it only for a sensitive path. */
  open(process: Proc, path: string, sensitive: boolean): void {
    const time = this.time();
    this.es.open(process.es, path, time);
    if (sensitive) this.defend.push(this.fileEvent(process, 'open', 'access', path, time));
  }

  /** Noise eslogger records and Defend does not report: a memory mapping, a write, an unmodified close. */
  noise(process: Proc, path: string): void {
    this.es.mmap(process.es, path, this.time());
    this.es.writeTo(process.es, path, this.time());
    this.es.close(process.es, path, false, this.time());
  }

  modify(process: Proc, path: string): void {
    const time = this.time();
    this.es.writeTo(process.es, path, time);
    this.es.close(process.es, path, true, time);
    this.defend.push(this.fileEvent(process, 'modification', 'change', path, time));
  }

  private time(): string {
    this.seconds += 1;
    return new Date(Date.parse(`${this.day}T09:00:00Z`) + this.seconds * 1000).toISOString();
  }

  private base(dataset: string, action: string, category: string, type: string, time: string): Event {
    return {
      '@timestamp': time,
      agent: { type: 'endpoint', version: '8.13.2', id: 'agent-1' },
      data_stream: { type: 'logs', dataset, namespace: 'default' },
      ecs: { version: '8.10.0' },
      event: { action, category: [category], type: [type], kind: 'event', module: 'endpoint', dataset },
      host: { name: HOST, hostname: HOST, id: HOST, os: { type: 'macos', family: 'macos', name: 'macOS' } },
    };
  }

  private processEvent(process: Proc, action: string, type: string, time: string, cwd?: string): Event {
    const event = this.base('endpoint.events.process', action, 'process', type, time);
    const parent = process.parent;
    event['process'] = {
      pid: process.pid,
      entity_id: process.entityId,
      executable: process.program.executable,
      name: name(process.program.executable),
      args: [...process.args],
      args_count: process.args.length,
      command_line: process.args.join(' '),
      ...(cwd !== undefined ? { working_directory: cwd } : {}),
      code_signature: codeSignature(process.program),
      ...(parent
        ? { parent: { pid: parent.pid, entity_id: parent.entityId, executable: parent.program.executable, name: name(parent.program.executable), code_signature: codeSignature(parent.program) } }
        : {}),
      ...(process.responsible
        ? { Ext: { effective_parent: { pid: process.responsible.pid, entity_id: process.responsible.entityId, executable: process.responsible.program.executable, name: name(process.responsible.program.executable) } } }
        : {}),
    };
    event['user'] = { id: String(process.uid) };
    return event;
  }

  private fileEvent(process: Proc, action: string, type: string, path: string, time: string): Event {
    const event = this.base('endpoint.events.file', action, 'file', type, time);
    event['file'] = { path, name: name(path) };
    event['process'] = { pid: process.pid, entity_id: process.entityId, executable: process.program.executable, name: name(process.program.executable), code_signature: codeSignature(process.program) };
    event['user'] = { id: String(process.uid) };
    return event;
  }
}

export const PROGRAMS = {
  launchd: { executable: '/sbin/launchd', signing: 'apple' },
  terminal: { executable: '/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal', signing: 'apple', id: 'Terminal' },
  zsh: { executable: '/bin/zsh', signing: 'apple' },
  security: { executable: '/usr/bin/security', signing: 'apple' },
  cat: { executable: '/bin/cat', signing: 'apple' },
  kcc: { executable: '/usr/bin/kcc', signing: 'apple' },
  python: { executable: '/opt/homebrew/Cellar/python@3.12/3.12.3/Frameworks/Python.framework/Versions/3.12/bin/python3.12', signing: 'adhoc', id: 'python3.12' },
  stealer: { executable: '/Users/Shared/.cache/agent', signing: 'unsigned' },
  adhocTool: { executable: '/private/tmp/kc', signing: 'adhoc' },
  slack: { executable: '/Applications/Slack.app/Contents/MacOS/Slack', signing: 'team', id: 'Slack' },
  elastic: { executable: '/Library/Elastic/Endpoint/elastic-endpoint.app/Contents/MacOS/elastic-endpoint', signing: 'team', id: 'elastic-endpoint' },
} as const satisfies Record<string, Program>;

/** A day on one Mac touching every seed rule, with near misses and eslogger-only noise. */
export function seedActivities(day: string, esVersion = 8): Activity {
  const a = new Activity(day, esVersion);
  const P = PROGRAMS;
  const launchd = a.running(P.launchd, ['/sbin/launchd'], 0);
  const terminal = a.running(P.terminal, ['Terminal'], 501, launchd);
  const shell = a.running(P.zsh, ['-zsh'], 501, terminal);
  // Dumping of Keychain Content via Security Command.
  a.spawn(shell, P.security, ['security', 'dump-keychain', '-d']);
  // Keychain access by unsigned code (rule 1, first branch), and by cat under an unsigned parent (second branch).
  const stealer = a.spawn(shell, P.stealer, ['/Users/Shared/.cache/agent', '--quiet'], { exit: false });
  a.spawn(stealer, P.adhocTool, ['/private/tmp/kc', '/Users/alice/Library/Keychains/login.keychain-db']);
  a.spawn(stealer, P.cat, ['cat', '/Users/alice/Library/Keychains/login.keychain-db']);
  // Near miss: the same cat under a trusted shell.
  a.spawn(shell, P.cat, ['cat', '/Library/Keychains/System.keychain']);
  // SystemKey read (rule 3), and the same read whose responsible process is Elastic's agent (excluded).
  a.spawn(shell, P.cat, ['cat', '/private/var/db/SystemKey']);
  // The agent shows in the capture (ES names a responsible process only by its audit token).
  const agent = a.running(P.elastic, ['elastic-endpoint'], 0, launchd);
  a.noise(agent, '/Library/Elastic/Endpoint/state/log.db');
  a.spawn(shell, P.cat, ['cat', '/var/db/SystemKey'], { responsible: agent });
  // Kerberos cache dump (rule 5) and a near miss.
  a.spawn(shell, P.kcc, ['kcc', 'copy_cred_cache']);
  a.spawn(shell, P.kcc, ['kcc', 'list']);
  // Python reading credential files (rule 4, new_terms), plus the libraries it loads (not reported by Defend).
  const python = a.spawn(shell, P.python, ['python3', '/Users/alice/Downloads/model_loader.py'], { exit: false, cwd: '/Users/alice' });
  a.open(python, '/opt/homebrew/Cellar/python@3.12/3.12.3/Frameworks/Python.framework/Versions/3.12/lib/python3.12/os.py', false);
  a.open(python, '/Users/alice/.ssh/id_ed25519', true);
  a.open(python, '/Users/alice/.aws/credentials', true);
  a.open(python, '/Users/alice/Library/Cookies/Cookies.binarycookies', true);
  a.open(python, '/Users/alice/.ssh/id_ed25519', true);
  a.noise(python, '/usr/lib/libSystem.B.dylib');
  a.modify(python, '/private/tmp/loot.zip');
  // A trusted app reading its own files: nothing fires.
  const slack = a.spawn(launchd, P.slack, ['/Applications/Slack.app/Contents/MacOS/Slack'], { exit: false });
  a.open(slack, '/Users/alice/Library/Application Support/Slack/Cookies', true);
  a.noise(slack, '/Users/alice/Library/Application Support/Slack/Local Storage/leveldb/000003.log');
  return a;
}
