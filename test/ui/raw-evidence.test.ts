// @vitest-environment jsdom
import { createdBlobs } from './vitest.setup.ts';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { newFileSummary } from '../../src/ingest/summary.ts';
import App from '../../src/ui/App.svelte';
import { droppedItemOf, hostHintOf, rawEvidenceItems, withItemHost } from '../../src/ui/evidence/dropped-items.ts';
import RawEvidenceHosts from '../../src/ui/evidence/RawEvidenceHosts.svelte';
import { FakeScanClient, fakeAlerts } from '../../src/ui/fake-scan-client.ts';
import type { EvidenceFile } from '../../src/ui/scan-client.ts';

const file = (path: string, host?: string): EvidenceFile => ({ path, file: new File(['{}\n'], path.split('/').at(-1)!), ...(host !== undefined ? { host } : {}) });
const sourced = (path: string, host: string, name = 'eslogger') => ({ ...newFileSummary(path), source: { name, host, records: 1, events: 1, notMapped: {} } });
const status = (): string => screen.getByTestId('scan-status').textContent ?? '';
const starts = (client: FakeScanClient) => client.calls.filter((call) => call.method === 'start').map((call) => call.args[0] as EvidenceFile[]);

describe('dropped items and their host names', () => {
  it('a file is its own item, a folder\'s files are the top folder\'s; the host defaults to the item\'s name', () => {
    expect(droppedItemOf('mbp-carol.json.gz')).toBe('mbp-carol.json.gz');
    expect(droppedItemOf('mbp-alice/var/log/es.json')).toBe('mbp-alice');
    expect(hostHintOf(file('mbp-carol.json.gz'))).toBe('mbp-carol');
    expect(hostHintOf(file('mbp-alice/var/log/es.json'))).toBe('mbp-alice');
    expect(hostHintOf(file('mbp-alice/var/log/es.json', 'alice-laptop'))).toBe('alice-laptop');
  });

  it('lists only items holding raw evidence (archive members included), in drop order, with how their host was named', () => {
    const files = [file('ecs.ndjson'), file('mbp-alice/a/es.json'), file('mbp-alice/b.ndjson'), file('case.tar.gz', 'mbp-bob'), file('jamf.json')];
    const summaries = [
      newFileSummary('ecs.ndjson'),
      sourced('mbp-alice/a/es.json', 'mbp-alice'),
      newFileSummary('mbp-alice/b.ndjson'),
      sourced('case.tar.gz!x/es.json', 'mbp-bob'),
      sourced('jamf.json', 'named by each record (else jamf)', 'jamf-protect'),
    ];
    expect(rawEvidenceItems(files, summaries)).toEqual([
      { item: 'mbp-alice', folder: true, host: 'mbp-alice', named: false, sources: ['eslogger'], stated: ['mbp-alice'] },
      { item: 'case.tar.gz', folder: false, host: 'mbp-bob', named: true, sources: ['eslogger'], stated: ['mbp-bob'] },
      { item: 'jamf.json', folder: false, host: 'jamf', named: false, sources: ['jamf-protect'], stated: ['named by each record (else jamf)'] },
    ]);
  });

  it('names the host of one item only; an empty name gives the item its own name back', () => {
    const files = [file('a/x.json'), file('a/y.json'), file('b.json', 'old')];
    expect(withItemHost(files, 'a', ' mbp-a ').map((each) => each.host)).toEqual(['mbp-a', 'mbp-a', 'old']);
    expect(withItemHost(files, 'b.json', '').map((each) => 'host' in each)).toEqual([false, false, false]);
  });
});

describe('RawEvidenceHosts', () => {
  const items = [
    { item: 'mbp-alice', folder: true, host: 'mbp-alice', named: false, sources: ['eslogger'], stated: ['mbp-alice'] },
    { item: 'jamf.json', folder: false, host: 'x', named: true, sources: ['jamf-protect'], stated: ['named by each record (else x)'] },
  ];

  it('states each item\'s host and where it came from, and asks for a new scan with the edited name', async () => {
    const renamed: [string, string][] = [];
    render(RawEvidenceHosts, { items, busy: false, onrename: (item: string, host: string) => renamed.push([item, host]) });
    const [alice, jamf] = screen.getAllByTestId('raw-evidence-item');
    expect(alice!.textContent?.replace(/\s+/g, ' ')).toContain('mbp-alice eslogger host mbp-alice (from the folder name)');
    expect(jamf!.textContent?.replace(/\s+/g, ' ')).toContain('host x (as you named it); records that name their host keep it');

    await userEvent.click(screen.getByRole('button', { name: 'Edit the host name of mbp-alice' }));
    const input = within(alice!).getByTestId('host-input');
    expect(input).toHaveProperty('value', 'mbp-alice');
    await userEvent.clear(input);
    await userEvent.type(input, 'alice-mbp{Enter}');
    expect(renamed).toEqual([['mbp-alice', 'alice-mbp']]);
    expect(within(alice!).queryByTestId('host-input')).toBeNull();

    // Cancel, or the same name again, scans nothing.
    await userEvent.click(screen.getByRole('button', { name: 'Edit the host name of jamf.json' }));
    await userEvent.click(within(jamf!).getByTestId('host-cancel'));
    await userEvent.click(screen.getByRole('button', { name: 'Edit the host name of jamf.json' }));
    await userEvent.click(within(jamf!).getByTestId('host-rescan'));
    expect(renamed).toHaveLength(1);
  });

  it('cannot start an edit while a scan runs', () => {
    render(RawEvidenceHosts, { items, busy: true, onrename: () => undefined });
    for (const button of screen.getAllByTestId('host-edit')) expect(button).toHaveProperty('disabled', true);
  });
});

