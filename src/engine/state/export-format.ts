/**
 * The state document: one versioned JSON object, identical from every host, used for the CLI's
 * state file and for export/import in both hosts.
 *
 * ```json
 * {"format":"loupe-new-terms-state","version":1,
 *  "rules":{"<rule id>":{"fields":["host.id","file.path"],"window":604800000,
 *                        "terms":{"[\"h1\",\"/tmp/x\"]":[[1700000000000,1700003600000]]}}},
 *  "scans":{"<scan id>":[0]}}
 * ```
 * Times are epoch ms. Keys are sorted (code-unit order) so equal states give equal bytes. A single
 * document rather than NDJSON: imports are all-or-nothing anyway, so they must be read whole, and
 * realistic state (thousands of terms per rule) is far below the one-string limit.
 * Reading never trusts the input: every shape, type, size and key is checked (see `LIMITS`).
 */
import { StateFormatError } from './errors.ts';
import { LIMITS, RESERVED_KEYS } from './limits.ts';
import type { RuleHistory, ScanStateBatch, StateData } from './model.ts';
import { normalizeRuns, type Run, type Runs } from './runs.ts';
import { decodeTermKey, MAX_TERM_FIELDS } from './term-key.ts';

export const STATE_FORMAT = 'loupe-new-terms-state';
export const STATE_VERSION = 1;

export interface RuleExport {
  readonly fields: readonly string[];
  readonly window: number;
  readonly terms: Readonly<Record<string, readonly Run[]>>;
}

export interface StateExport {
  readonly format: typeof STATE_FORMAT;
  readonly version: typeof STATE_VERSION;
  readonly rules: Readonly<Record<string, RuleExport>>;
  readonly scans: Readonly<Record<string, readonly number[]>>;
}

/** The export document of a state. Objects have no prototype, so no key can reach one. */
export function toExport(data: StateData): StateExport {
  const rules: Record<string, RuleExport> = Object.create(null) as Record<string, RuleExport>;
  for (const ruleId of sortedKeys(data.rules)) {
    const history = data.rules.get(ruleId) as RuleHistory;
    const terms = Object.create(null) as Record<string, readonly Run[]>;
    for (const key of sortedKeys(history.terms)) terms[key] = (history.terms.get(key) as Runs).map((run): Run => [run[0], run[1]]);
    rules[ruleId] = { fields: [...history.fields], window: history.window, terms };
  }
  const scans = Object.create(null) as Record<string, readonly number[]>;
  for (const scanId of sortedKeys(data.scans)) scans[scanId] = [...(data.scans.get(scanId) as readonly number[])];
  return { format: STATE_FORMAT, version: STATE_VERSION, rules, scans };
}

export function serializeState(data: StateData): string {
  return `${JSON.stringify(toExport(data))}\n`;
}

/** State from document text (a file's content). `source` names it in error messages. */
export function parseStateText(text: string, source?: string): StateData {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StateFormatError(`not JSON (${error instanceof Error ? error.message : String(error)})`, '', source);
  }
  return fromExport(value, source);
}

/** State from an untrusted export document; throws `StateFormatError` naming the first problem. */
export function fromExport(value: unknown, source?: string): StateData {
  const fail = (problem: string, path: string): never => {
    throw new StateFormatError(problem, path, source);
  };
  const top = plainObject(value, '', fail);
  if (top.format !== STATE_FORMAT) fail(`not a Loupe new-terms state document (format is ${describe(top.format)}, expected "${STATE_FORMAT}")`, 'format');
  if (typeof top.version === 'number' && top.version > STATE_VERSION) fail(`version ${top.version} was written by a newer Loupe; this one reads version ${STATE_VERSION}`, 'version');
  if (top.version !== STATE_VERSION) fail(`unsupported version ${describe(top.version)} (expected ${STATE_VERSION})`, 'version');
  exactKeys(top, ['format', 'version', 'rules', 'scans'], '', fail);

  const rulesObject = plainObject(top.rules, 'rules', fail);
  const ruleIds = Object.keys(rulesObject);
  if (ruleIds.length > LIMITS.maxRules) fail(`${ruleIds.length} rules (at most ${LIMITS.maxRules})`, 'rules');
  const rules = new Map<string, RuleHistory>();
  let termCount = 0;
  for (const ruleId of ruleIds) {
    const path = `rules${keyPath(ruleId)}`;
    checkId(ruleId, 'rule id', path, fail);
    const rule = plainObject(rulesObject[ruleId], path, fail);
    exactKeys(rule, ['fields', 'window', 'terms'], path, fail);
    const fields = checkFields(rule.fields, `${path}.fields`, fail);
    const window = checkWindow(rule.window, `${path}.window`, fail);
    const termsObject = plainObject(rule.terms, `${path}.terms`, fail);
    const terms = new Map<string, Runs>();
    for (const key of Object.keys(termsObject)) {
      if (++termCount > LIMITS.maxTermsTotal) fail(`more than ${LIMITS.maxTermsTotal} terms in total`, `${path}.terms`);
      const termPath = `${path}.terms${keyPath(key)}`;
      checkTermKey(key, fields.length, termPath, fail);
      terms.set(key, normalizeRuns(checkRuns(termsObject[key], termPath, fail), window));
    }
    rules.set(ruleId, { fields, window, terms });
  }

  const scansObject = plainObject(top.scans, 'scans', fail);
  const scanIds = Object.keys(scansObject);
  if (scanIds.length > LIMITS.maxScans) fail(`${scanIds.length} scans (at most ${LIMITS.maxScans})`, 'scans');
  const scans = new Map<string, readonly number[]>();
  for (const scanId of scanIds) {
    const path = `scans${keyPath(scanId)}`;
    checkId(scanId, 'scan id', path, fail);
    const parts = scansObject[scanId];
    if (!Array.isArray(parts) || parts.length === 0) fail(`expected a non-empty array of batch numbers, found ${describe(parts)}`, path);
    const list = parts as unknown[];
    if (list.length > LIMITS.maxPartsPerScan) fail(`${list.length} batch numbers (at most ${LIMITS.maxPartsPerScan})`, path);
    list.forEach((part, index) => checkPart(part, `${path}[${index}]`, fail));
    scans.set(scanId, [...new Set(list as number[])].sort((a, b) => a - b));
  }
  return { rules, scans };
}

