// @vitest-environment jsdom
import './vitest.setup.ts';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { sourceEventOf } from '../../src/ui/detail/alert-facts.ts';
import AlertDetail from '../../src/ui/detail/AlertDetail.svelte';
import { renderMarkdown } from '../../src/ui/detail/markdown.ts';
import { fakeAlert } from '../../src/ui/fake-scan-client.ts';

const pwned = (): unknown => (globalThis as { pwned?: unknown }).pwned;
const SCRIPT = '<script>globalThis.pwned = 1</script>';
const ONERROR = '<img src=x onerror="globalThis.pwned = 2">';

/** No element anywhere under `root` can run code or fetch anything. */
function expectInert(root: HTMLElement): void {
  expect(root.querySelectorAll('script, img, iframe, object, embed, style')).toHaveLength(0);
  // The one SVG allowed is the process graph Loupe draws itself (its text is text nodes).
  expect(Array.from(root.querySelectorAll('svg')).filter((svg) => svg.parentElement?.getAttribute('data-testid') !== 'process-graph')).toHaveLength(0);
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of element.attributes) expect(attribute.name).not.toMatch(/^on/i);
    const href = element.getAttribute('href');
    if (href !== null) expect(href).toMatch(/^(https?:|mailto:|#)/);
  }
  expect(pwned()).toBeUndefined();
}

describe('renderMarkdown', () => {
  it.each([
    ['script tag', SCRIPT],
    ['onerror image', ONERROR],
    ['javascript link', '[click](javascript:globalThis.pwned=3)'],
    ['data link', '[click](data:text/html,<script>alert(1)</script>)'],
    ['markdown image to elsewhere', '![x](https://example.com/track.png)'],
    ['inline style fetching a background', '<p style="background:url(https://example.com/x)">x</p>'],
    ['svg with handler', '<svg onload="globalThis.pwned=4"><circle /></svg>'],
    ['iframe', '<iframe src="https://example.com"></iframe>'],
  ])('neutralises a %s', (_, markdown) => {
    const host = document.createElement('div');
    host.innerHTML = renderMarkdown(`Before\n\n${markdown}\n\nAfter`);
    expectInert(host);
    expect(host.textContent).toContain('After');
  });

  it('shows raw HTML in markdown as text, as Kibana does', () => {
    const host = document.createElement('div');
    host.innerHTML = renderMarkdown('Run <img src=x onerror="globalThis.pwned=1"> then\n\n<script>globalThis.pwned=2</script>');
    expect(host.querySelector('img, script')).toBeNull();
    expect(host.textContent).toContain('<img src=x onerror="globalThis.pwned=1">');
    expect(host.textContent).toContain('<script>globalThis.pwned=2</script>');
    expectInert(host);
  });

  it('keeps ordinary markdown and makes links open without a referrer', () => {
    const host = document.createElement('div');
    host.innerHTML = renderMarkdown('## Triage\n\n- **one**\n- `two`\n\n[docs](https://www.elastic.co/guide)');
    expect(host.querySelector('h2')?.textContent).toBe('Triage');
    expect(host.querySelectorAll('li')).toHaveLength(2);
    expect(host.querySelector('strong')?.textContent).toBe('one');
    const link = host.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://www.elastic.co/guide');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
  });
});

describe('sourceEventOf', () => {
  it("drops the alert's own fields and restores the event's time and kind", () => {
    const alert = { '@timestamp': 'now', 'kibana.alert.original_time': 'then', 'kibana.alert.original_event.kind': 'event', 'event.kind': 'signal', loupe: { source: { file: 'a', line: 1 } }, host: { name: 'h' } };
    expect(sourceEventOf(alert)).toEqual({ '@timestamp': 'then', 'event.kind': 'event', host: { name: 'h' } });
  });
});

