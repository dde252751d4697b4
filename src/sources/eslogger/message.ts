/**
 * Reading an eslogger message (a serialised `es_message_t`): the acting process and its audit
 * tokens. eslogger's JSON follows Apple's structs: `audit_token` is an object
 * `{pid, pidversion, euid, ruid, egid, rgid, auid, asid}` up to message version 9 and the raw
 * `audit_token_t` (eight integers) from version 10; both are read.
 */
import { booleanAt, integerAt, objectAt, stringAt, type JsonObject } from '../common/json.ts';

export interface AuditToken {
  readonly pid: number;
  readonly pidversion?: number;
  readonly euid?: number;
  readonly ruid?: number;
  readonly egid?: number;
  readonly rgid?: number;
}

/** An `es_process_t` as far as Elastic Defend's fields need it. */
export interface EsProcess {
  readonly token: AuditToken;
  readonly ppid?: number;
  readonly parentToken?: AuditToken;
  readonly responsibleToken?: AuditToken;
  readonly executable?: string;
  readonly signingId?: string;
  readonly teamId?: string;
  readonly codesigningFlags?: number;
  readonly isPlatformBinary?: boolean;
  readonly startTime?: string;
}

export function readAuditToken(value: unknown): AuditToken | undefined {
  if (Array.isArray(value)) {
    // audit_token_t.val: auid, euid, egid, ruid, rgid, pid, asid, pidversion (audit_token_to_pid & co.).
    if (value.length !== 8 || !value.every((item) => typeof item === 'number' && Number.isSafeInteger(item))) return undefined;
    const [, euid, egid, ruid, rgid, pid, , pidversion] = value as number[];
    return { pid: pid!, pidversion: pidversion!, euid: euid!, ruid: ruid!, egid: egid!, rgid: rgid! };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const token = value as JsonObject;
  const pid = integerAt(token, 'pid');
  if (pid === undefined) return undefined;
  const fields = { pidversion: integerAt(token, 'pidversion'), euid: integerAt(token, 'euid'), ruid: integerAt(token, 'ruid'), egid: integerAt(token, 'egid'), rgid: integerAt(token, 'rgid') };
  return { pid, ...definedOnly(fields) };
}

export function readProcess(value: JsonObject | undefined): EsProcess | undefined {
  const token = readAuditToken(value?.['audit_token']);
  if (value === undefined || token === undefined) return undefined;
  const parentToken = readAuditToken(value['parent_audit_token']);
  const responsibleToken = readAuditToken(value['responsible_audit_token']);
  const fields = {
    ppid: integerAt(value, 'ppid'),
    executable: stringAt(objectAt(value, 'executable'), 'path'),
    signingId: nonEmpty(stringAt(value, 'signing_id')),
    teamId: nonEmpty(stringAt(value, 'team_id')),
    codesigningFlags: integerAt(value, 'codesigning_flags'),
    isPlatformBinary: booleanAt(value, 'is_platform_binary'),
    startTime: stringAt(value, 'start_time'),
  };
  return { token, ...(parentToken ? { parentToken } : {}), ...(responsibleToken ? { responsibleToken } : {}), ...definedOnly(fields) };
}

/** A path from an `es_file_t` (`{path, path_truncated, stat}`). */
export function filePath(value: JsonObject | undefined): string | undefined {
  return nonEmpty(stringAt(value, 'path'));
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}

function definedOnly<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
