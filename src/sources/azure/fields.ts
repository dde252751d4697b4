/**
 * Field work for the Azure pipelines, in the terms of Elasticsearch ingest processors. Built on
 * the EVTX port's `get`/`set`/`remove`, with the exact `rename` of the Azure pipelines (an empty
 * string moves too: the Azure pipelines have no `!= ''` guards) and own-property writes for keys
 * taken from the evidence (a `__proto__` key stays a plain field).
 */
import { isoMillis } from '../common/ecs.ts';
import { isJsonObject } from '../common/json.ts';
import { parseIp } from '../../engine/fields/ip.ts';
import { get, remove, set, type Doc } from '../evtx/ecs/doc.ts';

export { get, remove, set, type Doc };

/** `rename` with `ignore_missing`: a value that is there (null included, as ES keeps null leaves) moves. */
export function move(doc: Doc, from: string, to: string): void {
  const value = get(doc, from);
  if (value === undefined) return;
  remove(doc, from);
  set(doc, to, value);
}

/** An own enumerable property, even for `__proto__` (plain assignment would set the prototype). */
export function putOwn(target: Doc, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy of parsed JSON with every key passed through `rename` (objects in lists too). */
export function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, rename));
  if (!isJsonObject(value)) return value;
  const out: Doc = {};
  for (const [key, child] of Object.entries(value)) putOwn(out, rename(key), mapKeys(child, rename));
  return out;
}

/** The sign-in pipeline's key conversion: `([a-z])([A-Z]+)` → `$1_$2`, then lower case (`ipAddress` → `ip_address`, `IPAddress` → `ipaddress`). */
export function snakeCase(key: string): string {
  return key.replace(/([a-z])([A-Z]+)/g, '$1_$2').toLowerCase();
}

/** A deep copy of a parsed record (the mapping edits its copy, never the record intake holds). */
export function copyRecord(record: Readonly<Record<string, unknown>>): Doc {
  return mapKeys(record, (key) => key) as Doc;
}

/**
 * The `date` processor's ISO8601 as `@timestamp`: milliseconds, UTC. A time without a zone is UTC
 * (as Elasticsearch reads it). Undefined when the text is no such time.
 */
export function isoTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return isoMillis(text) ?? (/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text) ? isoMillis(`${text.length === 16 ? `${text}:00` : text}Z`) : undefined);
}

/** `convert` to `ip`: the text when Elasticsearch's ip type accepts it. */
export function ipText(value: unknown): string | undefined {
  return typeof value === 'string' && parseIp(value) !== null ? value : undefined;
}

// Grok's USERNAME@HOSTNAME (grok searches, it does not anchor: the leftmost match wins).
const HOST_LABEL = '[0-9A-Za-z][0-9A-Za-z-]{0,62}';
const USER_AT_HOST = new RegExp(`([a-zA-Z0-9._-]+)@(\\b(?:${HOST_LABEL})(?:\\.(?:${HOST_LABEL}))*(?:\\.?|\\b))`);

/** `%{USERNAME:user.name}@%{HOSTNAME:user.domain}`: name and domain, or undefined when it does not match. */
export function userAtHost(text: string): { name: string; domain: string } | undefined {
  const match = USER_AT_HOST.exec(text);
  return match ? { name: match[1]!, domain: match[2]! } : undefined;
}

/**
 * The grok on a caller address (`[ip]:port`, `ip:port`, `ip`) into `source.ip`/`source.port`.
 * Only addresses Elasticsearch's ip type accepts are taken (grok's IPORHOST also takes a host
 * name, which the `ip`-typed field then refuses to index).
 */
export function callerAddress(value: unknown): { ip: string; port?: number } | undefined {
  if (typeof value !== 'string') return undefined;
  if (parseIp(value) !== null) return { ip: value };
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(value) ?? /^([^:]+):(\d+)$/.exec(value);
  if (match && parseIp(match[1]!) !== null) return { ip: match[1]!, port: Number(match[2]) };
  return undefined;
}

/** `append` of `source.ip` to `related.ip` without duplicates and `client.ip`, as the three pipelines do. */
export function relateSourceIp(doc: Doc, ip: string): void {
  set(doc, 'client.ip', ip);
  const related = get(doc, 'related.ip');
  const list = Array.isArray(related) ? related : [];
  if (!list.includes(ip)) list.push(ip);
  set(doc, 'related.ip', list);
}

/** `<prefix>.callerIpAddress` ground into `source.ip`/`source.port` (audit and activity pipelines alike), then related. */
export function moveCallerAddress(doc: Doc, prefix: string): void {
  const caller = callerAddress(get(doc, `${prefix}.callerIpAddress`));
  if (caller === undefined) return;
  set(doc, 'source.ip', caller.ip);
  if (caller.port !== undefined) set(doc, 'source.port', caller.port);
  remove(doc, `${prefix}.callerIpAddress`);
  relateSourceIp(doc, caller.ip);
}

/** A number, or a numeric string, in milliseconds → nanoseconds (`event.duration`). */
export function millisToNanos(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
  return number === undefined || !Number.isFinite(number) ? undefined : number * 1_000_000;
}
