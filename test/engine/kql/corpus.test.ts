/**
 * Every KQL (`kuery`) and Lucene query of the public Elastic rules (shared/corpus) must parse, print
 * back to an equivalent query, and compile against the ECS schema.
 */
import { describe, expect, it } from 'vitest';
import { compileKql } from '../../../src/engine/kql/compile.ts';
import { parseKql } from '../../../src/engine/kql/parser.ts';
import { printKql } from '../../../src/engine/kql/printer.ts';
import { compileLucene } from '../../../src/engine/lucene/compile.ts';
import { parseLucene } from '../../../src/engine/lucene/parser.ts';
import { printLucene } from '../../../src/engine/lucene/printer.ts';
import { withoutOffsets } from './notation.ts';
import { needShared, readShared } from '../../support/shared-data.ts';

interface CorpusRule {
  rule_id: string;
  name: string;
  language?: string;
  query?: string;
  threat_query?: string;
  threat_language?: string;
}

const CORPUS = 'corpus/detection-rules.ndjson';
const HAS_DATA = needShared(CORPUS);
const rules = (HAS_DATA ? readShared(CORPUS) : '')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as CorpusRule);

const queries = rules.flatMap((rule) => [
  ...(rule.query !== undefined && (rule.language === 'kuery' || rule.language === 'lucene') ? [{ rule, language: rule.language, text: rule.query }] : []),
  ...(rule.threat_query !== undefined && rule.threat_language !== 'lucene' ? [{ rule, language: 'kuery', text: rule.threat_query }] : []),
]);

if (HAS_DATA) describe('corpus KQL and Lucene queries', () => {
  it('parse, round-trip through the printer and compile', () => {
    const failures: string[] = [];
    const counts = { kuery: 0, lucene: 0 };
    for (const { rule, language, text } of queries) {
      try {
        if (language === 'lucene') {
          const ast = parseLucene(text);
          expect(withoutOffsets(parseLucene(printLucene(ast)))).toEqual(withoutOffsets(ast));
          compileLucene(ast);
        } else {
          const ast = parseKql(text);
          expect(withoutOffsets(parseKql(printKql(ast)))).toEqual(withoutOffsets(ast));
          compileKql(ast);
        }
        counts[language as 'kuery' | 'lucene']++;
      } catch (error) {
        failures.push(`${rule.rule_id} ${rule.name} [${language}]: ${(error as Error).message}`);
      }
    }
    console.log(`corpus: ${counts.kuery} kuery and ${counts.lucene} lucene queries parse, round-trip and compile; ${failures.length} fail`);
    expect(failures).toEqual([]);
    expect(counts.kuery).toBeGreaterThan(700);
    expect(counts.lucene).toBeGreaterThanOrEqual(1);
  });
});
