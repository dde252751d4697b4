// @vitest-environment jsdom
import './vitest.setup.ts';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../../src/ui/App.svelte';
import { FakeScanClient, fakeAlerts } from '../../src/ui/fake-scan-client.ts';
import type { EvidenceFile, ScanHandle, ScanOptions, ScanProgress, ScanResult } from '../../src/ui/scan-client.ts';

/**
 * Cancel must work from the click on Scan, before the client reports any progress: the rules may
 * still be loading from storage or compiling in the workers (a hostile rule can take a while).
 * This client's scans never progress and never end on their own; `finish` ends the last one late.
 */
class StalledClient extends FakeScanClient {
  readonly cancels: string[] = [];
  private started = 0;
  private finishLast: ((result: ScanResult) => void) | undefined;
  private sampleReady: ((files: readonly EvidenceFile[]) => void) | undefined;

  override start(files: readonly EvidenceFile[], options: ScanOptions, _onProgress: (progress: ScanProgress) => void): ScanHandle {
    this.calls.push({ method: 'start', args: [files, options] });
    const id = `stalled-${++this.started}`;
    const result = new Promise<ScanResult>((resolve) => (this.finishLast = resolve));
    return { id, cancel: () => this.cancels.push(id), result };
  }

  override sampleCase(): Promise<readonly EvidenceFile[]> {
    return new Promise((resolve) => (this.sampleReady = resolve));
  }

  /** Ends the last scan as if it had completed after all, with alerts. */
  finish(): void {
    const alerts = fakeAlerts(3);
    this.finishLast?.({
      id: 'late',
      label: 'late',
      startedAt: 0,
      finishedAt: 1,
      outcome: 'complete',
      alerts,
      stats: { events: 3, eventsNotParsed: 0, eventsWithoutIndex: 0, eventsWithoutTimestamp: 0, rules: [] },
      files: [],
      saved: { ok: true },
    });
  }

  sampleArrives(): void {
    this.sampleReady?.([{ path: 'sample.zip', file: new File(['{}'], 'sample.zip') }]);
  }
}

const status = (): string => screen.getByTestId('scan-status').textContent ?? '';
const evidence = [new File(['{"a":1}\n'], 'case.ndjson')];

describe('Cancel from the first moment of a scan', () => {
  it('is shown as soon as a scan starts, before any progress, and stops it at once', async () => {
    const client = new StalledClient();
    render(App, { client });
    await userEvent.upload(screen.getByTestId('evidence-input'), evidence);
    const cancel = await screen.findByTestId('cancel-scan');
    expect(screen.queryByTestId('scan-progress')).toBeNull();
    expect(status()).toContain('Scanning');

    await userEvent.click(cancel);
    expect(client.cancels).toEqual(['stalled-1']);
    await waitFor(() => expect(status()).toContain('Scan cancelled'));
    expect(screen.queryByTestId('cancel-scan')).toBeNull();

    // The abandoned scan reporting late changes nothing; a new scan can start right away.
    client.finish();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(status()).toContain('Scan cancelled');
    expect(screen.queryByTestId('alert-count')?.textContent ?? '0').toBe('0');
    await userEvent.upload(screen.getByTestId('evidence-input'), evidence);
    await waitFor(() => expect(client.calls.filter((call) => call.method === 'start')).toHaveLength(2));
    expect(await screen.findByTestId('cancel-scan')).toBeTruthy();
  });

  it('stops the sample case while it is still loading, before any scan starts', async () => {
    const client = new StalledClient();
    render(App, { client });
    await userEvent.click(screen.getByTestId('load-sample'));
    await waitFor(() => expect(status()).toBe('Preparing the scan…'));
    await userEvent.click(screen.getByTestId('cancel-scan'));
    await waitFor(() => expect(status()).toContain('Scan cancelled'));

    client.sampleArrives();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.calls.filter((call) => call.method === 'start')).toHaveLength(0);
    expect(status()).toContain('Scan cancelled');
  });
});
