/** A rule file that holds no rules is an error, never "0 rules … ok" with exit 0. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoupe, tempFiles } from './run-cli.ts';
import { kccEvent, kibanaRule, ndjson } from './scan-fixtures.ts';

const exceptionList = JSON.stringify({ list_id: 'trusted', type: 'detection', namespace_type: 'single', name: 'Trusted', description: 'd' });

describe('loupe check: files without rules', () => {
  it.each([
    ['an empty NDJSON file', 'empty.ndjson', ''],
    ['an empty JSON array', 'rules.json', '[]'],
    ['events, not rules', 'alerts.ndjson', ndjson([kccEvent('2024-05-01T10:00:00Z')])],
  ])('fails %s with "no rules found in FILE" (exit 1)', async (_name, name, text) => {
    const root = tempFiles({ [name]: text });
    const file = join(root, name);
    for (const args of [[file], ['--json', file]]) {
      const { code, out, err } = await runLoupe('check', ...args);
      expect(code).toBe(1);
      expect(err).toEqual([`no rules found in ${file}`]);
      if (args.length === 1) expect(out.at(-1)).toBe('0 rules: 0 ok, 0 errors, 0 unsupported');
    }
  });

  it('names only the empty file when others hold rules, and still fails', async () => {
    const root = tempFiles({ 'good.ndjson': kibanaRule({}), 'empty.json': '[]' });
    const { code, out, err } = await runLoupe('check', root);
    expect(code).toBe(1);
    expect(out.at(-1)).toBe('1 rule: 1 ok, 0 errors, 0 unsupported');
    expect(err).toEqual([`no rules found in ${join(root, 'empty.json')}`]);
  });

  it('accepts a file of exception lists checked with the rules that use them', async () => {
    const root = tempFiles({ 'rules.ndjson': kibanaRule({ exceptions_list: [{ id: 'x', list_id: 'trusted', type: 'detection', namespace_type: 'single' }] }), 'lists.ndjson': `${exceptionList}\n` });
    const { code, err } = await runLoupe('check', root);
    expect({ code, err }).toEqual({ code: 0, err: [] });
  });

  it('fails a file of exception lists checked alone', async () => {
    const root = tempFiles({ 'lists.ndjson': `${exceptionList}\n` });
    const { code, err } = await runLoupe('check', join(root, 'lists.ndjson'));
    expect({ code, err }).toEqual({ code: 1, err: [`no rules found in ${join(root, 'lists.ndjson')}`] });
  });

  it('makes loupe scan --rules say so and exit 1 too', async () => {
    const root = tempFiles({ 'empty.ndjson': '', 'e.ndjson': ndjson([kccEvent('2024-05-01T10:00:00Z')]) });
    const { code, err } = await runLoupe('scan', join(root, 'e.ndjson'), '--rules', join(root, 'empty.ndjson'), '--now', '2024-05-02T00:00:00Z');
    expect(code).toBe(1);
    expect(err[0]).toBe(`no rules found in ${join(root, 'empty.ndjson')}`);
    expect(err[1]).toBe('warning: no rules were loaded: no alert can be raised');
  });
});
