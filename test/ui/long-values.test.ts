// @vitest-environment jsdom
import { createdBlobs } from './vitest.setup.ts';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { alertRows } from '../../src/ui/alerts/alert-row.ts';
import AlertTable from '../../src/ui/alerts/AlertTable.svelte';
import AlertDetail from '../../src/ui/detail/AlertDetail.svelte';
import { fakeAlert } from '../../src/ui/fake-scan-client.ts';
import { CLIP_CHARS, clipLine, clipText, sliceChars, utf8Length } from '../../src/ui/long-text.ts';

/** 2 MiB of UTF-8 in several scripts: the kind of value that froze Chromium's layout for minutes. */
const HOST = `host-${'ab中文بي é '.repeat(128 * 1024)}`;

describe('clipText', () => {
  it.each([
    ['ASCII', 'a'.repeat(10), 10],
    ['two-byte', 'é'.repeat(10), 20],
    ['three-byte', '中'.repeat(10), 30],
    ['surrogate pairs', '😀'.repeat(10), 40],
    ['lone surrogate (written as U+FFFD)', '\uD800x', 4],
  ])('counts UTF-8 bytes of %s', (_label, value, bytes) => {
    expect(utf8Length(value)).toBe(bytes);
    if (value.isWellFormed()) expect(utf8Length(value)).toBe(new TextEncoder().encode(value).length);
  });

  it('keeps short values whole and clips long ones with their size', () => {
    expect(clipText('short')).toEqual({ head: 'short', clipped: false, size: '' });
    const clipped = clipText(HOST);
    expect(clipped.clipped).toBe(true);
    expect(clipped.head).toBe(HOST.slice(0, CLIP_CHARS));
    expect(clipped.size).toBe('2.0 MB');
    expect(clipLine(HOST)).toBe(`${HOST.slice(0, CLIP_CHARS)}… (2.0 MB)`);
  });

  it('never cuts a surrogate pair in half', () => {
    expect(sliceChars('a😀', 2)).toBe('a');
    expect(sliceChars('a😀', 3)).toBe('a😀');
  });
});

describe('a 2 MB host.name', () => {
  const alert = fakeAlert(0, { host: { name: HOST } });

  it('is clipped in its table cell and tooltip', () => {
    render(AlertTable, { rows: alertRows([alert]), sort: { column: 'time', direction: 'ascending' }, onsort: vi.fn(), onopen: vi.fn() });
    const host = document.querySelector<HTMLElement>('.body [role="row"] .cell.host')!;
    expect(host.textContent).toBe(clipLine(HOST));
    expect(host.title).toBe(clipLine(HOST));
  });

  it('is clipped in the detail with its size, more on request, and copied whole', async () => {
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const started = performance.now();
    render(AlertDetail, { alert, processEvents: [], onclose: vi.fn() });
    const renderMs = performance.now() - started;
    const detail = screen.getByTestId('alert-detail');
    // Host fact, reason and source-event tree each hold the value: none shows more than its head.
    expect(detail.textContent!.length).toBeLessThan(20_000);
    const fact = screen.getByTestId('fact-host');
    expect(fact.textContent).toContain(`${HOST.slice(0, CLIP_CHARS)}… (2.0 MB)`);

    await userEvent.click(within(fact).getByRole('button', { name: /show 10,000 more characters of host\.name/i }));
    expect(fact.textContent).toContain(HOST.slice(0, CLIP_CHARS + 10_000));
    expect(fact.textContent).not.toContain(HOST.slice(0, CLIP_CHARS + 10_001));

    await userEvent.click(within(fact).getByRole('button', { name: /copy all of host\.name \(2\.0 MB\)/i }));
    expect(writeText).toHaveBeenCalledWith(HOST);
    expect(within(fact).getByRole('status').textContent).toBe('Copied');

    createdBlobs.length = 0;
    await userEvent.click(within(fact).getByRole('button', { name: /save all of host\.name/i }));
    expect(await createdBlobs[0]!.text()).toBe(HOST);
    // jsdom lays nothing out, so this is DOM work only; the Chromium e2e test times the real thing.
    expect(renderMs).toBeLessThan(2000);
  });

  it('offers the last character as "1 more character"', async () => {
    render(AlertDetail, { alert: fakeAlert(0, { host: { name: 'h'.repeat(CLIP_CHARS + 1) } }), processEvents: [], onclose: vi.fn() });
    expect(within(screen.getByTestId('fact-host')).getByRole('button', { name: 'Show 1 more character of host.name' })).toBeTruthy();
  });

  it('starts clipped again for the next alert', async () => {
    const view = render(AlertDetail, { alert, processEvents: [], onclose: vi.fn() });
    await userEvent.click(within(screen.getByTestId('fact-host')).getByRole('button', { name: /show .* more/i }));
    await view.rerender({ alert: fakeAlert(1, { host: { name: `other-${HOST}` } }), processEvents: [], onclose: vi.fn() });
    expect(screen.getByTestId('fact-host').textContent).toContain(`${`other-${HOST}`.slice(0, CLIP_CHARS)}… (2.0 MB)`);
  });
});
