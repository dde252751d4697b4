/**
 * Every EQL query we know of — the Elasticsearch QA specs and all Elastic detection rules — must parse,
 * and print → parse must give the same AST. Random ASTs must survive the same round trip.
 */
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEql } from '../../../src/engine/eql/parser.ts';
import { printEql, printExpr } from '../../../src/engine/eql/printer.ts';
import { arbEqlQuery, arbExpr } from './arbitraries.ts';
import { withoutStart } from './ast-helpers.ts';
import { sharedPath, readShared, skipWithoutShared } from '../../support/shared-data.ts';
import { ES_SPECS, loadEsSpecFile } from './conformance-data.ts';

const RULES_FILE = 'corpus/detection-rules.ndjson';

interface RuleQuery {
  readonly name: string;
  readonly query: string;
}

function loadEqlRules(): RuleQuery[] {
  return readShared(RULES_FILE)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { name: string; query?: string; type?: string })
    .filter((rule) => rule.type === 'eql' && typeof rule.query === 'string')
    .map((rule) => ({ name: rule.name, query: rule.query as string }));
}

/** Parses every query; returns the failures as readable lines (empty when all parse and round-trip). */
function checkAll(queries: readonly RuleQuery[]): { parsed: number; roundTripped: number; failures: string[] } {
  const failures: string[] = [];
  let parsed = 0;
  let roundTripped = 0;
  for (const { name, query } of queries) {
    let ast;
    try {
      ast = parseEql(query);
      parsed++;
    } catch (error) {
      failures.push(`${name}: does not parse: ${(error as Error).message}`);
      continue;
    }
    const printed = printEql(ast);
    try {
      const reparsed = parseEql(printed);
      if (JSON.stringify(withoutStart(reparsed)) === JSON.stringify(withoutStart(ast))) roundTripped++;
      else failures.push(`${name}: printed query parses to a different AST:\n${printed}`);
    } catch (error) {
      failures.push(`${name}: printed query does not parse: ${(error as Error).message}\n${printed}`);
    }
  }
  return { parsed, roundTripped, failures };
}

describe('EQL corpus round trip', () => {
  it('parses and round-trips every active Elasticsearch QA spec query', (context) => {
    skipWithoutShared(context, ES_SPECS);
    const files = readdirSync(sharedPath(ES_SPECS)).filter((file) => file.endsWith('.toml'));
    const specs = files.flatMap((file) => loadEsSpecFile(file));
    const { parsed, roundTripped, failures } = checkAll(specs.map((spec) => ({ name: `${spec.file} ${spec.name}`, query: spec.query })));
    console.log(`ES EQL specs: ${parsed}/${specs.length} parse, ${roundTripped}/${specs.length} round-trip`);
    expect(specs.length).toBe(260);
    expect(failures).toEqual([]);
  });

  it('parses and round-trips every EQL detection rule', (context) => {
    skipWithoutShared(context, RULES_FILE);
    const rules = loadEqlRules();
    const { parsed, roundTripped, failures } = checkAll(rules);
    console.log(`EQL detection rules: ${parsed}/${rules.length} parse, ${roundTripped}/${rules.length} round-trip`);
    expect(rules.length).toBe(1081);
    expect(failures).toEqual([]);
  });
});

describe('EQL printer/parser properties', () => {
  it('print then parse gives back any expression', () => {
    fc.assert(
      fc.property(arbExpr, (expr) => {
        const { body } = parseEql(`any where ${printExpr(expr)}`);
        expect(body.type === 'event' ? withoutStart(body.condition) : body).toEqual(expr);
      }),
      { numRuns: 400 },
    );
  });

  it('print then parse gives back any query', () => {
    fc.assert(
      fc.property(arbEqlQuery, (query) => {
        expect(withoutStart(parseEql(printEql(query)))).toEqual(query);
      }),
      { numRuns: 300 },
    );
  });
});
