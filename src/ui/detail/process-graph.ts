/**
 * Where the process graph draws each process: ancestors in a column from the oldest down, the
 * alert's process below them, its children in rows underneath (wrapping, the rest counted), each
 * joined to its parent. Pure layout, so the drawing is plain SVG and the layout is testable.
 */
import type { ProcessLineage, ProcessNode } from '../../engine/explain/process-tree.ts';

export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 40;
const GAP_X = 16;
const GAP_Y = 28;

export interface PlacedNode {
  readonly node: ProcessNode;
  readonly role: 'ancestor' | 'self' | 'child';
  readonly x: number;
  readonly y: number;
}

export interface ProcessGraphLayout {
  readonly nodes: readonly PlacedNode[];
  /** Parent → child, as indexes into `nodes`. */
  readonly edges: readonly (readonly [number, number])[];
  /** Children not drawn (more than fit). */
  readonly hiddenChildren: number;
  readonly width: number;
  readonly height: number;
}

export function layoutProcessGraph(lineage: ProcessLineage, options: { childrenPerRow?: number; maxChildren?: number } = {}): ProcessGraphLayout {
  const perRow = options.childrenPerRow ?? 4;
  const maxChildren = options.maxChildren ?? 12;
  const chain: PlacedNode['role'][] = [];
  const column: ProcessNode[] = [...lineage.ancestors].reverse();
  for (let i = 0; i < column.length; i++) chain.push('ancestor');
  if (lineage.process) {
    column.push(lineage.process);
    chain.push('self');
  }
  const children = lineage.children.slice(0, maxChildren);
  const rowWidth = Math.max(1, Math.min(perRow, children.length)) * (NODE_WIDTH + GAP_X) - GAP_X;
  const width = Math.max(NODE_WIDTH, rowWidth);
  const columnX = (width - NODE_WIDTH) / 2;
  const nodes: PlacedNode[] = column.map((node, index) => ({ node, role: chain[index]!, x: columnX, y: index * (NODE_HEIGHT + GAP_Y) }));
  const edges: [number, number][] = [];
  for (let index = 1; index < nodes.length; index++) edges.push([index - 1, index]);
  const top = nodes.length * (NODE_HEIGHT + GAP_Y);
  const parentIndex = lineage.process ? nodes.length - 1 : -1;
  children.forEach((node, index) => {
    const row = Math.floor(index / perRow);
    const inRow = Math.min(perRow, children.length - row * perRow);
    const rowStart = (width - (inRow * (NODE_WIDTH + GAP_X) - GAP_X)) / 2;
    nodes.push({ node, role: 'child', x: rowStart + (index % perRow) * (NODE_WIDTH + GAP_X), y: top + row * (NODE_HEIGHT + GAP_Y) });
    if (parentIndex >= 0) edges.push([parentIndex, nodes.length - 1]);
  });
  const bottom = nodes.reduce((max, placed) => Math.max(max, placed.y + NODE_HEIGHT), 0);
  return { nodes, edges, hiddenChildren: lineage.children.length - children.length, width, height: bottom };
}
