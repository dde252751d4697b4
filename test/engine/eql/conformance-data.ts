/**
 * Test data sets of the Elasticsearch EQL QA specs, loaded as ES's DataLoader indexes them
 * (see shared/conformance/eql-elasticsearch/README.md).
 */
import { parse as parseToml } from 'smol-toml';
import { createSchema, type FieldSchema } from '../../../src/engine/fields/schema.ts';
import type { EqlOptions } from '../../../src/engine/eql/compile.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { readShared } from '../../support/shared-data.ts';

/** What the conformance suites need from ../shared (see shared-data.ts). */
export const ES_SPECS = 'conformance/eql-elasticsearch';
export const ENDGAME_DATA = 'conformance/eql-endgame/test_data.json';

export interface DataSet {
  readonly events: readonly EventDoc[];
  readonly options: EqlOptions;
  /** The field whose value identifies an event in `expected_event_ids`. */
  readonly idField: string;
}

function readConformance(path: string): string {
  return readShared(`conformance/${path}`);
}

/**
 * Field types from a `.mapping` file (`#` lines are comments). The random keyword-like type
 * placeholder is read as `keyword`; aliases are left out (the category alias is passed as
 * `eventCategoryField` instead).
 */
export function schemaFromMapping(path: string): FieldSchema {
  const json = readConformance(path)
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  const types: Record<string, string> = {};
  const walk = (properties: Record<string, { type?: string; properties?: Record<string, never> }>, prefix: string) => {
    for (const [name, spec] of Object.entries(properties)) {
      const full = prefix + name;
      if (spec.properties) walk(spec.properties, `${full}.`);
      else if (spec.type !== undefined && spec.type !== 'alias') types[full] = spec.type === '[runtime_random_keyword_type]' ? 'keyword' : spec.type;
    }
  };
  walk((JSON.parse(json) as { properties: Record<string, never> }).properties, '');
  return createSchema(types);
}

/** Windows FILETIME (100 ns since 1601) to epoch milliseconds, as DataLoader does. */
function fileTimeToMillis(fileTime: number): number {
  return Math.trunc(fileTime / 10000) - 11644473600000;
}

export function endgame140(): DataSet {
  const raw = JSON.parse(readConformance('eql-endgame/test_data.json')) as EventDoc[];
  const events = raw.map((event) => ({ ...event, '@timestamp': fileTimeToMillis(event['timestamp'] as number) }));
  return {
    events,
    idField: 'serial_event_id',
    options: {
      schema: schemaFromMapping('eql-elasticsearch/data/endgame-140.mapping'),
      eventCategoryField: 'event_type',
      tiebreakerField: 'serial_event_id',
    },
  };
}

function sequenceKeyed(dataFile: string, mappingFile: string): DataSet {
  // ES's JSON reader tolerates `////` comment lines; JSON.parse does not.
  const text = readConformance(dataFile)
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n');
  return {
    events: JSON.parse(text) as EventDoc[],
    idField: 'sequence',
    options: { schema: schemaFromMapping(mappingFile), eventCategoryField: 'event_type', tiebreakerField: 'sequence' },
  };
}

export const extraData = (): DataSet => sequenceKeyed('eql-elasticsearch/data/extra.data', 'eql-elasticsearch/data/extra.mapping');
export const missingEventsData = (): DataSet =>
  sequenceKeyed('eql-elasticsearch/data/missing-events.data', 'eql-elasticsearch/data/missing-events.mapping');

export interface EsSpecCase {
  readonly file: string;
  readonly name: string;
  readonly query: string;
  readonly expected_event_ids: readonly number[] | readonly (readonly number[])[];
  readonly join_keys?: readonly string[];
}

/**
 * `join_keys = [null]` is accepted by ES's Java TOML reader but is not valid TOML; ES reports a null
 * key as "null", so bare `null` items of join_keys arrays are read as that string.
 */
function quoteNullJoinKeys(toml: string): string {
  return toml.replace(/^(join_keys\s*=\s*\[[^\]]*\])/gm, (array) => array.replace(/(^|[[,\s])null(?=[\s,\]])/g, '$1"null"'));
}

/** The active `[[queries]]` of one ES spec file (commented-out blocks are TOML comments). */
export function loadEsSpecFile(file: string): EsSpecCase[] {
  const toml = quoteNullJoinKeys(readConformance(`eql-elasticsearch/${file}`));
  const { queries } = parseToml(toml) as unknown as { queries: Omit<EsSpecCase, 'file'>[] };
  return queries.map((spec) => ({ ...spec, file, query: spec.query.trim() }));
}
