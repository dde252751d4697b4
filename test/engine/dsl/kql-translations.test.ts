/**
 * Cross-check with the KQL compiler: the Query DSL Kibana's tests expect for a KQL query
 * (shared/conformance/kql-kibana/dsl_cases.json) must select the same documents through compileDsl
 * as the KQL text does through compileKql. Cases that are not plain KQL text (programmatic nodes,
 * nested contexts, unparseable renderings), that need the bare-value `multi_match`, or that carry
 * options are skipped.
 */
import { describe, expect, it } from 'vitest';
import { compileDsl } from '../../../src/engine/dsl/compile.ts';
import { STUB_SCHEMA as SCHEMA } from '../kql/stub-schema.ts';
import { compileKql } from '../../../src/engine/kql/compile.ts';
import { parseKql } from '../../../src/engine/kql/parser.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { NOW } from './helpers.ts';
import { needShared, readShared } from '../../support/shared-data.ts';

interface DslCase {
  readonly kql_equiv: string;
  readonly data_view: string | null;
  readonly expected?: Record<string, unknown>;
  readonly config?: Record<string, unknown>;
  readonly context?: unknown;
}

const DSL_CASES = 'conformance/kql-kibana/dsl_cases.json';
const HAS_DATA = needShared(DSL_CASES);
const data = (HAS_DATA ? JSON.parse(readShared(DSL_CASES)) : { dsl_cases: [] }) as {
  dsl_cases: DslCase[];
};


const DOCUMENTS: EventDoc[] = [
  {},
  { extension: 'jpg', bytes: 500, '@timestamp': '2018-04-03T19:04:17Z' },
  { extension: 'JPG file', bytes: 1000, '@timestamp': '2018-04-03T19:04:17.001Z' },
  { extension: ['png', 'jpg'], bytes: 1001, '@timestamp': '2018-01-03T19:04:18Z' },
  { extension: 'jpgx', bytes: '9999', '@timestamp': '2017-01-01' },
  { machine: { os: { keyword: 'Win 7' } } },
  { machine: { os: { keyword: 'win 7' } } },
  { machine: { os: { keyword: 'windows' } } },
  { machine: { os: { keyword: 'x*\\y' } } },
  { 'machine.os.keyword': 'Win 8' },
  { nestedField: { nestedChild: [{ doublyNestedChild: 'foo' }, { doublyNestedChild: '9000' }] } },
  { nestedField: { nestedChild: { doublyNestedChild: 'Foo bar' } } },
  { response: 200 },
];

/** Some cases were built as nodes in Kibana's tests; their KQL rendering (`a > 2018-01-03T19:04:17`) is not valid KQL text. */
function parses(kql: string): boolean {
  try {
    parseKql(kql);
    return true;
  } catch {
    return false;
  }
}

const cases = data.dsl_cases.filter(
  (c) =>
    c.data_view === 'stub' &&
    c.expected !== undefined &&
    c.config === undefined &&
    c.context === undefined &&
    !c.kql_equiv.startsWith('(') && // "(programmatic ...)": a description, not KQL
    parses(c.kql_equiv) &&
    !JSON.stringify(c.expected).includes('multi_match'),
);

if (HAS_DATA) describe('Kibana KQL → DSL translations agree with compileKql', () => {
  it.each(cases.map((c) => [c.kql_equiv, c] as const))('%s', (kql, c) => {
    const viaKql = compileKql(parseKql(kql), { schema: SCHEMA, now: NOW });
    const viaDsl = compileDsl(c.expected, { schema: SCHEMA, now: NOW });
    for (const doc of DOCUMENTS) expect([JSON.stringify(doc), viaDsl.matches(doc)]).toEqual([JSON.stringify(doc), viaKql.matches(doc)]);
  });

  it('covers most translation cases', () => {
    console.log(`KQL→DSL cross-check: ${cases.length}/${data.dsl_cases.length} Kibana translation cases compared on ${DOCUMENTS.length} documents`);
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });
});
