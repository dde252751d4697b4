// @vitest-environment jsdom
import './vitest.setup.ts';
import 'fake-indexeddb/auto';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { deleteDB, openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import App from '../../src/ui/App.svelte';
import { openStorage } from '../../src/ui/client-factory.ts';
import { FakeScanClient } from '../../src/ui/fake-scan-client.ts';
import { LOUPE_DB_NAME } from '../../src/workers/loupe-db.ts';

const REFUSED = 'SecurityError: The operation is insecure';
const evidence = [new File(['{"a":1}\n'], 'case.ndjson')];

describe('opening storage', () => {
  it('reports indexedDB.open throwing (as in Firefox private mode) instead of failing', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    expect(await openStorage()).toEqual({ storageRefused: REFUSED });
  });

  it('reports an open request that fails with an error event', async () => {
    // A newer database of the same name makes the open fail asynchronously (VersionError).
    (await openDB(LOUPE_DB_NAME, 99)).close();
    try {
      expect(await openStorage()).toEqual({ storageRefused: expect.stringMatching(/^VersionError: /) });
    } finally {
      await deleteDB(LOUPE_DB_NAME);
    }
  });

  it('reports a browser without IndexedDB', async () => {
    vi.stubGlobal('indexedDB', undefined);
    try {
      expect(await openStorage()).toEqual({ storageRefused: 'IndexedDB is not available' });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('opens the database when the browser allows it', async () => {
    const storage = await openStorage();
    expect('db' in storage).toBe(true);
    if ('db' in storage) storage.db.close();
    await deleteDB(LOUPE_DB_NAME);
  });
});

describe('App without storage', () => {
  it('starts, says persistence is off and why, and still scans', async () => {
    const client = new FakeScanClient({ storageRefused: REFUSED });
    render(App, { client });
    expect(screen.getByTestId('storage-off').textContent).toContain(`Saved scans and new-terms history are off: this browser refused storage (${REFUSED}).`);
    expect(screen.getByTestId('state-off')).toBeTruthy();
    expect(screen.queryByTestId('state-reset')).toBeNull();
    await userEvent.upload(screen.getByTestId('evidence-input'), evidence);
    await waitFor(() => expect(screen.getByTestId('scan-status').textContent).toContain('complete'));
    expect(client.calls.map((call) => call.method)).not.toContain('newTermsStats');
  });

  it('shows no banner when storage works', async () => {
    render(App, { client: new FakeScanClient() });
    await waitFor(() => expect(screen.getByTestId('state-stats')).toBeTruthy());
    expect(screen.queryByTestId('storage-off')).toBeNull();
  });
});

describe('New-terms history panel', () => {
  it('resets one rule\'s history with its own button', async () => {
    const client = new FakeScanClient({
      rules: [{ key: 'r-1', ruleId: 'r-1', name: 'Python credential access', type: 'new_terms', file: 'x.toml', origin: 'bundled', enabled: true, status: 'ok', errors: [], tactics: [] }],
      newTermsRules: [
        { ruleId: 'r-1', fields: ['host.id', 'file.path'], window: 604_800_000, terms: 12 },
        { ruleId: 'r-2', fields: ['user.name'], window: 604_800_000, terms: 3 },
      ],
    });
    render(App, { client });
    const list = await screen.findByTestId('state-rules');
    await waitFor(() => expect(within(list).getAllByRole('listitem').map((item) => item.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Python credential access [host.id, file.path], 12 terms Reset',
      'r-2 [user.name], 3 terms Reset',
    ]));
    await userEvent.click(screen.getByRole('button', { name: 'Reset the history of Python credential access' }));
    await waitFor(() => expect(within(screen.getByTestId('state-rules')).getAllByRole('listitem')).toHaveLength(1));
    expect(client.calls.filter((call) => call.method === 'resetNewTermsRule').map((call) => call.args)).toEqual([['r-1']]);
  });
});

describe('Scan options', () => {
  it('passes a raised expansion limit to the scan (as loupe scan --max-ratio), and nothing while it is the default', async () => {
    const client = new FakeScanClient();
    render(App, { client });
    await userEvent.upload(screen.getByTestId('evidence-input'), evidence);
    await waitFor(() => expect(screen.getByTestId('scan-status').textContent).toContain('complete'));
    const input = screen.getByTestId('max-ratio') as HTMLInputElement;
    expect(input.value).toBe('500');
    await userEvent.clear(input);
    await userEvent.type(input, '2000');
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await userEvent.upload(screen.getByTestId('evidence-input'), evidence);
    await waitFor(() => expect(client.calls.filter((call) => call.method === 'start')).toHaveLength(2));
    const options = client.calls.filter((call) => call.method === 'start').map((call) => call.args[1]);
    expect(options).toEqual([
      { useNewTermsState: true, label: 'case.ndjson' },
      { useNewTermsState: true, label: 'case.ndjson', maxRatio: 2000 },
    ]);
  });
});
