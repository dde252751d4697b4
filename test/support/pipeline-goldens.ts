/**
 * Elastic's pipeline goldens, read and compared the way Elastic's own test runners compare them,
 * so a source's mapping can be scored against them field by field:
 *
 * - `elastic-package test pipeline` (integrations, ../shared/conformance/integrations/README.md):
 *   inputs are `.log` lines (`{"message": line}`) or `.json` `{"events": [...]}`, with the test
 *   config's `fields` put into every input; `dynamic_fields` are deleted from both sides (and the
 *   actual value must match the regex); arrays compare in order; numbers by value.
 * - Filebeat module tests (../shared/conformance/filebeat-modules/README.md): every line of the
 *   `.log` is one input; expected docs are flattened; a fixed list of fields is deleted from both
 *   sides (`host.name` unless tagged `forwarded`); lists compare ignoring order.
 *
 * Both runners demand whole-document equality; a source here is scored per expected leaf (a
 * field whose value is not a plain object) so that "≥ 95% of expected fields equal" can be
 * measured, and every difference is named for the source's checked-in deviations file.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export type Doc = Record<string, unknown>;

/** How one leaf differs: `missing` (expected, not produced), `different`, `extra` (produced, not expected). */
export interface Difference {
  readonly doc: number;
  readonly field: string;
  readonly kind: 'missing' | 'different' | 'extra';
  readonly expected?: unknown;
  readonly actual?: unknown;
}

export interface Comparison {
  /** Expected leaves compared (after the runner's deletions). */
  readonly fields: number;
  readonly equal: number;
  readonly differences: readonly Difference[];
}

/** The config of one elastic-package test case (common config, then the case's own on top). */
export interface PipelineTestConfig {
  readonly fields: Doc;
  readonly dynamicFields: Readonly<Record<string, string>>;
}

export interface ElasticPackageCase {
  readonly name: string;
  /** Input documents as the runner sends them (config `fields` already put in). */
  readonly inputs: readonly Doc[];
  /** Expected documents in input order; `null` where the pipeline drops the document. */
  readonly expected: readonly (Doc | null)[];
  readonly config: PipelineTestConfig;
}

export interface FilebeatModuleCase {
  readonly name: string;
  /** The `.log` lines (each one input message; blank lines are not events). */
  readonly lines: readonly string[];
  /** Each line's byte offset in the file (what Filebeat's log input writes as `log.offset`). */
  readonly offsets: readonly number[];
  /** Expected flattened documents in line order. */
  readonly expected: readonly Doc[];
}

/** Fields Filebeat's module test deletes from both sides (beats filebeat/tests/system/test_modules.py). */
const FILEBEAT_IGNORED = ['agent.name', 'agent.type', 'agent.ephemeral_id', 'agent.id', 'event.created', 'event.ingested', 'log.file.path', 'agent.version', 'ecs.version'];

function isPlainObject(value: unknown): value is Doc {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Dotted leaves of a document: plain objects are walked, anything else (arrays included) is one
 * leaf. An empty object is a leaf of its own for elastic-package (its deep equality sees it);
 * Filebeat's flatten_object walks it into nothing (`dropEmpty`).
 */
export function flatten(doc: Doc, prefix = '', into: Doc = Object.create(null) as Doc, dropEmpty = false): Doc {
  for (const [key, value] of Object.entries(doc)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlainObject(value) && (dropEmpty || Object.keys(value).length > 0)) flatten(value, path, into, dropEmpty);
    else into[path] = value;
  }
  return into;
}

/** Canonical text of a value: object keys sorted, numbers by value; lists sorted too when order does not count. */
function canonical(value: unknown, ignoreListOrder: boolean): string {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item, ignoreListOrder));
    if (ignoreListOrder) items.sort();
    return `[${items.join(',')}]`;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key], ignoreListOrder)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function compareFlat(expected: Doc, actual: Doc, doc: number, ignoreListOrder: boolean): Comparison {
  const differences: Difference[] = [];
  let fields = 0;
  let equal = 0;
  for (const [field, want] of Object.entries(expected)) {
    fields++;
    if (!(field in actual)) differences.push({ doc, field, kind: 'missing', expected: want });
    else if (canonical(want, ignoreListOrder) === canonical(actual[field], ignoreListOrder)) equal++;
    else differences.push({ doc, field, kind: 'different', expected: want, actual: actual[field] });
  }
  for (const [field, got] of Object.entries(actual)) if (!(field in expected)) differences.push({ doc, field, kind: 'extra', actual: got });
  return { fields, equal, differences };
}

