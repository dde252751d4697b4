import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { QuerySyntaxError } from '../../src/engine/errors.ts';
import { parseKql } from '../../src/engine/kql/parser.ts';
import { runLoupe, tempFiles } from './run-cli.ts';

const tomlRule = (fields: { type?: string; language?: string; query?: string; extra?: string; id?: string; name?: string } = {}) => `[metadata]
maturity = "production"

[rule]
author = ["Elastic"]
description = "Test rule"
name = "${fields.name ?? 'Process kcc'}"
risk_score = 21
rule_id = "${fields.id ?? 'rule-1'}"
severity = "low"
type = "${fields.type ?? 'query'}"
language = "${fields.language ?? 'kuery'}"
query = '''
${fields.query ?? 'process.name:kcc and event.category:process'}
'''
${fields.extra ?? ''}
`;
/** Line on which the query text of `tomlRule` starts, and the line after its closing quotes. */
const QUERY_FIRST_LINE = 14;
const EXTRA_LINE = 16;

const ndjsonRule = (fields: Record<string, unknown>) =>
  JSON.stringify({ rule_id: 'nd-1', name: 'From export', description: 'd', severity: 'low', risk_score: 21, type: 'query', language: 'kuery', query: 'a:b', ...fields });

const parseJsonLines = (lines: string[]) => lines.filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('loupe check', () => {
  it('passes a valid TOML rule with exit code 0 and prints the exact JSON line', async () => {
    const root = tempFiles({ 'ok.toml': tomlRule() });
    const { code, out, err } = await runLoupe('check', '--json', root);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(parseJsonLines(out)).toEqual([
      {
        rule_id: 'rule-1',
        name: 'Process kcc',
        type: 'query',
        language: 'kuery',
        status: 'ok',
        ok: true,
        errors: [],
        file: join(root, 'ok.toml'),
      },
    ]);
  });

  it('fails a rule whose query does not parse, pointing into the file and the query (exit 1)', async () => {
    const query = 'process.name:kcc and\n  (event.category:process or';
    const root = tempFiles({ 'bad.toml': tomlRule({ query }) });
    // TOML keeps the newline before the closing ''' in the value: the error is at the end of the query.
    const fileQuery = `${query}\n`;
    const { code, out } = await runLoupe('check', '--json', root);
    expect(code).toBe(1);
    const expected = (() => {
      try {
        parseKql(fileQuery);
      } catch (error) {
        if (error instanceof QuerySyntaxError) return error;
      }
      throw new Error('the test query should not parse');
    })();
    const [line] = parseJsonLines(out);
    expect(line).toMatchObject({ rule_id: 'rule-1', status: 'error', ok: false });
    expect(line!.errors).toEqual([
      {
        message: `${expected.reason} (query ${expected.line}:${expected.column})`,
        line: QUERY_FIRST_LINE + expected.line - 1,
        column: expected.column,
      },
    ]);
  });

  it('reports unsupported rule types without failing (exit 0)', async () => {
    const root = tempFiles({
      'export.ndjson': [
        ndjsonRule({ rule_id: 'ml-1', name: 'ML', type: 'machine_learning', language: undefined, query: undefined }),
        ndjsonRule({ rule_id: 'esql-1', name: 'ESQL', type: 'esql', language: 'esql', query: 'from logs-* | limit 1' }),
        ndjsonRule({ rule_id: 'tm-1', name: 'Indicator', type: 'threat_match' }),
        JSON.stringify({ exported_count: 3, exported_rules_count: 3 }),
      ].join('\n'),
    });
    const { code, out } = await runLoupe('check', '--json', root);
    expect(code).toBe(0);
    const lines = parseJsonLines(out);
    expect(lines.map((line) => [line.rule_id, line.status, line.ok])).toEqual([
      ['ml-1', 'unsupported', true],
      ['esql-1', 'unsupported', true],
      ['tm-1', 'unsupported', true],
    ]);
    expect(lines.every((line) => typeof line.reason === 'string' && line.reason !== '')).toBe(true);
  });

  it('fails an indicator match rule whose query is broken', async () => {
    const root = tempFiles({ 'tm.ndjson': ndjsonRule({ type: 'threat_match', query: 'a:(b' }) });
    const { code, out } = await runLoupe('check', '--json', root);
    expect(code).toBe(1);
    expect(parseJsonLines(out)[0]).toMatchObject({ status: 'error', errors: [{ line: 1 }] });
  });

  it('fails rule-level problems with the position of the offending field', async () => {
    const root = tempFiles({ 'nt.toml': tomlRule({ type: 'new_terms', extra: '[rule.new_terms]\nfield = "new_terms_fields"\nvalue = []' }) });
    const { code, out } = await runLoupe('check', '--json', join(root, 'nt.toml'));
    expect(code).toBe(1);
    const messages = (parseJsonLines(out)[0]!.errors as { message: string; line: number }[]).map((error) => [error.message, error.line]);
    expect(messages).toContainEqual(['new_terms_fields must list 1 to 3 fields (has 0)', EXTRA_LINE]);
  });

  it('prints a readable report: one line per rule, indented errors, a summary', async () => {
    const root = tempFiles({
      'a/good.toml': tomlRule({ id: 'good', name: 'Good rule' }),
      'a/deeper/bad.toml': tomlRule({ id: 'bad', name: 'Bad rule', type: 'eql', language: 'eql', query: 'process where' }),
      'b/ml.ndjson': ndjsonRule({ rule_id: 'ml', name: 'ML rule', type: 'machine_learning' }),
      'notes.txt': 'not a rule',
    });
    const { code, out } = await runLoupe('check', root);
    expect(code).toBe(1);
    expect(out[0]).toBe('✗ Bad rule (bad)');
    expect(out[1]).toMatch(new RegExp(`^    ${join(root, 'a/deeper/bad.toml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: .+ \\(query \\d+:\\d+\\)$`));
    expect(out.slice(2)).toEqual([
      '✓ Good rule (good)',
      '– ML rule (ml)',
      '    unsupported: machine learning rules read anomaly detection job results from Elasticsearch',
      '3 rules: 1 ok, 1 error, 1 unsupported',
    ]);
  });

  it('reports a TOML syntax error as a failed entry with its position', async () => {
    const root = tempFiles({ 'broken.toml': '[rule]\nname = "x\n' });
    const { code, out } = await runLoupe('check', '--json', root);
    expect(code).toBe(1);
    expect(parseJsonLines(out)).toEqual([
      {
        rule_id: null,
        name: null,
        type: null,
        language: null,
        status: 'error',
        ok: false,
        errors: [{ message: 'invalid TOML: control characters are not allowed in strings', line: 2, column: 10 }],
        file: join(root, 'broken.toml'),
      },
    ]);
  });

  it.each<[string, string[], RegExp]>([
    ['no paths', ['check'], /needs at least one PATH/],
    ['a missing path', ['check', '/nonexistent/rules'], /cannot read '\/nonexistent\/rules': no such file or directory/],
    ['an unknown option', ['check', '--yaml', '.'], /Unknown option '--yaml'/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  ])('exits 2 for %s', async (_label, argv, message) => {
    const { code, out, err } = await runLoupe(...argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(message);
  });

  it('exits 2 for a folder without rule files and for a file of another type', async () => {
    const root = tempFiles({ 'empty/.keep': '', 'readme.md': '# hi' });
    expect((await runLoupe('check', join(root, 'empty'))).code).toBe(2);
    const wrongType = await runLoupe('check', join(root, 'readme.md'));
    expect(wrongType.code).toBe(2);
    expect(wrongType.err.join()).toMatch(/is not a rule file/);
  });

  it('prints help for loupe and for each command', async () => {
    const general = await runLoupe('--help');
    expect(general.code).toBe(0);
    expect(general.out.join('\n')).toMatch(/^Usage: loupe <command>[\s\S]*\n {2}check {2}/);
    const check = await runLoupe('check', '--help');
    expect(check.code).toBe(0);
    expect(check.out[0]).toBe('Usage: loupe check PATH... [--json]');
    expect(check.out.join('\n')).toMatch(/--json +print one JSON object per rule per line/);
  });

  it('runs as a real process through bin/loupe.mjs', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin/loupe.mjs'), '--help'], { cwd: root });
    expect(stdout).toMatch(/^Usage: loupe <command> \[options\]/);
  });
});
