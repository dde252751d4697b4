// @vitest-environment jsdom
/**
 * Triage in the app: bulk actions on what the filters show, counts by status, the status filter
 * and column, the detail's status, reason and notes, and exports that carry them.
 */
import { createdBlobs } from './vitest.setup.ts';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../../src/ui/App.svelte';
import { FakeScanClient, fakeAlerts } from '../../src/ui/fake-scan-client.ts';

const counts = (): string => screen.getByTestId('triage-counts').textContent ?? '';

async function scanned(alerts = fakeAlerts(8)): Promise<FakeScanClient> {
  const client = new FakeScanClient({ alerts });
  render(App, { client });
  await userEvent.upload(screen.getByTestId('evidence-input'), [new File(['{"a":1}\n'], 'case.ndjson')]);
  await waitFor(() => expect(screen.getByTestId('scan-status').textContent).toContain('complete'), { timeout: 5000 });
  return client;
}

describe('triage', () => {
  it('closes the shown alerts with a reason, counts by status, and filters by it', async () => {
    const client = await scanned();
    expect(counts()).toBe('Open 8Acknowledged 0Closed 0');
    // fakeAlert severities cycle critical, high, medium, low: alerts 0 and 4 are critical.
    await userEvent.click(screen.getByRole('checkbox', { name: 'critical' }));
    await fireEvent.change(screen.getByTestId('bulk-reason'), { target: { value: 'false_positive' } });
    await userEvent.click(screen.getByTestId('bulk-closed'));
    await waitFor(() => expect(counts()).toBe('Open 0Acknowledged 0Closed 2'));
    expect(client.calls.find((call) => call.method === 'setTriage')!.args).toEqual(['fake-1', ['uuid-0', 'uuid-4'], { status: 'closed', reason: 'false_positive' }]);

    await userEvent.click(screen.getByRole('checkbox', { name: 'critical' }));
    expect(counts()).toBe('Open 6Acknowledged 0Closed 2');
    await fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'open' } });
    expect(screen.getByTestId('alert-count').textContent).toBe('6');
    expect(new Set(Array.from(document.querySelectorAll('.body [data-status]'), (cell) => cell.textContent))).toEqual(new Set(['open']));
    await fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'closed' } });
    expect(screen.getByTestId('alert-count').textContent).toBe('2');

    createdBlobs.length = 0;
    await userEvent.click(screen.getByTestId('export-ndjson'));
    await waitFor(() => expect(createdBlobs).toHaveLength(1));
    const docs = (await createdBlobs[0]!.text()).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(docs.map((doc) => [doc['kibana.alert.workflow_status'], doc['kibana.alert.workflow_reason']])).toEqual([
      ['closed', 'false_positive'],
      ['closed', 'false_positive'],
    ]);
  });

  it('sets one alert’s status, reason and notes from its detail; notes are text, never HTML', async () => {
    await scanned();
    const table = screen.getByTestId('alerts-table');
    await userEvent.click(within(table).getAllByRole('row')[1]!);
    const panel = await screen.findByTestId('triage-panel');
    expect(within(panel).getByTestId('triage-status-open')).toHaveProperty('checked', true);
    await userEvent.click(within(panel).getByTestId('triage-status-acknowledged'));
    await waitFor(() => expect(counts()).toBe('Open 7Acknowledged 1Closed 0'));

    await userEvent.type(within(panel).getByTestId('triage-notes'), '<img src=x onerror=alert(1)> parent is launchd');
    await userEvent.click(within(panel).getByTestId('triage-save-notes'));
    await waitFor(() => expect(within(panel).getByTestId('triage-save-notes')).toHaveProperty('disabled', true));
    expect(document.querySelector('img')).toBeNull();

    await fireEvent.change(within(panel).getByTestId('triage-reason'), { target: { value: 'true_positive' } });
    await userEvent.click(within(panel).getByTestId('triage-status-closed'));
    await waitFor(() => expect(counts()).toBe('Open 7Acknowledged 0Closed 1'));
    expect((within(panel).getByTestId('triage-notes') as HTMLTextAreaElement).value).toBe('<img src=x onerror=alert(1)> parent is launchd');
    expect((within(panel).getByTestId('triage-reason') as HTMLSelectElement).value).toBe('true_positive');
  });

  it('keeps notes being typed when the status is saved meanwhile', async () => {
    await scanned();
    await userEvent.click(within(screen.getByTestId('alerts-table')).getAllByRole('row')[2]!);
    const panel = await screen.findByTestId('triage-panel');
    await userEvent.type(within(panel).getByTestId('triage-notes'), 'half-written');
    await userEvent.click(within(panel).getByTestId('triage-status-acknowledged'));
    await waitFor(() => expect(counts()).toBe('Open 7Acknowledged 1Closed 0'));
    expect((within(panel).getByTestId('triage-notes') as HTMLTextAreaElement).value).toBe('half-written');
    expect(within(panel).getByTestId('triage-save-notes')).toHaveProperty('disabled', false);
  });
});