/** Sums per-document comparisons. */
export function combine(comparisons: readonly Comparison[]): Comparison {
  const differences: Difference[] = [];
  let fields = 0;
  let equal = 0;
  for (const comparison of comparisons) {
    fields += comparison.fields;
    equal += comparison.equal;
    for (const difference of comparison.differences) differences.push(difference);
  }
  return { fields, equal, differences };
}

/** Share of expected fields equal, in percent with one decimal. */
export function percentEqual(comparison: Comparison): number {
  return comparison.fields === 0 ? 100 : Math.floor((1000 * comparison.equal) / comparison.fields) / 10;
}

/** A doc count mismatch is itself a difference (the runners fail on it); documents are paired by position. */
function pairDocs(expected: readonly (Doc | null)[], actual: readonly (Doc | null)[], compareOne: (want: Doc, got: Doc, doc: number) => Comparison): Comparison {
  const parts: Comparison[] = [];
  const count = Math.max(expected.length, actual.length);
  for (let doc = 0; doc < count; doc++) {
    const want = expected[doc] ?? null;
    const got = actual[doc] ?? null;
    if (want === null && got === null) continue;
    if (want === null) parts.push(compareFlat({}, flatten(got!), doc, false));
    else parts.push(compareOne(want, got ?? {}, doc));
  }
  return combine(parts);
}

/** elastic-package's comparison: dynamic fields deleted from both sides (actual strings must match their regex), arrays in order. */
export function compareElasticPackage(expected: readonly (Doc | null)[], actual: readonly (Doc | null)[], config: PipelineTestConfig): Comparison {
  const dynamic = Object.entries(config.dynamicFields).map(([field, pattern]) => [field, new RegExp(pattern)] as const);
  return pairDocs(expected, actual, (want, got, doc) => {
    const wantFlat = flatten(want);
    const gotFlat = flatten(got);
    const regexMisses: Difference[] = [];
    for (const [field, pattern] of dynamic) {
      const value = gotFlat[field];
      if (typeof value === 'string' && !pattern.test(value)) regexMisses.push({ doc, field, kind: 'different', expected: `/${pattern.source}/`, actual: value });
      delete wantFlat[field];
      delete gotFlat[field];
    }
    const comparison = compareFlat(wantFlat, gotFlat, doc, false);
    return { ...comparison, differences: [...comparison.differences, ...regexMisses] };
  });
}

/** Filebeat's module test comparison: both sides flattened, the runner's fields deleted, list order ignored. */
export function compareFilebeatModule(expected: readonly Doc[], actual: readonly Doc[]): Comparison {
  return pairDocs(expected, actual, (want, got, doc) => {
    const wantFlat = flatten(want, '', undefined, true);
    const gotFlat = flatten(got, '', undefined, true);
    const tags = gotFlat['tags'];
    const forwarded = Array.isArray(tags) && tags.includes('forwarded');
    for (const field of forwarded ? FILEBEAT_IGNORED : [...FILEBEAT_IGNORED, 'host.name']) {
      delete wantFlat[field];
      delete gotFlat[field];
    }
    return compareFlat(wantFlat, gotFlat, doc, true);
  });
}

/** Puts `value` at a dotted path, creating objects (the runner's `fields` put). */
export function putDotted(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (!isPlainObject(next)) node[part] = {};
    node = node[part] as Doc;
  }
  node[parts[parts.length - 1]!] = structuredClone(value);
}

/** Reads an elastic-package pipeline test case: `<dir>/<testFile>` with its `-expected.json` and configs. */
export function readElasticPackageCase(dir: string, testFile: string): ElasticPackageCase {
  const config = mergeConfigs(readConfig(join(dir, 'test-common-config.yml')), readConfig(join(dir, `${testFile}-config.yml`)));
  const text = readFileSync(join(dir, testFile), 'utf8');
  const raw: Doc[] = testFile.endsWith('.json')
    ? ((JSON.parse(text) as { events: Doc[] }).events)
    : text.split('\n').filter((line) => line !== '').map((line) => ({ message: line }));
  const inputs = raw.map((input) => {
    const doc = structuredClone(input);
    for (const [path, value] of Object.entries(config.fields)) putDotted(doc, path, value);
    return doc;
  });
  const expected = (JSON.parse(readFileSync(join(dir, `${testFile}-expected.json`), 'utf8')) as { expected: (Doc | null)[] }).expected;
  return { name: testFile, inputs, expected, config };
}

