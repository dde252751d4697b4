/**
 * eslogger output written by code (no real capture is copied): one `es_message_t` per line as
 * `eslogger exec fork exit open close create rename unlink ...` prints it, for the sample case and
 * the source tests. Shapes follow Apple's EndpointSecurity structs as eslogger serialises them:
 * numeric `event_type`, `event.<kind>`, the acting process under `process` with its audit tokens
 * (objects up to message version 9, `audit_token_t` arrays from version 10).
 */

export interface EsImage {
  readonly executable: string;
  /** Code signing as ES reports it; absent: unsigned. */
  readonly signingId?: string;
  readonly teamId?: string;
  readonly platform?: boolean;
  /** Ad hoc signature (signed, no team, not platform). */
  readonly adhoc?: boolean;
}

export interface EsProc {
  readonly pid: number;
  readonly pidversion: number;
  readonly ppid: number;
  readonly parent?: EsProc;
  /** The process responsible for this one (launchd-launched helpers name the app). */
  readonly responsible?: EsProc;
  readonly image: EsImage;
  readonly uid: number;
  readonly startTime: string;
}

export type EsMessage = Record<string, unknown>;

const CS_VALID = 0x1;
const CS_ADHOC = 0x2;
const CS_RUNTIME = 0x10000;
const CS_SIGNED = 0x20000000;

const EVENT_TYPES = { exec: 9, open: 10, fork: 11, close: 12, create: 13, exit: 15, rename: 25, unlink: 32, write: 33, mmap: 20, stat: 54 } as const;

export class EsloggerWriter {
  readonly messages: EsMessage[] = [];
  private globalSeq = 1000;
  private readonly seqByType = new Map<number, number>();

  /** `version` 10 writes audit tokens as eight-integer arrays (macOS 26), earlier ones as objects. */
  constructor(private readonly version = 8) {}

  /** A process that was running before the capture: appears only as the actor of its messages. */
  running(pid: number, ppid: number, image: EsImage, uid: number, startTime: string, parent?: EsProc): EsProc {
    return { pid, pidversion: pid * 10, ppid, image, uid, startTime, ...(parent ? { parent } : {}) };
  }

  fork(parent: EsProc, pid: number, time: string): EsProc {
    const child: EsProc = { pid, pidversion: pid * 10, ppid: parent.pid, parent, image: parent.image, uid: parent.uid, startTime: time, ...(parent.responsible ? { responsible: parent.responsible } : {}) };
    this.write('fork', parent, time, { child: this.process(child) });
    return child;
  }

  exec(process: EsProc, image: EsImage, args: readonly string[], time: string, options: { cwd?: string; responsible?: EsProc } = {}): EsProc {
    const responsible = options.responsible ?? process.responsible;
    const target: EsProc = { ...process, pidversion: process.pidversion + 1, image, ...(responsible ? { responsible } : {}) };
    this.write('exec', process, time, {
      target: this.process(target),
      args: [...args],
      env: ['PATH=/usr/bin:/bin:/usr/sbin:/sbin', `HOME=/Users/${process.uid === 0 ? 'root' : 'user'}`],
      cwd: this.file(options.cwd ?? '/'),
      dyld_exec_path: image.executable,
      script: null,
      image_cputype: 16777228,
      image_cpusubtype: -2147483646,
      fds: [{ fd: 0, fdtype: 1 }, { fd: 1, fdtype: 1 }, { fd: 2, fdtype: 1 }],
      last_fd: 2,
    });
    return target;
  }

  exit(process: EsProc, time: string, code = 0): void {
    this.write('exit', process, time, { stat: code << 8 });
  }

  open(process: EsProc, path: string, time: string): void {
    this.write('open', process, time, { fflag: 1, file: this.file(path) });
  }

  close(process: EsProc, path: string, modified: boolean, time: string): void {
    this.write('close', process, time, { modified, target: this.file(path), was_mapped_writable: false });
  }

  create(process: EsProc, path: string, time: string): void {
    const slash = path.lastIndexOf('/');
    this.write('create', process, time, { destination_type: 1, destination: { new_path: { dir: this.file(path.slice(0, slash) || '/'), filename: path.slice(slash + 1), mode: 420 } } });
  }

  rename(process: EsProc, from: string, to: string, time: string): void {
    const slash = to.lastIndexOf('/');
    this.write('rename', process, time, { source: this.file(from), destination_type: 1, destination: { new_path: { dir: this.file(to.slice(0, slash) || '/'), filename: to.slice(slash + 1) } } });
  }

  unlink(process: EsProc, path: string, time: string): void {
    this.write('unlink', process, time, { target: this.file(path), parent_dir: this.file(path.slice(0, path.lastIndexOf('/')) || '/') });
  }

  writeTo(process: EsProc, path: string, time: string): void {
    this.write('write', process, time, { target: this.file(path) });
  }

  /** Activity Elastic Defend has no event for (a memory mapping). */
  mmap(process: EsProc, path: string, time: string): void {
    this.write('mmap', process, time, { protection: 5, max_protection: 7, flags: 1, file_pos: 0, source: this.file(path) });
  }

  lines(): string {
    return this.messages.map((message) => `${JSON.stringify(message)}\n`).join('');
  }

  private write(kind: keyof typeof EVENT_TYPES, process: EsProc, time: string, details: Record<string, unknown>): void {
    const type = EVENT_TYPES[kind];
    const seq = (this.seqByType.get(type) ?? 0) + 1;
    this.seqByType.set(type, seq);
    this.messages.push({
      schema_version: 1,
      version: this.version,
      time,
      mach_time: 4_000_000_000_000 + this.globalSeq * 1_000,
      event_type: type,
      action_type: 1,
      action: { result: { result_type: 0, result: { auth: 0 } } },
      seq_num: seq,
      global_seq_num: this.globalSeq++,
      thread: { thread_id: 100_000 + process.pid },
      process: this.process(process),
      event: { [kind]: details },
    });
  }

  private token(process: EsProc): unknown {
    const gid = process.uid === 0 ? 0 : 20;
    if (this.version >= 10) return [process.uid, process.uid, gid, process.uid, gid, process.pid, 100_004, process.pidversion];
    return { pid: process.pid, pidversion: process.pidversion, euid: process.uid, ruid: process.uid, egid: gid, rgid: gid, auid: process.uid, asid: 100_004 };
  }

  private process(process: EsProc): Record<string, unknown> {
    const { image } = process;
    const signed = image.signingId !== undefined;
    const flags = signed ? CS_SIGNED | CS_VALID | CS_RUNTIME | (image.adhoc ? CS_ADHOC : 0) : 0;
    const parent = process.parent;
    return {
      audit_token: this.token(process),
      ...(parent ? { parent_audit_token: this.token(parent) } : {}),
      responsible_audit_token: this.token(process.responsible ?? process),
      ppid: process.ppid,
      original_ppid: process.ppid,
      group_id: process.pid,
      session_id: 1,
      is_platform_binary: image.platform === true,
      is_es_client: false,
      signing_id: image.signingId ?? '',
      team_id: image.teamId ?? null,
      cdhash: signed ? 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' : '0000000000000000000000000000000000000000',
      codesigning_flags: flags,
      start_time: process.startTime,
      tty: null,
      executable: this.file(image.executable),
    };
  }

  private file(path: string): Record<string, unknown> {
    return { path, path_truncated: false, stat: { st_dev: 16777231, st_ino: 1000 + path.length, st_mode: 33188, st_nlink: 1, st_uid: 0, st_gid: 0, st_size: 4096, st_blksize: 4096, st_blocks: 8, st_flags: 0, st_gen: 0 } };
  }
}