describe('App: raw evidence hosts and events export', () => {
  async function scanned(paths: readonly string[], rawEvidence: readonly string[]): Promise<FakeScanClient> {
    const client = new FakeScanClient({ alerts: fakeAlerts(3), rawEvidence });
    render(App, { client });
    await userEvent.upload(screen.getByTestId('evidence-input'), paths.map((path) => new File(['{}\n'], path)));
    await waitFor(() => expect(status()).toContain('complete'), { timeout: 5000 });
    return client;
  }

  it('a drop scans at once; raw evidence gets its item\'s name, stated, and an edited name scans that item again under it', async () => {
    const client = await scanned(['mbp-carol.json.gz', 'case.ndjson'], ['mbp-carol.json.gz']);
    expect(starts(client)).toHaveLength(1);
    expect(status()).toContain('eslogger, host mbp-carol:');
    expect(screen.getAllByTestId('raw-evidence-item').map((item) => item.textContent)).toEqual([expect.stringContaining('mbp-carol.json.gz')]);

    await userEvent.click(screen.getByTestId('host-edit'));
    const input = screen.getByTestId('host-input');
    await userEvent.clear(input);
    await userEvent.type(input, 'carol-laptop{Enter}');
    await waitFor(() => expect(status()).toContain('eslogger, host carol-laptop:'), { timeout: 5000 });
    const [, again] = starts(client);
    expect(again!.map(({ path, host }) => ({ path, host }))).toEqual([{ path: 'mbp-carol.json.gz', host: 'carol-laptop' }, { path: 'case.ndjson', host: undefined }]);
    expect(screen.getByTestId('host-name').textContent).toBe('carol-laptop');
    expect(screen.getByTestId('raw-evidence-item').textContent).toContain('(as you named it)');
  });

  it('ECS evidence alone shows no host editor', async () => {
    await scanned(['case.ndjson'], []);
    expect(screen.queryByTestId('raw-evidence-hosts')).toBeNull();
  });

  it('exports the scan\'s derived events, NDJSON and _bulk, from the files it read (host names included)', async () => {
    const client = await scanned(['mbp-carol.json.gz', 'case.ndjson'], ['mbp-carol.json.gz']);
    createdBlobs.length = 0;
    await userEvent.click(screen.getByRole('button', { name: 'Export events (NDJSON)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Export events for Elasticsearch _bulk' }));
    await waitFor(() => expect(createdBlobs).toHaveLength(2));
    const calls = client.calls.filter((call) => call.method === 'exportEvents');
    expect(calls.map((call) => [(call.args[0] as EvidenceFile[]).map((each) => each.path), call.args[1]])).toEqual([
      [['mbp-carol.json.gz', 'case.ndjson'], 'ndjson'],
      [['mbp-carol.json.gz', 'case.ndjson'], 'bulk'],
    ]);
    expect(await createdBlobs[0]!.text()).toContain('"host":{"name":"mbp-carol"}');
    expect((await createdBlobs[1]!.text()).split('\n')[0]).toBe('{"create":{"_index":"logs-fake-default"}}');
  });

  it('a past scan (its files not at hand) offers no events export, and says why', async () => {
    const client = await scanned(['case.ndjson'], []);
    await userEvent.upload(screen.getByTestId('evidence-input'), [new File(['{}\n'], 'other.ndjson')]);
    await waitFor(() => expect(starts(client)).toHaveLength(2));
    await waitFor(() => expect(within(screen.getByTestId('past-scans')).getAllByRole('listitem')).toHaveLength(2), { timeout: 5000 });
    expect(screen.getByTestId('export-events-ndjson')).toHaveProperty('disabled', false);
    await userEvent.click(screen.getByRole('button', { name: 'Open scan case.ndjson' }));
    await waitFor(() => expect(screen.getByTestId('export-events-ndjson')).toHaveProperty('disabled', true));
    expect(screen.getByTestId('export-events-bulk').getAttribute('title')).toMatch(/not kept across reloads/);
  });
});