/** Reads a Filebeat module test case: `<dir>/<logFile>` and its `-expected.json`. */
export function readFilebeatModuleCase(logPath: string): FilebeatModuleCase {
  const lines: string[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const line of readFileSync(logPath, 'utf8').split('\n')) {
    if (line.trim() !== '') {
      lines.push(line);
      offsets.push(offset);
    }
    offset += Buffer.byteLength(line) + 1;
  }
  const expected = JSON.parse(readFileSync(`${logPath}-expected.json`, 'utf8')) as Doc[];
  return { name: basename(logPath), lines, offsets, expected };
}

function mergeConfigs(common: PipelineTestConfig, own: PipelineTestConfig): PipelineTestConfig {
  return { fields: { ...common.fields, ...own.fields }, dynamicFields: { ...common.dynamicFields, ...own.dynamicFields } };
}

function readConfig(path: string): PipelineTestConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { fields: {}, dynamicFields: {} };
  }
  const parsed = parseSimpleYaml(text);
  const fields = isPlainObject(parsed['fields']) ? parsed['fields'] : {};
  const dynamic = isPlainObject(parsed['dynamic_fields']) ? parsed['dynamic_fields'] : {};
  return { fields, dynamicFields: Object.fromEntries(Object.entries(dynamic).map(([key, value]) => [key, String(value)])) };
}

function scalar(text: string): unknown {
  const value = text.trim();
  if (value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  if (value.startsWith('"') && value.endsWith('"')) return JSON.parse(value) as unknown;
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/**
 * The YAML the pipeline test configs use: nested maps by indentation, `- item` lists, quoted and
 * plain scalars, `#` comments. Enough for those files (a test helper, not a YAML parser).
 */
export function parseSimpleYaml(text: string): Doc {
  const root: Doc = {};
  const stack: { indent: number; node: Doc | unknown[]; key?: string; parent?: Doc }[] = [{ indent: -1, node: root }];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, '');
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const top = stack[stack.length - 1]!;
    const body = line.trim();
    if (body.startsWith('- ')) {
      // A list under the last key: that key's placeholder object becomes a list.
      if (!Array.isArray(top.node) && top.parent !== undefined && top.key !== undefined) {
        const list: unknown[] = [];
        top.parent[top.key] = list;
        top.node = list;
      }
      if (Array.isArray(top.node)) top.node.push(scalar(body.slice(2)));
      continue;
    }
    const colon = body.search(/:(\s|$)/);
    if (colon === -1 || Array.isArray(top.node)) continue;
    const key = scalar(body.slice(0, colon)) as string;
    const rest = body.slice(colon + 1).trim();
    if (rest === '') {
      const child: Doc = {};
      top.node[String(key)] = child;
      stack.push({ indent, node: child, key: String(key), parent: top.node });
    } else top.node[String(key)] = scalar(rest);
  }
  return root;
}

/** The test case files of an elastic-package pipeline test folder. */
export function pipelineTestFiles(names: readonly string[]): string[] {
  return names.filter((name) => (name.endsWith('.log') || name.endsWith('.json')) && !name.endsWith('-expected.json') && !name.endsWith('-config.yml')).sort();
}

/** A deviation as a source's deviations file lists it: a field (or `prefix.*`), why, and optionally how many. */
export interface Deviation {
  readonly field: string;
  readonly cause: string;
  readonly kind?: Difference['kind'];
}

function covers(deviation: Deviation, difference: Difference): boolean {
  if (deviation.kind !== undefined && deviation.kind !== difference.kind) return false;
  if (deviation.field.endsWith('.*')) return difference.field.startsWith(deviation.field.slice(0, -1));
  return deviation.field === difference.field;
}

/** The differences no listed deviation explains (a test asserts this is empty). */
export function unlisted(differences: readonly Difference[], deviations: readonly Deviation[]): Difference[] {
  return differences.filter((difference) => !deviations.some((deviation) => covers(deviation, difference)));
}

/** Listed deviations that explain nothing any more (stale entries; a test asserts this is empty too). */
export function unused(differences: readonly Difference[], deviations: readonly Deviation[]): Deviation[] {
  return deviations.filter((deviation) => !differences.some((difference) => covers(deviation, difference)));
}

/** Differences counted by cause (for the report a test prints), unexplained ones under `unlisted`. */
export function countByCause(differences: readonly Difference[], deviations: readonly Deviation[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const difference of differences) {
    const cause = deviations.find((deviation) => covers(deviation, difference))?.cause ?? 'unlisted';
    counts[cause] = (counts[cause] ?? 0) + 1;
  }
  return counts;
}
