// @vitest-environment jsdom
import './vitest.setup.ts';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { countExample, newFileSummary, type FileSummary } from '../../src/ingest/summary.ts';
import App from '../../src/ui/App.svelte';
import { FakeScanClient, fakeRuleStats } from '../../src/ui/fake-scan-client.ts';
import ScanPanel from '../../src/ui/scan/ScanPanel.svelte';
import type { ScanResult } from '../../src/ui/scan-client.ts';

function file(name: string, fields: Partial<FileSummary>, keys: string[], fieldNames = keys): FileSummary {
  return { ...newFileSummary(name), bytes: 2048, ...fields, sample: { events: 1, withTimestamp: keys.includes('@timestamp') ? 1 : 0, keys, fields: fieldNames, truncated: false } };
}

function result(): ScanResult {
  const odd = file('case/odd.ndjson', { lines: 3, events: 2 }, ['@timestamp', 'process'], ['@timestamp', 'process.name']);
  countExample(odd.skipped['not-json'], 2, `Unexpected token 'o', "not json" is not valid JSON`);
  const inventory = file('case/inventory.json', { lines: 1, events: 1 }, ['name', 'size']);
  const clean = file('case/clean.ndjson', { lines: 5, events: 5 }, ['@timestamp', 'process'], ['@timestamp', 'process.name']);
  const rule = fakeRuleStats({ ruleId: 'k-1', name: 'Kerberos', eventsSeen: 2, eventsMatched: 2, eventsWithoutTimestamp: 1, alerts: 1, fieldsRead: ['process.name'] });
  return {
    id: 's',
    label: '3 files: case/clean.ndjson, case/odd.ndjson, case/inventory.json',
    startedAt: 0,
    finishedAt: 1,
    outcome: 'complete',
    alerts: [],
    stats: { events: 8, eventsWithoutIndex: 0, eventsWithoutTimestamp: 1, rules: [rule] },
    files: [clean, odd, inventory],
    saved: { ok: true },
  };
}

describe('ScanPanel after a scan: the account `loupe scan` prints', () => {
  it('leads with the warnings, then says per file what it held and what was skipped, files that need a look first', () => {
    render(ScanPanel, { phase: 'complete', result: result(), oncancel: () => undefined });
    const warnings = screen.getByTestId('scan-warnings');
    expect(warnings.compareDocumentPosition(screen.getByTestId('scan-status')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(warnings).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Kerberos (k-1): 1 match could not become an alert: events have no usable @timestamp',
      'case/inventory.json: no loaded rule can see any of its 1 event: the rules read none of their fields (keys name, size)',
    ]);
    const files = screen.getAllByTestId('scan-file').map((item) => item.textContent?.replace(/\s+/g, ' ').trim());
    expect(files).toEqual([
      `case/odd.ndjson ECS events 2.0 KB · 2 events · 1 of 3 lines skipped 1 line skipped: not JSONline 2: Unexpected token 'o', "not json" is not valid JSON`,
      'case/inventory.json not ECS (no @timestamp): JSON objects with keys name, size 2.0 KB · 1 event',
      'case/clean.ndjson ECS events 2.0 KB · 5 events',
    ]);
  });

  it('shows no account while a scan runs', () => {
    render(ScanPanel, { phase: 'running', result: result(), oncancel: () => undefined });
    expect(screen.queryByTestId('scan-warnings')).toBeNull();
    expect(screen.queryByTestId('scan-files')).toBeNull();
  });
});

describe('App: a scan without alerts', () => {
  it('puts the scan account’s warnings in the no-alerts statement at the top of the page', async () => {
    const client = new FakeScanClient({ alerts: [], ruleStats: [fakeRuleStats({ ruleId: 'k-1', name: 'Kerberos', eventsSeen: 4, eventsMatched: 4, eventsWithoutTimestamp: 4 })] });
    render(App, { client });
    await userEvent.upload(screen.getByTestId('evidence-input'), [new File(['{"a":1}\n'], 'case.ndjson')]);
    await waitFor(() => expect(screen.getByTestId('scan-status').textContent).toContain('complete'), { timeout: 5000 });
    const warning = 'Kerberos (k-1): 4 matches could not become alerts: events have no usable @timestamp';
    expect(within(screen.getByTestId('no-alerts-warnings')).getAllByRole('listitem').map((item) => item.textContent)).toEqual([warning]);
    expect(within(screen.getByTestId('scan-warnings')).getAllByRole('listitem').map((item) => item.textContent)).toEqual([warning]);
  });
});
