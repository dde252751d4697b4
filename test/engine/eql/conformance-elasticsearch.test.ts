/**
 * Elasticsearch's own EQL QA specs (shared/conformance/eql-elasticsearch) run through parseEql +
 * compileEql + runEql. Every active case must pass unless it is listed with a reason in
 * known-deviations.json; a listed case that passes fails the suite, so the list stays honest.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileEql, runEql } from '../../../src/engine/eql/compile.ts';
import { parseEql } from '../../../src/engine/eql/parser.ts';
import { needShared } from '../../support/shared-data.ts';
import { ENDGAME_DATA, ES_SPECS, endgame140, extraData, loadEsSpecFile, missingEventsData, type DataSet, type EsSpecCase } from './conformance-data.ts';

const deviations = JSON.parse(readFileSync(new URL('./known-deviations.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>;
const known = deviations['eql-elasticsearch'] ?? {};

const DATA_BY_FILE: Readonly<Record<string, () => DataSet>> = {
  'test_queries.toml': endgame140,
  'additional_test_queries.toml': endgame140,
  'test_extra.toml': extraData,
  'test_missing_events.toml': missingEventsData,
};

const loaded = new Map<string, DataSet>();
function dataFor(file: string): DataSet {
  let data = loaded.get(file);
  if (!data) {
    data = DATA_BY_FILE[file]!();
    loaded.set(file, data);
  }
  return data;
}

/** The ids ES would report: the id field of each event, -1 for a missing-event placeholder. */
function run(spec: EsSpecCase): { ids: number[]; joinKeys: string[] } {
  const data = dataFor(spec.file);
  const compiled = compileEql(parseEql(spec.query), { ...data.options, text: spec.query });
  const matches = runEql(compiled, data.events);
  return {
    ids: matches.flatMap((match) => match.events.map((event) => (event === null ? -1 : Number(event[data.idField])))),
    joinKeys: matches.flatMap((match) => match.joinKeys.map((key) => String(key))),
  };
}

function passes(spec: EsSpecCase): boolean {
  try {
    const { ids, joinKeys } = run(spec);
    const expected = spec.expected_event_ids as unknown[];
    // Newer specs may list alternative acceptable results (a list of lists).
    const alternatives = Array.isArray(expected[0]) ? (expected as number[][]) : [expected as number[]];
    if (!alternatives.some((ids2) => JSON.stringify(ids2) === JSON.stringify(ids))) return false;
    if (spec.join_keys === undefined) return true;
    return JSON.stringify((spec.join_keys as unknown[]).map(String)) === JSON.stringify(joinKeys);
  } catch {
    return false;
  }
}

const HAS_DATA = needShared(ES_SPECS, ENDGAME_DATA);
const specs = HAS_DATA ? Object.keys(DATA_BY_FILE).flatMap(loadEsSpecFile) : [];
const outcomes = new Map<string, boolean>();

if (HAS_DATA) describe('eql-elasticsearch conformance', () => {
  it.each(specs.map((spec) => [`${spec.file} ${spec.name}`, spec] as const))('%s', (_label, spec) => {
    const ok = passes(spec);
    outcomes.set(`${spec.file}:${spec.name}`, ok);
    if (known[spec.name] !== undefined) {
      expect(ok, `listed as a known deviation but now passes: ${spec.name}`).toBe(false);
    } else if (!ok) {
      const detail = (() => {
        try {
          return JSON.stringify(run(spec));
        } catch (error) {
          return String(error);
        }
      })();
      expect.fail(`${spec.name}: expected ${JSON.stringify(spec.expected_event_ids)} join_keys ${JSON.stringify(spec.join_keys)}, got ${detail}`);
    }
  });

  it('lists only existing cases as deviations', () => {
    const names = new Set(specs.map((spec) => spec.name));
    expect(Object.keys(known).filter((name) => !names.has(name))).toEqual([]);
  });

  afterAll(() => {
    const files = [...new Set(specs.map((spec) => spec.file))];
    let passed = 0;
    for (const file of files) {
      const own = specs.filter((spec) => spec.file === file);
      const ok = own.filter((spec) => outcomes.get(`${file}:${spec.name}`)).length;
      passed += ok;
      console.log(`eql-elasticsearch ${file}: ${ok}/${own.length} passed`);
    }
    console.log(`eql-elasticsearch: ${passed}/${specs.length} passed`);
  });
});