/** Checks a batch from the engine with the same rules as a file (a bad batch must not reach storage). */
export function validateBatch(batch: ScanStateBatch): void {
  const fail = (problem: string, path: string): never => {
    throw new StateFormatError(problem, path, 'commit batch');
  };
  checkId(batch.scanId, 'scan id', 'scanId', fail);
  if (batch.part !== undefined) checkPart(batch.part, 'part', fail);
  const seen = new Set<string>();
  batch.rules.forEach((rule, index) => {
    const path = `rules[${index}]`;
    checkId(rule.ruleId, 'rule id', `${path}.ruleId`, fail);
    if (seen.has(rule.ruleId)) fail(`rule ${JSON.stringify(rule.ruleId)} appears twice in one batch`, `${path}.ruleId`);
    seen.add(rule.ruleId);
    const fields = checkFields(rule.fields, `${path}.fields`, fail);
    checkWindow(rule.window, `${path}.window`, fail);
    for (const [key, runs] of rule.terms) {
      const termPath = `${path}.terms${keyPath(key)}`;
      checkTermKey(key, fields.length, termPath, fail);
      checkRuns(runs, termPath, fail);
    }
  });
}

type Fail = (problem: string, path: string) => never;

function checkId(value: unknown, what: string, path: string, fail: Fail): string {
  if (typeof value !== 'string' || value === '') return fail(`${what} must be a non-empty string, found ${describe(value)}`, path);
  if (value.length > LIMITS.maxIdLength) return fail(`${what} is ${value.length} characters long (at most ${LIMITS.maxIdLength})`, path);
  if (RESERVED_KEYS.has(value)) return fail(`${what} ${JSON.stringify(value)} is a reserved name`, path);
  return value;
}

function checkFields(value: unknown, path: string, fail: Fail): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_TERM_FIELDS) {
    return fail(`expected 1 to ${MAX_TERM_FIELDS} field names, found ${describe(value)}`, path);
  }
  value.forEach((field: unknown, index) => checkId(field, 'field name', `${path}[${index}]`, fail));
  if (new Set(value).size !== value.length) fail('field names repeat', path);
  return [...(value as string[])];
}

function checkWindow(value: unknown, path: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > LIMITS.maxAbsTime) {
    return fail(`window must be a positive number of milliseconds up to ${LIMITS.maxAbsTime}, found ${describe(value)}`, path);
  }
  return value;
}

function checkTermKey(key: string, arity: number, path: string, fail: Fail): void {
  if (key.length > LIMITS.maxTermKeyLength) fail(`term key is ${key.length} characters long (at most ${LIMITS.maxTermKeyLength})`, path);
  if (decodeTermKey(key, arity) === null) fail(`term key must be the canonical JSON array of ${arity} string value(s)`, path);
}

function checkRuns(value: unknown, path: string, fail: Fail): Run[] {
  if (!Array.isArray(value) || value.length === 0) return fail(`expected a non-empty array of [first, last] runs, found ${describe(value)}`, path);
  if (value.length > LIMITS.maxRunsPerTerm) return fail(`${value.length} runs (at most ${LIMITS.maxRunsPerTerm})`, path);
  return value.map((run: unknown, index): Run => {
    const runPath = `${path}[${index}]`;
    if (!Array.isArray(run) || run.length !== 2) return fail(`a run must be [first, last], found ${describe(run)}`, runPath);
    const [first, last] = run as unknown[];
    checkTime(first, `${runPath}[0]`, fail);
    checkTime(last, `${runPath}[1]`, fail);
    if ((first as number) > (last as number)) fail(`run starts (${String(first)}) after it ends (${String(last)})`, runPath);
    return [first as number, last as number];
  });
}

function checkTime(value: unknown, path: string, fail: Fail): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > LIMITS.maxAbsTime) {
    fail(`expected a time in epoch milliseconds within ±${LIMITS.maxAbsTime}, found ${describe(value)}`, path);
  }
}

function checkPart(value: unknown, path: string, fail: Fail): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2 ** 31) {
    fail(`batch number must be an integer from 0 to 2^31, found ${describe(value)}`, path);
  }
}

function plainObject(value: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`expected an object, found ${describe(value)}`, path);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return fail('expected a plain JSON object', path);
  return value as Record<string, unknown>;
}

function exactKeys(object: Record<string, unknown>, keys: readonly string[], path: string, fail: Fail): void {
  for (const key of keys) if (!Object.hasOwn(object, key)) fail(`missing "${key}"`, path);
  for (const key of Object.keys(object)) if (!keys.includes(key)) fail(`unexpected key ${shortKey(key)}`, path);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return shortKey(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** `["key"]` for error paths, shortened so a huge hostile key cannot flood the message. */
function keyPath(key: string): string {
  return `[${shortKey(key)}]`;
}

function shortKey(key: string): string {
  const quoted = JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key);
  return quoted;
}

function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  return [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
