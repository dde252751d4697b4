/**
 * Elasticsearch's `user_agent` ingest processor (modules/ingest-user-agent), default properties
 * (name, os, device, original, version) and no device type: the first uap-core parser whose
 * pattern is found anywhere in the string wins in each of the three lists. As Elasticsearch does:
 * - the name is the replacement (its first literal `$1` replaced by group 1, if that group took
 *   part) or group 1; version parts are their replacements (taken literally) or groups 2..5; a
 *   match whose name is absent counts as no match;
 * - `version` joins major.minor.patch.build up to the first absent part; a group that matched
 *   the empty string is present, so "24.0." is what Elasticsearch writes too;
 * - no browser match → name "Other"; no device match → device.name "Other"; `os` only when an
 *   OS matched, with `version`/`full` ("name version") only when it has a major version.
 */
import type { UaRow } from './row.ts';
import { DEVICE_ROWS, OS_ROWS, USER_AGENT_ROWS } from './regexes.generated.ts';

export interface UserAgent {
  original: string;
  name: string;
  version?: string;
  os?: { name: string; version?: string; full?: string };
  device: { name: string };
}

interface Versioned {
  readonly name: string;
  readonly parts: readonly (string | undefined)[];
}

type Compiled = readonly (readonly [RegExp, UaRow])[];
const compiled = new Map<readonly UaRow[], Compiled>();

/** Patterns are compiled on first use, so sources that never parse a user agent pay nothing. */
function patterns(rows: readonly UaRow[]): Compiled {
  let list = compiled.get(rows);
  if (list === undefined) {
    list = rows.map((row) => [new RegExp(row[0], row[1]), row] as const);
    compiled.set(rows, list);
  }
  return list;
}

function findMatch(rows: readonly UaRow[], text: string): Versioned | undefined {
  for (const [pattern, row] of patterns(rows)) {
    const match = pattern.exec(text);
    if (match === null) continue;
    const replacement = row[2] ?? null;
    const group1 = match[1];
    let name: string | undefined;
    if (replacement !== null) name = replacement.includes('$1') && group1 !== undefined ? replacement.replace('$1', () => group1) : replacement;
    else name = group1;
    if (name === undefined) continue;
    const parts = [0, 1, 2, 3].map((i) => row[3 + i] ?? match[2 + i]);
    return { name, parts };
  }
  return undefined;
}

/** Parts joined with '.' up to the first absent one; undefined without a major part. */
function joinVersion(parts: readonly (string | undefined)[]): string | undefined {
  const present: string[] = [];
  for (const part of parts) {
    if (part === undefined) break;
    present.push(part);
  }
  return present.length === 0 ? undefined : present.join('.');
}

const cache = new Map<string, UserAgent>();
const CACHE_LIMIT = 1000;

function parseUncached(original: string): UserAgent {
  const agent = findMatch(USER_AGENT_ROWS, original);
  const os = findMatch(OS_ROWS, original);
  const device = findMatch(DEVICE_ROWS, original);
  const result: UserAgent = { original, name: agent?.name ?? 'Other', device: { name: device?.name ?? 'Other' } };
  const version = agent === undefined ? undefined : joinVersion(agent.parts);
  if (version !== undefined) result.version = version;
  if (os !== undefined) {
    const osVersion = joinVersion(os.parts);
    result.os = osVersion === undefined ? { name: os.name } : { name: os.name, version: osVersion, full: `${os.name} ${osVersion}` };
  }
  return result;
}

/** The processor's output for one string (a fresh object each call; results are cached, bounded). */
export function parseUserAgent(original: string): UserAgent {
  let parsed = cache.get(original);
  if (parsed === undefined) {
    parsed = parseUncached(original);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(original, parsed);
  }
  return structuredClone(parsed);
}
