import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRulePack } from '../../src/cli/rule-pack.ts';
import { ruleToRecord } from '../../src/engine/rules/fields.ts';
import { loadRuleTexts } from '../../src/engine/rules/load.ts';
import { runLoupe, tempFiles } from './run-cli.ts';
import { readShared, skipWithoutShared } from '../support/shared-data.ts';

const RULES = fileURLToPath(new URL('../../rules', import.meta.url));
const CORPUS = 'corpus/detection-rules.ndjson';

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Rules of a file set by rule_id, as Kibana records. */
function recordsById(files: { file: string; text: string }[]): Map<string, Record<string, unknown>> {
  const { entries } = loadRuleTexts(files);
  return new Map(entries.map((entry) => [entry.rule.rule_id ?? '', ruleToRecord(entry.rule)]));
}

const checkStatuses = async (path: string) =>
  new Map(jsonLines((await runLoupe('check', '--json', path)).out.join('\n')).map((line) => [line.rule_id, line.status]));

const EMPTY_DETAILS = {
  missing_rules: [],
  missing_rules_count: 0,
  exported_exception_list_count: 0,
  exported_exception_list_item_count: 0,
  missing_exception_list_item_count: 0,
  missing_exception_list_items: [],
  missing_exception_lists: [],
  missing_exception_lists_count: 0,
  exported_action_connector_count: 0,
  missing_action_connection_count: 0,
  missing_action_connections: [],
  excluded_action_connection_count: 0,
  excluded_action_connections: [],
};

describe('loupe export-rules', () => {
  it('exports the bundled pack (by default, from any working directory) so that check re-imports it with identical rules and queries', async () => {
    const elsewhere = tempFiles({});
    const out = join(elsewhere, 'pack.ndjson');
    // From another working directory: the bundled pack is found from the package, not the cwd.
    const cwd = process.cwd();
    process.chdir(elsewhere);
    const { code, err } = await runLoupe('export-rules', '--pack', 'seed', '--out', out).finally(() => process.chdir(cwd));
    expect({ code, err }).toEqual({ code: 0, err: [`exported 5 rules, 0 exception lists (0 items) to ${out}`] });

    const lines = jsonLines(readFileSync(out, 'utf8'));
    expect(lines.at(-1)).toEqual({ exported_count: 5, exported_rules_count: 5, ...EMPTY_DETAILS });

    const { code: checkCode, out: checkOut } = await runLoupe('check', out);
    expect([checkCode, checkOut.at(-1)]).toEqual([0, '5 rules: 5 ok, 0 errors, 0 unsupported']);

    const { texts } = await loadRulePack({ paths: [RULES] });
    const original = recordsById([...texts]);
    const exported = recordsById([{ file: out, text: readFileSync(out, 'utf8') }]);
    expect([...exported.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [id, record] of original) {
      expect(exported.get(id)?.query).toBe(record.query);
      expect(exported.get(id)).toEqual(record);
    }
  });

  it('round-trips a sample of the public rules losslessly, with the same check verdicts', async (context) => {
    skipWithoutShared(context, CORPUS);
    const corpus = readShared(CORPUS).split('\n').filter((line) => line.trim() !== '');
    const sample = corpus.filter((_, i) => i % 40 === 0);
    const root = tempFiles({ 'sample.ndjson': `${sample.join('\n')}\n` });
    const out = join(root, 'export.ndjson');
    const { code } = await runLoupe('export-rules', '--rules', join(root, 'sample.ndjson'), '--out', out);
    expect(code).toBe(0);

    const original = recordsById([{ file: 'sample.ndjson', text: sample.join('\n') }]);
    const exported = recordsById([{ file: out, text: readFileSync(out, 'utf8') }]);
    expect(exported.size).toBe(sample.length);
    expect(exported).toEqual(original);
    expect(await checkStatuses(out)).toEqual(await checkStatuses(join(root, 'sample.ndjson')));
    console.log(`export-rules round trip: ${exported.size}/${sample.length} public rules identical`);
  });

  it('writes the exception lists the rules use after the rules, with Kibana counters', async () => {
    const rule = { rule_id: 'r-1', name: 'R', description: 'd', severity: 'low', risk_score: 21, type: 'query', language: 'kuery', query: 'process.name:kcc' };
    const list = { list_id: 'my-list', type: 'detection', namespace_type: 'single', name: 'Mine', description: 'd' };
    const item = { item_id: 'i-1', list_id: 'my-list', namespace_type: 'single', type: 'simple', name: 'i', entries: [{ field: 'host.name', operator: 'included', type: 'match', value: 'lab' }] };
    const refs = [
      { id: 'x', list_id: 'my-list', type: 'detection', namespace_type: 'single' },
      { id: 'y', list_id: 'endpoint_list', type: 'endpoint', namespace_type: 'agnostic' },
    ];
    const root = tempFiles({
      'rules.ndjson': [JSON.stringify({ ...rule, exceptions_list: refs }), JSON.stringify(list), JSON.stringify(item)].join('\n'),
    });
    const { code, stdout } = await runLoupe('export-rules', '--rules', join(root, 'rules.ndjson'), '--out', '-');
    expect(code).toBe(0);
    expect(jsonLines(stdout)).toEqual([
      { ...rule, exceptions_list: refs },
      list,
      item,
      {
        ...EMPTY_DETAILS,
        exported_count: 3,
        exported_rules_count: 1,
        exported_exception_list_count: 1,
        exported_exception_list_item_count: 1,
        missing_exception_lists: [{ list_id: 'endpoint_list' }],
        missing_exception_lists_count: 1,
      },
    ]);
  });

  it('leaves out a rule with errors, names it with file:line:column, and exits 1', async () => {
    const good = { rule_id: 'good', name: 'Good', description: 'd', severity: 'low', risk_score: 21, type: 'query', language: 'kuery', query: 'a:b' };
    const root = tempFiles({ 'rules.ndjson': `${JSON.stringify(good)}\n${JSON.stringify({ ...good, rule_id: 'bad', name: 'Bad', query: 'a:(b' })}\n` });
    const { code, err, stdout } = await runLoupe('export-rules', '--rules', join(root, 'rules.ndjson'), '--out', '-');
    expect(code).toBe(1);
    expect(jsonLines(stdout).map((line) => line.rule_id ?? line.missing_rules)).toEqual(['good', [{ rule_id: 'bad' }]]);
    expect(err[0]).toBe('✗ Bad (bad)');
    expect(err[1]).toMatch(new RegExp(`^    ${join(root, 'rules.ndjson')}:2:\\d+: `));
    expect(err.at(-1)).toBe('exported 1 rule, 0 exception lists (0 items); left out 1 with errors: bad');
  });

  it.each([
    [['export-rules'], 'loupe: export-rules needs --out FILE (or --out - for stdout)'],
    [['export-rules', 'rules/', '--out', 'x'], 'loupe: export-rules takes no positional arguments; use --rules rules/'],
    [['export-rules', '--out', '/nonexistent-dir/x.ndjson'], "loupe: cannot write '/nonexistent-dir/x.ndjson': no such file or directory"],
  ])('usage error %j exits 2', async (argv, message) => {
    const { code, err } = await runLoupe(...argv);
    expect({ code, err }).toEqual({ code: 2, err: [message] });
  });
});
