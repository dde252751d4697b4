// @vitest-environment jsdom
import './vitest.setup.ts';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { alertRows } from '../../src/ui/alerts/alert-row.ts';
import AlertsView from '../../src/ui/alerts/AlertsView.svelte';
import { distinctValues, filterRows, NO_FILTER, type AlertFilter } from '../../src/ui/alerts/filter.ts';
import { countBySeverity, countByTactic, timelineBuckets } from '../../src/ui/alerts/summary.ts';
import { fakeAlert, fakeAlerts } from '../../src/ui/fake-scan-client.ts';

// fakeAlert(i): severity cycles critical/high/medium/low, tactic cycles Credential Access/Execution/Persistence,
// host is host-(i % 7), user user-(i % 5), one minute apart from 2024-05-01.
const rows = alertRows(fakeAlerts(84));

describe('filterRows', () => {
  it.each<[string, Partial<AlertFilter>, number]>([
    ['no filter', {}, 84],
    ['one severity', { severities: ['critical'] }, 21],
    ['two severities', { severities: ['critical', 'low'] }, 42],
    ['a host', { host: 'host-3' }, 12],
    ['a tactic', { tactic: 'Execution' }, 28],
    ['a rule', { rule: 'SystemKey Access via Command Line' }, 21],
    ['free text, any case', { text: 'USER-4' }, 16],
    ['free text with no hit', { text: 'nothing like this' }, 0],
    ['severity and host', { severities: ['high'], host: 'host-1' }, 3],
    ['a time window', { timeRange: [Date.UTC(2024, 4, 1), Date.UTC(2024, 4, 1, 0, 10)] }, 10],
  ])('%s', (_, filter, expected) => {
    expect(filterRows(rows, { ...NO_FILTER, ...filter })).toHaveLength(expected);
  });

  it('offers the distinct values most frequent first', () => {
    const values = distinctValues(alertRows([fakeAlert(0), fakeAlert(7), fakeAlert(1)]), (row) => [row.host]);
    expect(values).toEqual(['host-0', 'host-1']);
  });
});

describe('counts and timeline', () => {
  it('counts by severity (every level listed) and by tactic', () => {
    const some = alertRows([fakeAlert(0), fakeAlert(4), fakeAlert(2)]);
    expect(countBySeverity(some)).toEqual([
      { key: 'critical', count: 2 },
      { key: 'high', count: 0 },
      { key: 'medium', count: 1 },
      { key: 'low', count: 0 },
    ]);
    expect(countByTactic(some)).toEqual([
      { key: 'Credential Access', count: 1 },
      { key: 'Execution', count: 1 },
      { key: 'Persistence', count: 1 },
    ]);
  });

  it('puts every timed alert in exactly one bucket', () => {
    const buckets = timelineBuckets(rows, 10);
    expect(buckets).toHaveLength(10);
    expect(buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(84);
    expect(buckets[0]!.start).toBe(Date.UTC(2024, 4, 1));
    expect(buckets[9]!.end).toBeGreaterThan(Date.UTC(2024, 4, 1, 0, 83));
  });
});

describe('AlertsView filters', () => {
  const count = (): string => screen.getByTestId('alert-count').textContent ?? '';

  it('narrows the table and the counts by severity, rule, host, tactic and text', async () => {
    const { container } = render(AlertsView, { rows, onopen: vi.fn() });
    expect(count()).toBe('84');
    await fireEvent.click(screen.getByLabelText('critical'));
    expect(count()).toBe('21');
    expect(within(screen.getByTestId('counts-severity')).getByText('critical').nextElementSibling!.textContent).toBe('21');
    expect(container.querySelectorAll('.body [data-severity]').length).toBeGreaterThan(0);
    expect(new Set(Array.from(container.querySelectorAll('.body [data-severity]'), (cell) => cell.textContent))).toEqual(new Set(['critical']));

    await fireEvent.change(screen.getByTestId('filter-host'), { target: { value: 'host-0' } });
    expect(count()).toBe('3');
    await fireEvent.change(screen.getByTestId('filter-tactic'), { target: { value: 'Credential Access' } });
    expect(count()).toBe('1');
    await fireEvent.change(screen.getByTestId('filter-tactic'), { target: { value: '' } });
    await fireEvent.change(screen.getByTestId('filter-rule'), { target: { value: 'Dumping of Keychain Content via Security Command' } });
    expect(count()).toBe('3');
  });

  it('searches free text as the user types', async () => {
    render(AlertsView, { rows, onopen: vi.fn() });
    await userEvent.type(screen.getByTestId('filter-text'), 'user-4');
    expect(count()).toBe('16');
  });

  it('narrows to a timeline bar when it is clicked, and clears it again', async () => {
    const { container } = render(AlertsView, { rows, onopen: vi.fn() });
    const bars = container.querySelectorAll('svg rect');
    expect(bars).toHaveLength(60);
    await fireEvent.click(bars[0]!);
    expect(Number(count())).toBeLessThan(84);
    await fireEvent.click(screen.getByRole('button', { name: /^Time / }));
    expect(count()).toBe('84');
  });

  it('shows hostile host names in the menu as text', () => {
    const payload = '<img src=x onerror="globalThis.pwned=1">';
    const { container } = render(AlertsView, { rows: alertRows([fakeAlert(0, { host: { name: payload } })]), onopen: vi.fn() });
    expect(within(screen.getByTestId('filter-host')).getByText(payload).tagName).toBe('OPTION');
    expect(container.querySelector('img')).toBeNull();
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });
});
