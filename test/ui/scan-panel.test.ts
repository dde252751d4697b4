// @vitest-environment jsdom
import './vitest.setup.ts';
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ScanPanel from '../../src/ui/scan/ScanPanel.svelte';
import type { ScanProgress } from '../../src/ui/scan-client.ts';

const progress = (alerts: number, rulesDecidedAtEnd: number): ScanProgress => ({
  files: [{ path: 'day1.ndjson.gz', size: 1000, bytes: 400, events: 2000, done: false }],
  bytes: 400,
  totalBytes: 1000,
  events: 2000,
  eventsPerSecond: 5000,
  etaSeconds: 2,
  alerts,
  rulesDecidedAtEnd,
  elapsedMs: 400,
});

describe('ScanPanel progress', () => {
  it.each([
    [7, 2, '7 + 2 rules decided at the end'],
    [7, 1, '7 + 1 rule decided at the end'],
    [7, 0, '7'],
  ])('shows %i alerts so far with %i rules still pending', (alerts, pending, text) => {
    render(ScanPanel, { phase: 'running', progress: progress(alerts, pending), oncancel: () => undefined });
    expect(screen.getByTestId('alerts-so-far').textContent?.replace(/\s+/g, ' ').trim()).toBe(text);
    expect(screen.getByTestId('scan-status').textContent).toContain(`${alerts} alerts so far`);
  });
});
