/** explainMatch on a new_terms rule: the new combination, when it was first seen, the window it was new in. */
import { describe, expect, it } from 'vitest';
import { explainMatch } from '../../../src/engine/explain/match.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import type { RuleEntry } from '../../../src/engine/rules/model.ts';
import { ENDPOINT_FILE, SEED, seedRule } from '../detect/helpers.ts';

// The seed rule: new_terms_fields [host.id, file.path], history_window_start now-7d.
const rule = seedRule(SEED.pythonCredentials);

const event: EventDoc = {
  '@timestamp': '2024-05-06T02:07:03.578Z',
  event: { category: 'file', action: 'open', ingested: '2024-05-06T03:00:00.000Z' },
  host: { id: 'h-1', name: 'mac-1', os: { type: 'macos' } },
  process: { name: 'python3' },
  file: { path: '/Users/alice/.aws/credentials' },
  data_stream: ENDPOINT_FILE,
};
const terms = ['h-1', '/Users/alice/.aws/credentials'];

describe('explainMatch on a new_terms alert', () => {
  it('names the new combination, its first sighting and the history window it was absent from', () => {
    const explanation = explainMatch(rule, event, { newTerms: terms });
    expect(explanation?.newTerms).toEqual({
      terms: [
        { field: 'host.id', value: 'h-1' },
        { field: 'file.path', value: '/Users/alice/.aws/credentials' },
      ],
      firstSeen: '2024-05-06T02:07:03.578Z',
      historyWindowStart: 'now-7d',
      historySince: '2024-04-29T02:07:03.578Z',
    });
    // The new-terms fields are highlighted with the query's.
    expect(explanation?.fields).toEqual(expect.arrayContaining(['host.id', 'file.path', 'process.name']));
    expect(explanation?.clauses).toContain('process.name: python*');
  });

  it('reads the time from timestamp_override, as the rule judged it', () => {
    const overridden: RuleEntry = { ...rule, rule: { ...rule.rule, timestamp_override: 'event.ingested', history_window_start: 'now-2h' } };
    expect(explainMatch(overridden, event, { newTerms: terms })?.newTerms).toMatchObject({
      firstSeen: '2024-05-06T03:00:00.000Z',
      historyWindowStart: 'now-2h',
      historySince: '2024-05-06T01:00:00.000Z',
    });
  });

  it.each([
    ['no terms given', undefined],
    ['terms that do not fit the fields', ['h-1']],
    ['terms that are not values', [{ a: 1 }, 'x']],
  ])('gives no new-terms reason for %s, and still explains the query', (_label, newTerms) => {
    const explanation = explainMatch(rule, event, newTerms === undefined ? {} : { newTerms });
    expect(explanation?.newTerms).toBeUndefined();
    expect(explanation?.clauses).toContain('process.name: python*');
  });

  it('gives none for a rule of another type', () => {
    const kcc: EventDoc = { '@timestamp': '2024-01-01T00:00:00.000Z', event: { category: 'process', type: 'start' }, process: { name: 'kcc', args: ['copy_cred_cache'] } };
    expect(explainMatch(seedRule(SEED.kerberos), kcc, { newTerms: ['x'] })?.newTerms).toBeUndefined();
  });
});
