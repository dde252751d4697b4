// @vitest-environment jsdom
import './vitest.setup.ts';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { alertRows, type AlertRow } from '../../src/ui/alerts/alert-row.ts';
import AlertTable from '../../src/ui/alerts/AlertTable.svelte';
import AlertsView from '../../src/ui/alerts/AlertsView.svelte';
import { fakeAlert, fakeAlerts } from '../../src/ui/fake-scan-client.ts';

const bodyRows = (container: HTMLElement): HTMLElement[] => Array.from(container.querySelectorAll<HTMLElement>('.body [role="row"]'));
const cellTexts = (row: HTMLElement): string[] => within(row).getAllByRole('gridcell').map((cell) => cell.textContent ?? '');

describe('alert table virtualisation', () => {
  const rows = alertRows(fakeAlerts(100_000));

  it('keeps only a few dozen of 100,000 rows in the DOM', () => {
    const { container } = render(AlertTable, { rows, sort: { column: 'time', direction: 'ascending' }, onsort: vi.fn(), onopen: vi.fn() });
    const rendered = bodyRows(container);
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(60);
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('100001');
    expect(rendered[0]!.id).toBe('alert-row-0');
  });

  it('renders the rows at the scroll position', async () => {
    const { container } = render(AlertTable, { rows, sort: { column: 'time', direction: 'ascending' }, onsort: vi.fn(), onopen: vi.fn() });
    const viewport = container.querySelector<HTMLElement>('.viewport')!;
    viewport.scrollTop = 28 * 50_000;
    await fireEvent.scroll(viewport);
    const rendered = bodyRows(container);
    const ids = rendered.map((row) => Number(row.id.replace('alert-row-', '')));
    expect(ids).toContain(50_000);
    expect(Math.min(...ids)).toBeGreaterThan(49_000);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered.find((row) => row.id === 'alert-row-50000')!.style.transform).toBe(`translateY(${28 * 50_000}px)`);
  });

  it('moves with the keyboard and opens the active row with Enter', async () => {
    const onopen = vi.fn();
    const { container } = render(AlertTable, { rows, sort: { column: 'time', direction: 'ascending' }, onsort: vi.fn(), onopen });
    const grid = screen.getByRole('grid');
    grid.focus();
    const user = userEvent.setup();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(grid.getAttribute('aria-activedescendant')).toBe('alert-row-2');
    await user.keyboard('{End}');
    expect(grid.getAttribute('aria-activedescendant')).toBe('alert-row-99999');
    expect(bodyRows(container).some((row) => row.id === 'alert-row-99999')).toBe(true);
    expect(bodyRows(container).length).toBeLessThan(60);
    await user.keyboard('{ArrowUp}{Enter}');
    expect(onopen).toHaveBeenCalledTimes(1);
    expect((onopen.mock.calls[0]![0] as AlertRow).index).toBe(99_998);
    await user.keyboard('{Home}{PageDown}');
    expect(Number(grid.getAttribute('aria-activedescendant')!.replace('alert-row-', ''))).toBeGreaterThan(5);
  });
});

describe('alert table sorting', () => {
  const risks = [47, 99, 21, 73, 47];
  const alerts = risks.map((risk, index) => fakeAlert(index, { 'kibana.alert.risk_score': risk, 'kibana.alert.rule.name': `rule ${String.fromCharCode(101 - index)}` }));

  it.each([
    ['Risk', 1, ['99', '73', '47', '47', '21'], 'descending'],
    ['Risk', 2, ['21', '47', '47', '73', '99'], 'ascending'],
    // Rule names run 'rule e' (first alert) down to 'rule a' (last): ascending reverses them.
    ['Rule', 1, ['47', '73', '21', '99', '47'], 'ascending'],
  ])('clicking %s %i time(s) sorts rows', async (header, clicks, expectedRisks, direction) => {
    const { container } = render(AlertsView, { rows: alertRows(alerts), onopen: vi.fn() });
    const button = screen.getByRole('button', { name: new RegExp(`^${header}`) });
    for (let click = 0; click < clicks; click++) await fireEvent.click(button);
    expect(bodyRows(container).map((row) => cellTexts(row)[3])).toEqual(expectedRisks);
    expect(button.closest('[role="columnheader"]')!.getAttribute('aria-sort')).toBe(direction);
  });

  it('sorts from the keyboard: header buttons are in the tab order', async () => {
    const { container } = render(AlertsView, { rows: alertRows(alerts), onopen: vi.fn() });
    const button = screen.getByRole('button', { name: /^Risk/ });
    button.focus();
    await userEvent.keyboard('{Enter}');
    expect(button.closest('[role="columnheader"]')!.getAttribute('aria-sort')).toBe('descending');
    expect(cellTexts(bodyRows(container)[0]!)[3]).toBe('99');
  });

  it('sorts by time by default, oldest first, and puts alerts without a time last either way', async () => {
    const timed = [fakeAlert(3), fakeAlert(1, { 'kibana.alert.original_time': 'not a date', '@timestamp': undefined }), fakeAlert(2)];
    const { container } = render(AlertsView, { rows: alertRows(timed), onopen: vi.fn() });
    expect(bodyRows(container).map((row) => row.id)).toEqual(['alert-row-2', 'alert-row-0', 'alert-row-1']);
    await fireEvent.click(screen.getByRole('button', { name: /^Time/ }));
    expect(bodyRows(container).map((row) => row.id)).toEqual(['alert-row-0', 'alert-row-2', 'alert-row-1']);
  });
});
