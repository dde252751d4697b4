// @vitest-environment jsdom
import './vitest.setup.ts';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeRuleStats } from '../../src/ui/fake-scan-client.ts';
import { zeroHitReason, type RuleStats } from '../../src/ui/rules/rule-outcome.ts';
import RulesPanel from '../../src/ui/rules/RulesPanel.svelte';
import type { EvidenceFile, RuleSummary } from '../../src/ui/scan-client.ts';

const base = { ruleId: 'r', name: 'R' };

describe('zeroHitReason', () => {
  it.each<[string, Partial<RuleStats>, string | undefined]>([
    ['a rule with alerts', { eventsSeen: 5, eventsMatched: 2, alerts: 2 }, undefined],
    ['no routed events', { eventsSeen: 0 }, 'no events in its indices'],
    ['no events of its category', { eventsSeen: 9, eventsOfCategory: 0 }, 'no events of its category'],
    ['routed events, none matching', { eventsSeen: 9, eventsOfCategory: 4 }, 'no match'],
    ['category unknown, none matching', { eventsSeen: 9 }, 'no match'],
    ['all matches excepted', { eventsSeen: 9, eventsMatched: 3, eventsExcepted: 3 }, 'every match was removed by an exception'],
    ['matches without time', { eventsSeen: 9, eventsMatched: 3, eventsWithoutTimestamp: 3 }, 'matches had no usable timestamp, so Kibana would never search them'],
    ['new terms all known', { type: 'new_terms', eventsSeen: 9, eventsMatched: 3 }, 'matches found, but every term was already in the history'],
    ['threshold not reached', { type: 'threshold', eventsSeen: 9, eventsMatched: 3 }, 'matches found, but no group reached the threshold'],
    ['rule that failed', { status: 'error', messages: ['bad regex'] }, 'bad regex'],
  ])('%s', (_, stats, expected) => {
    expect(zeroHitReason(fakeRuleStats({ ...base, ...stats }))).toBe(expected);
  });

  it('does not blame the indices when the prefilter skipped lines unparsed', () => {
    const stats = fakeRuleStats({ ...base, eventsSeen: 0 });
    expect(zeroHitReason(stats, 0)).toBe('no events in its indices');
    expect(zeroHitReason(stats, 120)).toBe('no candidate events: no line held the text its query requires, or none was in its indices');
  });
});

const rule = (key: string, fields: Partial<RuleSummary> = {}): RuleSummary => ({
  key,
  ruleId: key,
  name: `Rule ${key}`,
  type: 'query',
  language: 'kuery',
  severity: 'high',
  file: `rules/${key}.toml`,
  origin: 'bundled',
  enabled: true,
  status: 'ok',
  errors: [],
  tactics: [],
  ...fields,
});

describe('RulesPanel', () => {
  const rules = [
    rule('hit'),
    rule('quiet'),
    rule('broken', { status: 'error', enabled: false, origin: 'imported', errors: [{ line: 12, column: 9, message: "expected ')'" }, { line: 3, column: 1, message: 'missing field "risk_score"' }] }),
    rule('esql', { status: 'unsupported', reason: 'ES|QL rules are not supported' }),
    rule('hostile', { name: '<img src=x onerror="globalThis.pwned=1">' }),
  ];
  const stats = [fakeRuleStats({ ruleId: 'hit', name: 'Rule hit', eventsSeen: 50, eventsMatched: 7, alerts: 7, millis: 12.4 }), fakeRuleStats({ ruleId: 'quiet', name: 'Rule quiet', eventsSeen: 0, millis: 0.3 })];
  const row = (key: string): HTMLElement => document.querySelector<HTMLElement>(`tr[data-rule-key="${key}"]`)!;

  it('shows hits, time and why a rule stayed silent', () => {
    render(RulesPanel, { rules, stats, ontoggle: vi.fn(), onimport: vi.fn(), onexport: vi.fn() });
    expect(within(row('hit')).getByTestId('rule-hits').textContent).toBe('7');
    expect(row('hit').textContent).toContain('12 ms');
    expect(within(row('hit')).queryByTestId('zero-hit-reason')).toBeNull();
    expect(within(row('quiet')).getByTestId('zero-hit-reason').textContent).toBe('no events in its indices');
  });

  it('lists validation errors with file, line and column, and unsupported reasons', () => {
    render(RulesPanel, { rules, ontoggle: vi.fn(), onimport: vi.fn(), onexport: vi.fn() });
    const issues = within(within(row('broken')).getByTestId('rule-errors')).getAllByRole('listitem').map((item) => item.textContent);
    expect(issues).toEqual(["rules/broken.toml:12:9: expected ')'", 'rules/broken.toml:3:1: missing field "risk_score"']);
    expect(row('esql').textContent).toContain('not supported: ES|QL rules are not supported');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('4 of 5 enabled, 1 with errors');
  });

  it('toggles rules, but not broken ones', async () => {
    const ontoggle = vi.fn();
    render(RulesPanel, { rules, ontoggle, onimport: vi.fn(), onexport: vi.fn() });
    await userEvent.click(screen.getByLabelText('Enable Rule quiet'));
    expect(ontoggle).toHaveBeenCalledWith('quiet', false);
    expect(screen.getByLabelText<HTMLInputElement>('Enable Rule broken').disabled).toBe(true);
  });

  it('imports rule files and finds rules by name', async () => {
    const onimport = vi.fn();
    render(RulesPanel, { rules, ontoggle: vi.fn(), onimport, onexport: vi.fn() });
    await userEvent.upload(screen.getByTestId('rules-input'), [new File(['[rule]'], 'mine.toml')]);
    expect((onimport.mock.calls[0]![0] as EvidenceFile[]).map((file) => file.path)).toEqual(['mine.toml']);
    await fireEvent.input(screen.getByPlaceholderText('name, rule_id, file'), { target: { value: 'quiet' } });
    expect(document.querySelectorAll('tbody tr')).toHaveLength(1);
  });

  it('draws only the rows on screen of a library-sized list, and the rows at the scroll position', async () => {
    const many = Array.from({ length: 2_000 }, (_, index) => rule(`r${index}`));
    render(RulesPanel, { rules: many, ontoggle: vi.fn(), onimport: vi.fn(), onexport: vi.fn() });
    const drawn = () => [...document.querySelectorAll<HTMLElement>('tr[data-rule-key]')].map((row) => row.dataset['ruleKey']);
    expect(drawn()[0]).toBe('r0');
    expect(drawn().length).toBeLessThan(40);
    const viewport = screen.getByTestId('rules-viewport');
    viewport.scrollTop = 44 * 1_990;
    await fireEvent.scroll(viewport);
    expect(drawn()).toContain('r1999');
    expect(drawn()).not.toContain('r0');
    expect(drawn().length).toBeLessThan(40);
  });

  it('shows a hostile rule name as text', () => {
    render(RulesPanel, { rules, ontoggle: vi.fn(), onimport: vi.fn(), onexport: vi.fn() });
    expect(row('hostile').querySelector('img')).toBeNull();
    expect(row('hostile').querySelector('.name')!.textContent).toBe('<img src=x onerror="globalThis.pwned=1">');
  });
});
