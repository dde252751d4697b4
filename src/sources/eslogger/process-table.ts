/**
 * The processes of one capture, built across its messages, so that each event names its parent,
 * ancestry and effective parent as Elastic Defend does (Defend keeps such a table in the agent).
 * Every message's acting process is recorded; a fork adds the child (a copy of its parent's
 * image), an exec adds the new image with its argv and working directory. A process is keyed by
 * pid and pidversion (the kernel bumps pidversion on exec), so an exec'd image is a new entry
 * with its own entity id, and the image it replaced stays available to events that name it.
 */
import { base64Text, basename } from '../common/ecs.ts';
import { codeSignature, type CodeSignature } from './code-signature.ts';
import type { AuditToken, EsProcess } from './message.ts';

export interface ProcessEntry {
  readonly key: string;
  readonly entityId: string;
  readonly pid: number;
  readonly token: AuditToken;
  executable?: string;
  args?: readonly string[];
  workingDirectory?: string;
  signature: CodeSignature;
  ppid?: number;
  parentKey?: string;
  responsible?: AuditToken;
  exited?: boolean;
}

/** Most processes kept; past it, exited ones are dropped oldest first (a long capture stays bounded). */
const MAX_ENTRIES = 100_000;
/** Ancestors listed in `process.Ext.ancestry`. */
const MAX_ANCESTRY = 20;

export class ProcessTable {
  private readonly entries = new Map<string, ProcessEntry>();
  private readonly latestByPid = new Map<number, ProcessEntry>();

  constructor(private readonly host: string) {}

  keyOf(token: AuditToken, startTime?: string): string {
    return `${token.pid}-${token.pidversion ?? startTime ?? ''}`;
  }

  /** As Defend's: base64 of host, pid and (here) pidversion, so each image has its own. */
  entityIdOf(token: AuditToken, startTime?: string): string {
    return base64Text(`${this.host}-${this.keyOf(token, startTime)}`);
  }

  /** Records (or refreshes) a process as a message shows it; returns its entry. */
  observe(process: EsProcess): ProcessEntry {
    const key = this.keyOf(process.token, process.startTime);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { key, entityId: this.entityIdOf(process.token, process.startTime), pid: process.token.pid, token: process.token, signature: codeSignature(process) };
      this.add(entry);
    }
    if (process.executable !== undefined && entry.executable !== process.executable) {
      entry.executable = process.executable;
      entry.signature = codeSignature(process);
    }
    if (process.ppid !== undefined) entry.ppid = process.ppid;
    if (process.parentToken !== undefined) entry.parentKey = this.keyOf(process.parentToken);
    if (process.responsibleToken !== undefined) entry.responsible = process.responsibleToken;
    return entry;
  }

  /** A fork's child: its parent's image, argv and directory until it execs. */
  forked(parent: ProcessEntry, child: EsProcess): ProcessEntry {
    const entry = this.observe(child);
    entry.parentKey ??= parent.key;
    entry.ppid ??= parent.pid;
    entry.executable ??= parent.executable;
    if (parent.args !== undefined) entry.args ??= parent.args;
    if (parent.workingDirectory !== undefined) entry.workingDirectory ??= parent.workingDirectory;
    return entry;
  }

  /** An exec's new image (`event.exec.target`) with its argv and working directory. */
  execed(target: EsProcess, args: readonly string[] | undefined, workingDirectory: string | undefined): ProcessEntry {
    const entry = this.observe(target);
    if (args !== undefined) entry.args = args;
    if (workingDirectory !== undefined) entry.workingDirectory = workingDirectory;
    return entry;
  }

  exited(entry: ProcessEntry): void {
    entry.exited = true;
  }

  get(token: AuditToken | undefined): ProcessEntry | undefined {
    if (token === undefined) return undefined;
    return this.entries.get(this.keyOf(token)) ?? this.latestByPid.get(token.pid);
  }

  /**
   * The parent: by the parent's audit token when the message gave it, else the latest process with
   * the parent pid; undefined when the capture never showed it (started before the capture and
   * did nothing captured since: capture `fork` too, and every parent shows in its fork message).
   */
  parentOf(entry: ProcessEntry): ProcessEntry | undefined {
    const byKey = entry.parentKey !== undefined ? this.entries.get(entry.parentKey) : undefined;
    if (byKey) return byKey;
    const byPid = entry.ppid !== undefined ? this.latestByPid.get(entry.ppid) : undefined;
    if (byPid && byPid !== entry) return byPid;
    return undefined;
  }

  /** Entity ids of the ancestors, parent first. */
  ancestry(entry: ProcessEntry): string[] {
    const ids: string[] = [];
    const seen = new Set<ProcessEntry>([entry]);
    for (let at = this.parentOf(entry); at && !seen.has(at) && ids.length < MAX_ANCESTRY; at = this.parentOf(at)) {
      seen.add(at);
      ids.push(at.entityId);
    }
    return ids;
  }

  nameOf(entry: ProcessEntry): string | undefined {
    return entry.executable !== undefined ? basename(entry.executable) : undefined;
  }

  private add(entry: ProcessEntry): void {
    this.entries.set(entry.key, entry);
    this.latestByPid.set(entry.pid, entry);
    if (this.entries.size <= MAX_ENTRIES) return;
    for (const [key, old] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES * 0.9) break;
      if (!old.exited) continue;
      this.entries.delete(key);
      if (this.latestByPid.get(old.pid) === old) this.latestByPid.delete(old.pid);
    }
  }
}
