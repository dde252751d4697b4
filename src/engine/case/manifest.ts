/**
 * A case file's manifest (`case.json`): what was scanned (each evidence file with its size and
 * SHA-256), how, and what came of it. Everything in a case file is hostile input on the laptop
 * that imports it: `parseCaseManifest` checks every field's type and says which one is wrong.
 */
export const CASE_FORMAT = 'loupe-case';
export const CASE_VERSION = 1;

export interface CaseEvidence {
  /** Path as dropped (`case/logs/a.ndjson`), the name the evidence is asked for by. */
  readonly path: string;
  readonly size: number;
  /** Lower-case hex SHA-256 of the file's bytes as dropped (an archive's own bytes). */
  readonly sha256: string;
  /** Host name given to its raw evidence, when one was. */
  readonly host?: string;
}

export interface CaseManifest {
  readonly format: typeof CASE_FORMAT;
  readonly version: typeof CASE_VERSION;
  readonly createdAt: string;
  readonly scan: {
    readonly id: string;
    readonly label: string;
    readonly startedAt: string;
    readonly finishedAt: string;
  };
  readonly evidence: readonly CaseEvidence[];
  readonly counts: { readonly alerts: number; readonly rules: number; readonly open: number; readonly acknowledged: number; readonly closed: number };
}

export class CaseFileError extends Error {
  override readonly name = 'CaseFileError';
}

type Json = Record<string, unknown>;

function object(value: unknown, where: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new CaseFileError(`${where}: expected an object`);
  return value as Json;
}

function string(owner: Json, key: string, where: string): string {
  const value = Object.hasOwn(owner, key) ? owner[key] : undefined;
  if (typeof value !== 'string') throw new CaseFileError(`${where}.${key}: expected a string`);
  return value;
}

function count(owner: Json, key: string, where: string): number {
  const value = Object.hasOwn(owner, key) ? owner[key] : undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new CaseFileError(`${where}.${key}: expected a whole number ≥ 0`);
  return value;
}

function evidenceOf(value: unknown, index: number): CaseEvidence {
  const where = `case.json evidence[${index}]`;
  const item = object(value, where);
  const sha256 = string(item, 'sha256', where);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new CaseFileError(`${where}.sha256: expected 64 lower-case hex digits`);
  const host = Object.hasOwn(item, 'host') ? string(item, 'host', where) : undefined;
  return { path: string(item, 'path', where), size: count(item, 'size', where), sha256, ...(host !== undefined ? { host } : {}) };
}

/** The manifest, checked field by field; throws `CaseFileError` naming the first bad field. */
export function parseCaseManifest(value: unknown): CaseManifest {
  const root = object(value, 'case.json');
  if (root['format'] !== CASE_FORMAT) throw new CaseFileError(`case.json: not a Loupe case file (format ${JSON.stringify(root['format'] ?? null)})`);
  if (root['version'] !== CASE_VERSION) throw new CaseFileError(`case.json: version ${JSON.stringify(root['version'] ?? null)} is not one this Loupe reads (${CASE_VERSION})`);
  const scan = object(root['scan'], 'case.json scan');
  const counts = object(root['counts'], 'case.json counts');
  const evidence = root['evidence'];
  if (!Array.isArray(evidence)) throw new CaseFileError('case.json evidence: expected a list');
  return {
    format: CASE_FORMAT,
    version: CASE_VERSION,
    createdAt: string(root, 'createdAt', 'case.json'),
    scan: {
      id: string(scan, 'id', 'case.json scan'),
      label: string(scan, 'label', 'case.json scan'),
      startedAt: string(scan, 'startedAt', 'case.json scan'),
      finishedAt: string(scan, 'finishedAt', 'case.json scan'),
    },
    evidence: evidence.map(evidenceOf),
    counts: {
      alerts: count(counts, 'alerts', 'case.json counts'),
      rules: count(counts, 'rules', 'case.json counts'),
      open: count(counts, 'open', 'case.json counts'),
      acknowledged: count(counts, 'acknowledged', 'case.json counts'),
      closed: count(counts, 'closed', 'case.json counts'),
    },
  };
}