describe('AlertDetail', () => {
  const hostile = fakeAlert(0, {
    'kibana.alert.rule.name': `Rule ${ONERROR}`,
    'kibana.alert.reason': `reason ${SCRIPT}`,
    'kibana.alert.rule.note': `## Guide\n\n${SCRIPT}\n\n${ONERROR}\n\n[x](javascript:globalThis.pwned=3)`,
    'kibana.alert.rule.setup': `Setup ${ONERROR}`,
    'kibana.alert.rule.description': 'Detects *keychain* dumping.',
    'kibana.alert.rule.references': ['https://example.com/ref', 'javascript:globalThis.pwned=5', 'internal wiki page'],
    'kibana.alert.rule.false_positives': [`Admins ${SCRIPT}`],
    user: { name: ONERROR },
    process: { name: 'security', entity_id: 'proc-1', parent: { entity_id: 'proc-zsh', name: 'zsh' }, args: ['security', 'dump-keychain', SCRIPT] },
  });
  const explanation = { fields: ['process.name', 'process.args'], clauses: ['process.name : "security"', `process.args : "${SCRIPT}"`] };

  function renderDetail(overrides: Partial<{ explanation: typeof explanation; onclose: () => void }> = {}) {
    return render(AlertDetail, { alert: hostile, explanation, processEvents: [], onclose: vi.fn(), ...overrides });
  }

  it('renders every hostile string as text', () => {
    const { container } = renderDetail();
    expectInert(container);
    expect(container.querySelector('#alert-detail-title')!.textContent).toBe(`Rule ${ONERROR}`);
    expect(container.textContent).toContain(`reason ${SCRIPT}`);
    expect(container.textContent).toContain(`Admins ${SCRIPT}`);
    expect(within(screen.getByTestId('source-event')).getByText(JSON.stringify(ONERROR))).toBeTruthy();
    expect(within(screen.getByTestId('match-clauses')).getByText(`process.args : "${SCRIPT}"`)).toBeTruthy();
  });

  it('renders the rule text from markdown', () => {
    renderDetail();
    expect(within(screen.getByLabelText('Investigation guide')).getByRole('heading', { name: 'Guide' })).toBeTruthy();
    expect(screen.getByLabelText('Rule description').querySelector('em')?.textContent).toBe('keychain');
    expect(screen.getByLabelText('Setup').textContent).toContain('Setup');
  });

  it('links only web references, without a referrer', () => {
    renderDetail();
    const items = within(screen.getByTestId('references')).getAllByRole('listitem');
    const links = items.map((item) => item.querySelector('a'));
    expect(links[0]?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(links[1]).toBeNull();
    expect(links[2]).toBeNull();
    expect(items[1]!.textContent).toBe('javascript:globalThis.pwned=5');
  });

  it('highlights the fields that matched and lists the clauses', () => {
    const { container } = renderDetail();
    const hits = Array.from(container.querySelectorAll('.leaf.hit'), (leaf) => leaf.getAttribute('data-path'));
    expect(hits).toEqual(['process.name', 'process.args', 'process.args', 'process.args']);
    expect(container.querySelector('.leaf[data-path="process.entity_id"]')!.classList.contains('hit')).toBe(false);
    expect(within(screen.getByTestId('match-clauses')).getAllByRole('listitem')).toHaveLength(2);
    expect(within(screen.getByTestId('threat')).getByText('Credential Access')).toBeTruthy();
  });

  it('says which terms were new, when they were first seen and the history window they were new in', () => {
    const newTerms = {
      terms: [
        { field: 'host.id', value: 'h-1' },
        { field: 'file.path', value: '/Users/alice/.aws/credentials' },
      ],
      firstSeen: '2024-05-06T02:07:03.578Z',
      historyWindowStart: 'now-7d',
      historySince: '2024-04-29T02:07:03.578Z',
    };
    render(AlertDetail, { alert: hostile, explanation: { fields: ['host.id', 'file.path'], clauses: ['process.name: python*'], newTerms }, processEvents: [], onclose: vi.fn() });
    const reason = screen.getByTestId('new-terms-reason');
    expect(reason.textContent).toContain('no event matching the query had this combination in the history window before it (now-7d)');
    expect(within(reason).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['host.id = "h-1"', 'file.path = "/Users/alice/.aws/credentials"']);
    expect(reason.textContent).toContain('First seen 2024-05-06 02:07:03Z; not seen from 2024-04-29 02:07:03Z until then.');
  });

  it('says so when there is no explanation', () => {
    const { container } = render(AlertDetail, { alert: hostile, processEvents: [], onclose: vi.fn() });
    expect(container.textContent).toContain('The engine gave no explanation');
    expect(container.querySelectorAll('.hit')).toHaveLength(0);
  });

  it('collapses and expands JSON nodes', async () => {
    const { container } = renderDetail();
    const processNode = container.querySelector<HTMLDetailsElement>('details[data-path="process"]')!;
    expect(processNode.open).toBe(true);
    await fireEvent.click(processNode.querySelector('summary')!);
    expect(processNode.open).toBe(false);
    // A node deeper than two levels starts closed unless it holds a matched field.
    expect(container.querySelector<HTMLDetailsElement>('details[data-path="process.parent"]')!.open).toBe(false);
  });

  it('shows ancestry and children from the loaded process events', () => {
    const processEvents = [
      { process: { entity_id: 'proc-zsh', name: 'zsh', parent: { entity_id: 'proc-term' } } },
      { process: { entity_id: 'proc-term', name: 'Terminal' } },
      { process: { entity_id: 'proc-child', name: 'sh', parent: { entity_id: 'proc-1' } } },
    ];
    render(AlertDetail, { alert: hostile, explanation, processEvents, onclose: vi.fn() });
    expect(within(screen.getByTestId('process-ancestors')).getAllByRole('listitem').map((item) => item.querySelector('.name')?.textContent)).toEqual(['Terminal', 'zsh']);
    expect(within(screen.getByTestId('process-children')).getByText('sh')).toBeTruthy();
  });

  it('opens for an event nested 3,000 deep: 64 levels as a tree, then a note and the raw JSON on request', async () => {
    // Each tree level is a component inside its parent's: from about 300 levels the call stack overflowed.
    const depth = 3_000;
    const alert = fakeAlert(0, { deep: JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) });
    render(AlertDetail, { alert, explanation, processEvents: [], onclose: vi.fn() });
    const tree = screen.getByTestId('source-event');
    expect(tree.querySelectorAll('details[data-path^="deep"]')).toHaveLength(63);
    const truncated = within(tree).getByTestId('json-truncated');
    expect(truncated.getAttribute('data-path')).toBe(`deep${'.a'.repeat(63)}`);
    expect(truncated.textContent).toContain('nested deeper than 64 levels: shown truncated');
    expect(truncated.querySelector('pre')).toBeNull();
    await fireEvent.click(within(truncated).getByRole('button', { name: 'Show raw JSON' }));
    const rest = depth - 63;
    expect(truncated.querySelector('pre')?.textContent).toBe(`${'{"a":'.repeat(rest)}1${'}'.repeat(rest)}`);
    // The rest of the detail is there as for any alert.
    expect(within(screen.getByTestId('match-clauses')).getAllByRole('listitem')).toHaveLength(2);
    expect(tree.querySelector('.leaf.hit[data-path="process.name"]')).not.toBeNull();
  });

  it('takes focus and closes with Escape', async () => {
    const onclose = vi.fn();
    renderDetail({ onclose });
    expect(document.activeElement?.textContent).toBe('Close (Esc)');
    await userEvent.keyboard('{Escape}');
    expect(onclose).toHaveBeenCalledTimes(1);
  });
});
