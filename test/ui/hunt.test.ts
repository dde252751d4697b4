// @vitest-environment jsdom
/**
 * The hunt panel over the fake client: live syntax errors with their position, results from the
 * engine's KQL, a match's JSON tree with the matched fields highlighted, "events around this
 * alert" from the alert detail, and Save as rule into the imported rules.
 */
import './vitest.setup.ts';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../../src/ui/App.svelte';
import { FakeScanClient, fakeAlerts } from '../../src/ui/fake-scan-client.ts';
import type { EvidenceFile } from '../../src/ui/scan-client.ts';

async function scanned(): Promise<FakeScanClient> {
  const client = new FakeScanClient({ alerts: fakeAlerts(20) });
  render(App, { client });
  await userEvent.upload(screen.getByTestId('evidence-input'), [new File(['{"a":1}\n'], 'case.ndjson')]);
  await waitFor(() => expect(screen.getByTestId('scan-status').textContent).toContain('complete'), { timeout: 5000 });
  return client;
}

const status = (): string => screen.getByTestId('hunt-status').textContent ?? '';

describe('hunt panel', () => {
  it('says a hunt needs evidence before any scan', () => {
    render(App, { client: new FakeScanClient() });
    expect(screen.getByTestId('hunt-blocked').textContent).toContain('Scan evidence');
    expect(screen.getByTestId('hunt-run')).toHaveProperty('disabled', true);
  });

  it('shows syntax errors with line and column as the query changes, then hunts the fixed query', async () => {
    const client = await scanned();
    await fireEvent.input(screen.getByTestId('hunt-query'), { target: { value: 'user.name : "user-1" and (' } });
    expect(screen.getByTestId('hunt-problems').textContent).toMatch(/Line 1, column 27: /);
    expect(screen.getByTestId('hunt-run')).toHaveProperty('disabled', true);

    await fireEvent.input(screen.getByTestId('hunt-query'), { target: { value: 'user.name : "user-1"' } });
    expect(screen.queryByTestId('hunt-problems')).toBeNull();
    await userEvent.click(screen.getByTestId('hunt-run'));
    // fakeAlert users cycle user-0..user-4: alerts 1, 6, 11 and 16 are user-1's.
    await waitFor(() => expect(status()).toMatch(/^4 matching events of 20 read/));
    expect(screen.getAllByTestId('hunt-row')).toHaveLength(4);
    const call = client.calls.find((entry) => entry.method === 'hunt')!;
    expect((call.args[0] as EvidenceFile[]).map((file) => file.path)).toEqual(['case.ndjson']);

    await userEvent.click(screen.getByRole('button', { name: 'Open match 1' }));
    const detail = await screen.findByTestId('hunt-detail');
    expect(within(detail).getByTestId('hunt-clauses').textContent).toContain('user.name');
    expect(detail.querySelector('[data-path="user.name"] .key.hit, [data-path="user"] .hit')).not.toBeNull();
  });

  it('hunts the events around an alert from its detail', async () => {
    await scanned();
    await userEvent.click(within(screen.getByTestId('alerts-table')).getAllByRole('row')[1]!);
    const host = (await screen.findByTestId('fact-host')).textContent!.trim();
    await userEvent.click(screen.getByTestId('events-around'));
    const query = (screen.getByTestId('hunt-query') as HTMLTextAreaElement).value;
    expect(query).toContain(`host.name : "${host}"`);
    expect(query).toMatch(/@timestamp >= "[^"]+" and @timestamp <= "[^"]+"/);
    await waitFor(() => expect(status()).toMatch(/matching events of 20 read/));
    // Every match is on the alert's host (the fake's alerts are a minute apart, hosts cycle over 7).
    const hosts = screen.getAllByTestId('hunt-row').map((row) => row.children[2]!.textContent);
    expect(hosts.length).toBeGreaterThan(0);
    expect(new Set(hosts)).toEqual(new Set([host]));
  });

  it('saves the query as a Kibana rule into the imported rules', async () => {
    const client = await scanned();
    await fireEvent.input(screen.getByTestId('hunt-query'), { target: { value: 'process.name : "security"' } });
    await userEvent.type(screen.getByTestId('hunt-rule-name'), 'Keychain dump');
    await userEvent.click(screen.getByTestId('hunt-save'));
    await waitFor(() => expect(screen.getByTestId('hunt-saved').textContent).toContain('Keychain dump'));
    const [files] = client.calls.find((entry) => entry.method === 'importRules')!.args as [EvidenceFile[]];
    const rule = JSON.parse(await files[0]!.file.text()) as Record<string, unknown>;
    expect(rule).toMatchObject({ name: 'Keychain dump', type: 'query', language: 'kuery', query: 'process.name : "security"', severity: 'low', risk_score: 21 });
    expect(String(rule['rule_id'])).toMatch(/^hunt-keychain-dump-/);
    await waitFor(() => expect(screen.getByRole('region', { name: /Rules/ }).textContent).toContain(files[0]!.path));
  });
});
