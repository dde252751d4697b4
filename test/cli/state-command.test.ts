import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoupe, tempFiles } from './run-cli.ts';
import { ndjson, pythonOpenEvent, RULE_IDS } from './scan-fixtures.ts';

const WEEK = 7 * 86_400_000;
const T = Date.parse('2024-05-01T00:00:00Z');

/** A state document whose history for the new_terms seed was recorded with other fields. */
const otherFieldsState = (ruleId: string = RULE_IDS.pythonFirstAccess) =>
  JSON.stringify({ format: 'loupe-new-terms-state', version: 1, rules: { [ruleId]: { fields: ['host.id'], window: WEEK, terms: { '["h1"]': [[T, T]] } } }, scans: {} });

const savedRules = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { rules: Record<string, { fields: string[] }> }).rules;

describe('loupe scan --state with history recorded for other fields', () => {
  it('exits 2 as the help says, names the rule and how to reset it; after loupe state reset the scan saves again', async () => {
    const root = tempFiles({ 'e.ndjson': ndjson([pythonOpenEvent('2024-05-10T00:00:00Z', 'h1', '/Users/a/.ssh/id_rsa')]), 'state.json': otherFieldsState() });
    const state = join(root, 'state.json');
    const scan = () => runLoupe('scan', '--pack', 'seed', join(root, 'e.ndjson'), '--state', state, '--now', '2024-05-11T00:00:00Z');

    const refused = await scan();
    expect(refused.code).toBe(2);
    expect(refused.err.at(-1)).toBe(
      `error: new-terms state was not saved for rule "${RULE_IDS.pythonFirstAccess}": stored new-terms history is for fields [host.id], not [host.id, file.path]: ` +
        "it was ignored and this scan was not saved; reset this rule's state ('loupe state reset RULE_ID --state FILE', or Reset next to the rule in the app's New-terms history panel)",
    );
    expect(savedRules(state)[RULE_IDS.pythonFirstAccess]!.fields).toEqual(['host.id']);

    const listed = await runLoupe('state', 'list', '--state', state);
    expect(listed).toMatchObject({ code: 0, out: [`${RULE_IDS.pythonFirstAccess}: fields [host.id], window 7d, 1 term, last seen 2024-05-01T00:00:00.000Z`] });

    const reset = await runLoupe('state', 'reset', RULE_IDS.pythonFirstAccess, '--state', state);
    expect(reset).toMatchObject({ code: 0, err: [`reset the new-terms history of ${RULE_IDS.pythonFirstAccess} in ${state}`] });
    expect(savedRules(state)).toEqual({});
    expect((await runLoupe('state', 'list', '--state', state)).out).toEqual([`no new-terms history in ${state}`]);

    const saved = await scan();
    expect(saved.code).toBe(0);
    expect(savedRules(state)[RULE_IDS.pythonFirstAccess]!.fields).toEqual(['host.id', 'file.path']);
  });
});

describe('loupe state', () => {
  it('lists as JSON lines and resets only the rules named, exiting 2 for one without history', async () => {
    const root = tempFiles({ 'state.json': otherFieldsState('rule-a') });
    const state = join(root, 'state.json');
    const listed = await runLoupe('state', 'list', '--json', '--state', state);
    expect(listed.out.map((line) => JSON.parse(line) as unknown)).toEqual([{ ruleId: 'rule-a', fields: ['host.id'], window: WEEK, terms: 1, lastSeen: T }]);
    const result = await runLoupe('state', 'reset', 'rule-b', '--state', state);
    expect(result).toMatchObject({ code: 2, err: [`no new-terms history for rule-b in ${state} (see 'loupe state list --state ${state}')`] });
    expect(Object.keys(savedRules(state))).toEqual(['rule-a']);
  });

  it.each([
    [['state'], "loupe: state needs 'list' or 'reset RULE_ID...' (see 'loupe state --help')"],
    [['state', 'drop', '--state', 'x'], "loupe: state needs 'list' or 'reset RULE_ID...' (see 'loupe state --help'), not 'drop'"],
    [['state', 'list'], 'loupe: state list needs --state FILE'],
    [['state', 'reset', '--state', 'x'], 'loupe: state reset needs at least one RULE_ID (see loupe state list)'],
  ])('usage error %j exits 2', async (argv, message) => {
    expect(await runLoupe(...argv)).toMatchObject({ code: 2, err: [message] });
  });

  it('refuses a corrupt file (exit 2) and leaves it alone', async () => {
    const root = tempFiles({ 'state.json': '{"format":"x"}' });
    const result = await runLoupe('state', 'reset', 'r', '--state', join(root, 'state.json'));
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/^loupe: state: --state .*state\.json: invalid new-terms state/);
    expect(readFileSync(join(root, 'state.json'), 'utf8')).toBe('{"format":"x"}');
  });

  it('prints rule ids with terminal escapes escaped', async () => {
    const root = tempFiles({});
    const state = join(root, 'state.json');
    writeFileSync(state, otherFieldsState('evil\u001b[31m\u009b2J\u202eid'));
    const { out } = await runLoupe('state', 'list', '--state', state);
    expect(out[0]).toMatch(/^evil\\u001b\[31m\\u009b2J\\u202eid: fields \[host\.id\]/);
    expect(out.join('')).not.toContain('\u001b');
    expect(out.join('')).not.toContain('\u009b');
  });
});
