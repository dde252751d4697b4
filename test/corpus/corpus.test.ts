import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runLoupe } from '../cli/run-cli.ts';
import { readShared, sharedPath, skipWithoutShared } from '../support/shared-data.ts';

/**
 * Every EQL, KQL and Lucene query of Elastic's public rules must pass `loupe check` — the same
 * code path, in-process. Known failures are listed with their reason in known-failures.json;
 * an unlisted failure, or a listed rule that now passes, fails the test.
 */
const CORPUS = 'corpus/detection-rules.ndjson';
const KNOWN_FAILURES = new URL('./known-failures.json', import.meta.url);

interface KnownFailure {
  rule_id: string;
  name: string;
  reason: string;
}

interface CheckLine {
  rule_id: string;
  name: string;
  language: string | null;
  status: string;
  errors: { message: string; line: number; column: number }[];
}

const QUERY_LANGUAGES = new Set(['eql', 'kuery', 'lucene']);

describe('public detection rules corpus', () => {
  it('checks every EQL, KQL and Lucene query', async (context) => {
    skipWithoutShared(context, CORPUS);
    const corpusRules = readShared(CORPUS)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { rule_id: string; language?: string });
    const expectedIds = new Set(corpusRules.filter((rule) => QUERY_LANGUAGES.has(rule.language ?? '')).map((rule) => rule.rule_id));

    const { out } = await runLoupe('check', '--json', sharedPath(CORPUS));
    const lines = out.filter((line) => line !== '').map((line) => JSON.parse(line) as CheckLine);
    expect(lines).toHaveLength(corpusRules.length);
    const checked = lines.filter((line) => expectedIds.has(line.rule_id));
    expect(checked).toHaveLength(expectedIds.size);

    const failures = checked.filter((line) => line.status === 'error');
    console.log(`corpus: ${checked.length - failures.length}/${checked.length} ok`);

    const known = new Map((JSON.parse(readFileSync(KNOWN_FAILURES, 'utf8')) as KnownFailure[]).map((entry) => [entry.rule_id, entry]));
    const unlisted = failures
      .filter((line) => !known.has(line.rule_id))
      .map((line) => ({ rule_id: line.rule_id, name: line.name, errors: line.errors.map((error) => error.message) }));
    expect(unlisted).toEqual([]);
    const failedIds = new Set(failures.map((line) => line.rule_id));
    const nowPassing = [...known.values()].filter((entry) => !failedIds.has(entry.rule_id)).map((entry) => entry.name);
    expect(nowPassing, 'listed as known failures but pass now: remove them from known-failures.json').toEqual([]);
  });
});
