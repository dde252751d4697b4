// @vitest-environment jsdom
import { createdBlobs } from './vitest.setup.ts';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { formatNdjson } from '../../src/engine/output/index.ts';
import App from '../../src/ui/App.svelte';
import { FakeScanClient, fakeAlert, fakeAlerts, fakeRuleStats, type FakeScenario } from '../../src/ui/fake-scan-client.ts';

const evidence = [new File(['{"a":1}\n'.repeat(100)], 'case.ndjson'), new File(['{"b":2}\n'], 'more.ndjson')];
const status = (): string => screen.getByTestId('scan-status').textContent ?? '';

async function scan(scenario: FakeScenario): Promise<FakeScanClient> {
  const client = new FakeScanClient(scenario);
  render(App, { client });
  await userEvent.upload(screen.getByTestId('evidence-input'), evidence);
  return client;
}

const waitForStatus = (text: string): Promise<void> => waitFor(() => expect(status()).toContain(text), { timeout: 5000 });

describe('App with the fake scan client', () => {
  it('scans dropped evidence to completion and shows the alerts', async () => {
    const alerts = fakeAlerts(120);
    const client = await scan({
      alerts,
      rules: [{ key: 'rule-0', ruleId: 'rule-0', name: 'Dumping', type: 'eql', file: 'x.toml', origin: 'bundled', enabled: true, status: 'ok', errors: [], tactics: [] }],
      ruleStats: [fakeRuleStats({ ruleId: 'rule-0', name: 'Dumping', eventsSeen: 200, eventsMatched: 120, alerts: 120 })],
    });
    await waitForStatus('complete');
    expect(status()).toBe('Scan complete: 120 alerts from 200 events in 2 files.');
    expect(screen.getByTestId('alert-count').textContent).toBe('120');
    expect(within(screen.getByTestId('counts-severity')).getByText('critical').nextElementSibling!.textContent).toBe('30');
    expect(screen.getByTestId('rule-hits').textContent).toBe('120');
    expect(client.calls.find((call) => call.method === 'start')!.args[1]).toEqual({ useNewTermsState: true, label: '2 files: case.ndjson, more.ndjson' });
    await waitFor(() => expect(within(screen.getByTestId('past-scans')).getAllByRole('listitem')).toHaveLength(1));
  });

  it('exports the NDJSON the client produces for the current scan', async () => {
    const alerts = fakeAlerts(5);
    const client = await scan({ alerts });
    await waitForStatus('complete');
    createdBlobs.length = 0;
    await userEvent.click(screen.getByTestId('export-ndjson'));
    await waitFor(() => expect(createdBlobs).toHaveLength(1));
    expect(client.calls.filter((call) => call.method === 'exportAlerts').map((call) => call.args)).toEqual([['fake-1', 'ndjson']]);
    expect(await createdBlobs[0]!.text()).toBe(formatNdjson(alerts));
  });

  it('exports what the filters show, says so, and exports all on request', async () => {
    const alerts = fakeAlerts(8);
    const client = await scan({ alerts });
    await waitForStatus('complete');
    expect(screen.getByTestId('export-scope').textContent).toBe('Export all 8 alerts:');
    // fakeAlert severities cycle critical, high, medium, low: alerts 0 and 4 are critical.
    await userEvent.click(screen.getByRole('checkbox', { name: 'critical' }));
    expect(screen.getByRole('radio', { name: '2 shown alerts' })).toHaveProperty('checked', true);
    expect(screen.getByRole('radio', { name: 'all 8 alerts' })).toHaveProperty('checked', false);
    createdBlobs.length = 0;
    await userEvent.click(screen.getByRole('button', { name: 'Export 2 shown alerts as NDJSON' }));
    await waitFor(() => expect(createdBlobs).toHaveLength(1));
    expect(await createdBlobs[0]!.text()).toBe(formatNdjson([alerts[0]!, alerts[4]!]));

    await userEvent.click(screen.getByRole('radio', { name: 'all 8 alerts' }));
    await userEvent.click(screen.getByRole('button', { name: 'Export all 8 alerts as CSV' }));
    await waitFor(() => expect(createdBlobs).toHaveLength(2));
    expect(client.calls.filter((call) => call.method === 'exportAlerts').map((call) => call.args)).toEqual([
      ['fake-1', 'ndjson', [0, 4]],
      ['fake-1', 'csv'],
    ]);
  });

  it('says at the top of the page that a finished scan raised no alerts, not that filters hide them', async () => {
    await scan({
      alerts: [],
      ruleStats: [fakeRuleStats({ ruleId: 'r1', name: 'One' }), fakeRuleStats({ ruleId: 'r2', name: 'Broken', status: 'error' })],
    });
    await waitForStatus('complete');
    const statement = screen.getByTestId('no-alerts');
    expect(within(statement).getByRole('heading').textContent).toBe('This scan raised no alerts');
    expect(statement.textContent).toContain('1 rule ran over 200 events in 2 files, and none matched.');
    // Before the evidence and scan panels, not below the fold.
    expect(statement.compareDocumentPosition(screen.getByTestId('drop-zone')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.queryByTestId('no-match')).toBeNull();
    expect(document.body.textContent).not.toMatch(/match your filters/);
  });

  it('says when the filters hide every alert, and clears them', async () => {
    await scan({ alerts: fakeAlerts(3) });
    await waitForStatus('complete');
    await userEvent.type(screen.getByTestId('filter-text'), 'nothing like this');
    expect(screen.getByTestId('no-match').textContent).toContain('No alerts match your filters: all 3 alerts of the scan are hidden.');
    expect(screen.queryByTestId('no-alerts')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(screen.getByTestId('alert-count').textContent).toBe('3');
    expect(screen.queryByTestId('no-match')).toBeNull();
  });

  it('opens an alert with its explanation, and Escape returns to the table', async () => {
    const alerts = fakeAlerts(3);
    await scan({ alerts, explanations: { 'uuid-1': { fields: ['process.name'], clauses: ['process.name : "security"'] } } });
    await waitForStatus('complete');
    const grid = screen.getByRole('grid');
    grid.focus();
    await userEvent.keyboard('{ArrowDown}{Enter}');
    const detail = await screen.findByTestId('alert-detail');
    await waitFor(() => expect(within(detail).getByTestId('match-clauses').textContent).toContain('process.name : "security"'));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('alert-detail')).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('grid'));
  });

  it('shows progress with a Cancel button, and a cancelled scan is not complete', async () => {
    await scan({ alerts: fakeAlerts(10), steps: 200, tickMs: 5 });
    expect((await screen.findByTestId('scan-progress')).textContent).toMatch(/Events\/s/);
    const cancel = screen.getByTestId('cancel-scan');
    await userEvent.click(cancel);
    await waitForStatus('cancelled');
    expect(status()).not.toContain('complete');
  });

  it('says what went wrong when a scan fails', async () => {
    await scan({ alerts: fakeAlerts(2), failWith: 'the archive is truncated' });
    await waitForStatus('failed');
    expect(status()).toBe('Scan failed: the archive is truncated');
  });

  it('reports a scan that could not be saved', async () => {
    await scan({ alerts: fakeAlerts(2), saveError: 'storage quota exceeded' });
    await waitForStatus('complete');
    expect(status()).toContain('Not saved for later: storage quota exceeded');
  });

  it('keeps hostile event and rule content inert in the table', async () => {
    const payload = '<img src=x onerror="globalThis.pwned=1"><script>globalThis.pwned=2</script>';
    await scan({ alerts: [fakeAlert(0, { 'kibana.alert.rule.name': payload, host: { name: payload } })] });
    await waitForStatus('complete');
    const cells = within(screen.getByRole('grid')).getAllByRole('gridcell');
    expect(cells.filter((cell) => cell.textContent === payload)).toHaveLength(2);
    expect(document.querySelectorAll('img, script')).toHaveLength(0);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  it('loads the sample case, and its later day, with one click each', async () => {
    const client = new FakeScanClient({ alerts: fakeAlerts(4) });
    render(App, { client });
    await userEvent.click(screen.getByTestId('load-sample'));
    await waitForStatus('complete');
    await userEvent.click(screen.getByTestId('load-sample-later-day'));
    await waitFor(() => expect(client.calls.filter((call) => call.method === 'start')).toHaveLength(2));
    expect(client.calls.filter((call) => call.method === 'sampleCase').map((call) => call.args)).toEqual([['defend'], ['later-day']]);
  });

  it('loads the eslogger sample with its own button', async () => {
    const client = new FakeScanClient({ alerts: fakeAlerts(4) });
    render(App, { client });
    await userEvent.click(screen.getByTestId('load-eslogger-sample'));
    await waitForStatus('complete');
    expect(client.calls.find((call) => call.method === 'sampleCase')?.args).toEqual(['eslogger']);
  });

  it('resets the new-terms history only after confirmation', async () => {
    const client = new FakeScanClient({ newTerms: { rules: 2, terms: 40, runs: 41, scans: 3, bytes: 2048 } });
    render(App, { client });
    await waitFor(() => expect(screen.getByTestId('state-stats').textContent).toContain('2.0 KB'));
    await userEvent.click(screen.getByTestId('state-reset'));
    expect(client.calls.some((call) => call.method === 'resetNewTerms')).toBe(false);
    await userEvent.click(screen.getByTestId('state-reset-confirm'));
    await waitFor(() => expect(screen.getByTestId('state-stats').textContent).toContain('Terms0'));
  });

  it('switches theme system → light → dark', async () => {
    render(App, { client: new FakeScanClient() });
    const toggle = screen.getByTestId('theme-toggle');
    const seen: (string | null)[] = [];
    for (let click = 0; click < 3; click++) {
      await userEvent.click(toggle);
      seen.push(document.documentElement.getAttribute('data-theme'));
    }
    expect(seen).toEqual(['light', 'dark', null]);
  });
});
