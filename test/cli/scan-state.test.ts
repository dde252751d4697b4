import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoupe, tempFiles } from './run-cli.ts';
import { ndjson, parseAlerts, pythonOpenEvent, RULE_IDS } from './scan-fixtures.ts';

const SSH_KEY = '/Users/a/.ssh/id_rsa';
const AWS = '/Users/a/.aws/credentials';

/** The new_terms seed alerts of a scan, as [host.id, file.path]. */
const newTerms = (stdout: string) =>
  parseAlerts(stdout)
    .filter((alert) => alert['kibana.alert.rule.rule_id'] === RULE_IDS.pythonFirstAccess)
    .map((alert) => alert['kibana.alert.new_terms']);

describe('loupe scan --state: new_terms history across runs', () => {
  const run1 = [pythonOpenEvent('2024-05-10T00:00:00Z', 'h1', SSH_KEY), pythonOpenEvent('2024-05-03T00:00:00Z', 'h1', AWS)];
  const run2 = [
    pythonOpenEvent('2024-05-11T00:00:00Z', 'h1', SSH_KEY), // seen 1 day earlier in run 1: inside the 7-day window
    pythonOpenEvent('2024-05-11T00:00:00Z', 'h1', AWS), // seen 8 days earlier: outside the window
    pythonOpenEvent('2024-05-11T00:00:00Z', 'h2', SSH_KEY), // same path, another host
  ];

  it('judges the second run against the history the first one saved', async () => {
    const root = tempFiles({ 'run1.ndjson': ndjson(run1), 'run2.ndjson': ndjson(run2) });
    const state = join(root, 'state.json');
    const first = await runLoupe('scan', '--pack', 'seed', join(root, 'run1.ndjson'), '--state', state, '--now', '2024-05-10T01:00:00Z');
    expect([first.code, newTerms(first.stdout)]).toEqual([0, [['h1', AWS], ['h1', SSH_KEY]]]);
    expect(Object.keys((JSON.parse(readFileSync(state, 'utf8')) as { rules: object }).rules)).toEqual([RULE_IDS.pythonFirstAccess]);

    const second = await runLoupe('scan', '--pack', 'seed', join(root, 'run2.ndjson'), '--state', state, '--now', '2024-05-11T01:00:00Z');
    expect([second.code, newTerms(second.stdout)]).toEqual([0, [['h1', AWS], ['h2', SSH_KEY]]]);

    // Control: without the first run's history every term of run 2 is new.
    const alone = await runLoupe('scan', '--pack', 'seed', join(root, 'run2.ndjson'), '--now', '2024-05-11T01:00:00Z');
    expect(newTerms(alone.stdout)).toEqual([['h1', AWS], ['h1', SSH_KEY], ['h2', SSH_KEY]]);

    // Scanning run 2 again gives the same verdicts: an event's own sighting is not "before" it.
    const repeat = await runLoupe('scan', '--pack', 'seed', join(root, 'run2.ndjson'), '--state', state, '--now', '2024-05-11T01:00:00Z');
    expect(repeat.stdout).toBe(second.stdout);
  });

  it('refuses a corrupt state file (exit 2) instead of starting from empty history', async () => {
    const root = tempFiles({ 'e.ndjson': ndjson(run1), 'state.json': '{"format":"something else"}' });
    const { code, err, stdout } = await runLoupe('scan', '--pack', 'seed', join(root, 'e.ndjson'), '--state', join(root, 'state.json'));
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(err[0]).toMatch(new RegExp(`^loupe: scan: --state ${join(root, 'state.json')}: invalid new-terms state in ${join(root, 'state.json')}`));
    expect(readFileSync(join(root, 'state.json'), 'utf8')).toBe('{"format":"something else"}');
  });

  it('reports a state file it cannot save (exit 2) and still writes the alerts', async () => {
    const root = tempFiles({ 'e.ndjson': ndjson(run1) });
    // A missing folder reads as empty history, but the state cannot be saved there.
    const state = join(root, 'missing-dir', 'state.json');
    const { code, err, stdout } = await runLoupe('scan', '--pack', 'seed', join(root, 'e.ndjson'), '--state', state, '--now', '2024-05-10T01:00:00Z');
    expect(code).toBe(2);
    expect(newTerms(stdout)).toHaveLength(2);
    expect(err.at(-1)).toMatch(/^error: new-terms state was not saved: cannot save new-terms state to .*state\.json/);
  });
});
