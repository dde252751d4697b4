// @vitest-environment jsdom
/** The alert detail's process graph (drawn, alerted processes marked) and the host timeline around the alert. */
import './vitest.setup.ts';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ProcessNode } from '../../src/engine/explain/process-tree.ts';
import { alertRow } from '../../src/ui/alerts/alert-row.ts';
import { hostTimeline } from '../../src/ui/detail/host-timeline.ts';
import { layoutProcessGraph, NODE_HEIGHT, NODE_WIDTH } from '../../src/ui/detail/process-graph.ts';
import AlertDetail from '../../src/ui/detail/AlertDetail.svelte';

const node = (entityId: string, name: string, start?: string): ProcessNode => ({ entityId, name, inferred: false, ...(start ? { start } : {}) });

describe('layoutProcessGraph', () => {
  it('stacks ancestors oldest first above the process, children in wrapped rows, each joined to its parent', () => {
    const children = Array.from({ length: 14 }, (_, index) => node(`c${index}`, `child-${index}`));
    const layout = layoutProcessGraph({ ancestors: [node('p', 'zsh'), node('g', 'Terminal')], process: node('self', 'python3'), children }, { childrenPerRow: 4, maxChildren: 10 });
    expect(layout.nodes.slice(0, 3).map((placed) => [placed.node.name, placed.role])).toEqual([['Terminal', 'ancestor'], ['zsh', 'ancestor'], ['python3', 'self']]);
    expect(layout.nodes).toHaveLength(13);
    expect(layout.hiddenChildren).toBe(4);
    expect(layout.edges.slice(0, 2)).toEqual([[0, 1], [1, 2]]);
    expect(layout.edges.slice(2).every(([from]) => from === 2)).toBe(true);
    // No two nodes overlap, and all fit the drawing.
    for (const [i, a] of layout.nodes.entries()) {
      expect(a.x + NODE_WIDTH).toBeLessThanOrEqual(layout.width + 0.001);
      expect(a.y + NODE_HEIGHT).toBeLessThanOrEqual(layout.height);
      for (const b of layout.nodes.slice(i + 1)) expect(Math.abs(a.x - b.x) >= NODE_WIDTH || Math.abs(a.y - b.y) >= NODE_HEIGHT).toBe(true);
    }
  });
});

const alertAt = (index: number, time: string, host: string, rule: string, entity: string) => ({
  '@timestamp': '2026-01-01T00:00:00Z',
  'kibana.alert.uuid': `u${index}`,
  'kibana.alert.original_time': time,
  'kibana.alert.rule.name': rule,
  'kibana.alert.severity': 'high',
  host: { name: host },
  process: { name: 'python3', entity_id: entity, parent: { entity_id: 'proc-zsh' } },
});

describe('host timeline', () => {
  const alerts = [
    alertAt(0, '2024-05-07T14:18:00Z', 'mbp-alice', 'Keychain dump', 'proc-1'),
    alertAt(1, '2024-05-07T14:17:46Z', 'mbp-alice', 'Python read credentials', 'proc-1'),
    alertAt(2, '2024-05-07T14:18:20Z', 'mbp-bob', 'Elsewhere', 'proc-9'),
    alertAt(3, '2024-05-07T16:00:00Z', 'mbp-alice', 'Much later', 'proc-5'),
  ];
  const rows = alerts.map((alert, index) => alertRow(alert, index));

  it('lists the host’s alerts near this one and the tree’s process starts, in time order', () => {
    const entries = hostTimeline(rows[0]!, rows, { ancestors: [node('proc-zsh', 'zsh', '2024-05-07T14:10:00Z')], process: node('proc-1', 'python3', '2024-05-07T14:17:40Z'), children: [] });
    expect(entries.map((entry) => (entry.kind === 'alert' ? `${entry.row.rule}${entry.current ? ' (this)' : ''}` : `${entry.role} ${entry.name}`))).toEqual([
      'ancestor zsh',
      'self python3',
      'Python read credentials',
      'Keychain dump (this)',
    ]);
  });

  it('draws the graph with alerted processes marked, and opens another alert from the timeline', async () => {
    const onopenalert = vi.fn();
    const processEvents = [
      { '@timestamp': '2024-05-07T14:10:00Z', process: { entity_id: 'proc-zsh', name: 'zsh' } },
      { '@timestamp': '2024-05-07T14:18:01Z', process: { entity_id: 'proc-child', name: 'security', parent: { entity_id: 'proc-1' } } },
    ];
    render(AlertDetail, { alert: alerts[0]!, processEvents, onclose: vi.fn(), rows, alerted: new Set(['proc-1']), onopenalert });
    const graph = screen.getByTestId('process-graph');
    expect(within(graph).getByRole('img').getAttribute('aria-label')).toBe('Process graph: 1 ancestor, 1 child; 1 with alerts.');
    const nodes = Array.from(graph.querySelectorAll('[data-testid="graph-node"]'));
    expect(nodes.map((element) => [element.getAttribute('data-role'), element.querySelector('.name')?.textContent, element.classList.contains('alerted')])).toEqual([
      ['ancestor', 'zsh', false],
      ['self', 'python3', true],
      ['child', 'security', false],
    ]);
    const timeline = screen.getByTestId('host-timeline');
    await userEvent.click(within(timeline).getByRole('button', { name: 'Python read credentials' }));
    expect(onopenalert).toHaveBeenCalledWith(rows[1]);
  });
});
