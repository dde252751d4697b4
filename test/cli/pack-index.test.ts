/**
 * The pack index (src/cli/pack-index.ts) the build writes beside the CLI bundle: summaries only
 * for the exact rule shards they were made from, and only for the rules they name, on their line of their shard.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packChecks, readPackIndex, sha256Hex, writePackIndex } from '../../src/cli/pack-index.ts';
import { checkRule, type RuleCheck } from '../../src/engine/rules/check.ts';
import { loadRuleTexts } from '../../src/engine/rules/load.ts';
import { catalogueEntry, type PackCatalogue } from '../../src/engine/rules/pack/catalogue.ts';
import { tempFiles } from './run-cli.ts';

const rule = (id: string, fields: Record<string, unknown>) =>
  JSON.stringify({ rule_id: id, name: id, description: 'd', risk_score: 21, severity: 'low', index: ['logs-*'], from: 'now-6m', interval: '5m', ...fields });

const LINES = [
  rule('kql', { type: 'query', language: 'kuery', query: 'process.name : "cmd.exe" and event.category : process' }),
  rule('eql', { type: 'eql', language: 'eql', query: 'sequence by host.id [process where process.name == "a"] [file where file.name == "b"]' }),
  rule('ml', { type: 'machine_learning', anomaly_threshold: 50, machine_learning_job_id: 'job' }),
  rule('__proto__', { type: 'query', language: 'kuery', query: 'user.name : root' }),
  rule('broken', { type: 'query', language: 'kuery', query: 'process.name : (' }),
];

describe('the pack index', () => {
  it('summarises the runnable rules that check ok, and serves them only for the same shards', async () => {
    const text = `${LINES.join('\n')}\n`;
    const shards = [{ file: '/pack/rules-01.ndjson', text }];
    const entries = loadRuleTexts(shards).entries;
    const checks = entries.map(checkRule);
    expect(checks.map((check) => check.status)).toEqual(['ok', 'ok', 'unsupported', 'ok', 'error']);
    const catalogue: PackCatalogue = { entries: checks.map((check) => catalogueEntry(check)) };
    const out = join(tempFiles({}), 'index.json');
    const bytes = Buffer.from(text);
    expect(await writePackIndex(catalogue, shards, sha256Hex([bytes]), out)).toBe(3);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);

    expect(await readPackIndex(sha256Hex([Buffer.from(`${text}\n`)]), out)).toBeUndefined();
    expect(await readPackIndex(sha256Hex([bytes]), join(tempFiles({}), 'absent.json'))).toBeUndefined();
    // The key is the digest of the shards one after another: however the same text is cut, the same key.
    const cut = text.indexOf('\n', text.length / 2) + 1;
    expect(sha256Hex([Buffer.from(text.slice(0, cut)), Buffer.from(text.slice(cut))])).toBe(sha256Hex([bytes]));
    const index = await readPackIndex(sha256Hex([bytes]), out);
    expect(Object.keys(index!).sort()).toEqual(['__proto__', 'eql', 'kql']);

    // Served from the index: the stored summary itself.
    const fromIndex = (check: RuleCheck) => check.summary !== undefined && check.summary === index![check.entry.rule.rule_id ?? '']?.summary;
    const loaded = packChecks(entries, index);
    expect(loaded.map((check) => check.status)).toEqual(['ok', 'ok', 'unsupported', 'ok', 'error']);
    expect(loaded.map(fromIndex)).toEqual([true, true, false, true, false]);
    expect(loaded[4]!.errors).toEqual(checks[4]!.errors);

    // A rule on another line than the index says is checked again (keeping its own summary, not its compiled query).
    const moved = packChecks(loadRuleTexts([{ file: '/pack/rules-01.ndjson', text: `\n${text}` }]).entries, index);
    expect(moved.map(fromIndex)).toEqual([false, false, false, false, false]);
    expect(moved.map((check) => [check.status, check.summary !== undefined, check.compiled])).toEqual(checks.map((check) => [check.status, check.status === 'ok', undefined]));
    // So is one on the same line of another shard.
    const elsewhere = loadRuleTexts([{ file: '/pack/rules-02.ndjson', text }]).entries;
    expect(packChecks(elsewhere, index).map(fromIndex)).toEqual([false, false, false, false, false]);
    expect(readFileSync(out, 'utf8')).toContain('"rulesSha256"');
  });
});
