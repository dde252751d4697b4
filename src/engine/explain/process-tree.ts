/**
 * A process's ancestry and children among loaded events, linked by ECS `process.entity_id` and
 * `process.parent.entity_id` (Elastic Defend and Endpoint write both). Pure data in, data out, so
 * the page and a worker can both run it.
 */
import { compileFieldGetter, type FieldGetter } from '../fields/access.ts';
import type { EventDoc } from '../query/event.ts';

export interface ProcessNode {
  readonly entityId: string;
  readonly parentEntityId?: string;
  readonly name?: string;
  readonly pid?: number;
  readonly executable?: string;
  readonly commandLine?: string;
  /** `process.start`, else the first event's `@timestamp`. */
  readonly start?: string;
  /**
   * True when no event of this process was loaded and the node is known only from a child's
   * `process.parent.*` fields.
   */
  readonly inferred: boolean;
}

export interface ProcessLineage {
  /** The process itself, when any loaded event describes it. */
  readonly process?: ProcessNode;
  /** Parent first, then grandparent, ... up to the oldest ancestor found. */
  readonly ancestors: readonly ProcessNode[];
  /** Direct children, by start time. */
  readonly children: readonly ProcessNode[];
}

export interface ProcessFocus {
  readonly entityId: string;
  /** The parent as the focus event names it, used when no event of the process itself is loaded. */
  readonly parentEntityId?: string;
}

/** Ancestry deeper than this is cut: real trees are shallow, and hostile data may loop. */
export const MAX_ANCESTRY = 64;

const reader = (prefix: string) => {
  const field = (name: string): FieldGetter => compileFieldGetter(`${prefix}${name}`);
  return { entityId: field('entity_id'), name: field('name'), pid: field('pid'), executable: field('executable'), commandLine: field('command_line'), start: field('start') };
};
const own = reader('process.');
const parent = reader('process.parent.');
const timestamp = compileFieldGetter('@timestamp');

function text(getter: FieldGetter, event: EventDoc): string | undefined {
  const value = getter(event)[0];
  return value === undefined ? undefined : String(value);
}

function number(getter: FieldGetter, event: EventDoc): number | undefined {
  const value = Number(getter(event)[0]);
  return Number.isFinite(value) ? value : undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function describe(fields: ReturnType<typeof reader>, event: EventDoc, entityId: string, inferred: boolean): Mutable<ProcessNode> {
  const node: Mutable<ProcessNode> = { entityId, inferred };
  const parentEntityId = fields === own ? text(parent.entityId, event) : undefined;
  if (parentEntityId !== undefined) node.parentEntityId = parentEntityId;
  const name = text(fields.name, event);
  if (name !== undefined) node.name = name;
  const pid = number(fields.pid, event);
  if (pid !== undefined) node.pid = pid;
  const executable = text(fields.executable, event);
  if (executable !== undefined) node.executable = executable;
  const commandLine = text(fields.commandLine, event);
  if (commandLine !== undefined) node.commandLine = commandLine;
  const start = text(fields.start, event) ?? (inferred ? undefined : text(timestamp, event));
  if (start !== undefined) node.start = start;
  return node;
}

/** Fills the gaps of `into` from `from` (several events of one process each say part of it). */
function complete(into: Mutable<ProcessNode>, from: ProcessNode): void {
  for (const key of ['parentEntityId', 'name', 'pid', 'executable', 'commandLine', 'start'] as const) {
    if (into[key] === undefined && from[key] !== undefined) (into as Record<string, unknown>)[key] = from[key];
  }
}

/** Every process the events describe, by entity id; processes seen only as parents are inferred. */
export function indexProcesses(events: Iterable<EventDoc>): Map<string, ProcessNode> {
  const nodes = new Map<string, Mutable<ProcessNode>>();
  const inferred = new Map<string, Mutable<ProcessNode>>();
  for (const event of events) {
    const entityId = text(own.entityId, event);
    if (entityId === undefined || entityId === '') continue;
    const node = describe(own, event, entityId, false);
    const known = nodes.get(entityId);
    if (known) complete(known, node);
    else nodes.set(entityId, node);
    const parentId = node.parentEntityId;
    if (parentId === undefined || parentId === '') continue;
    const parentNode = describe(parent, event, parentId, true);
    const seen = inferred.get(parentId);
    if (seen) complete(seen, parentNode);
    else inferred.set(parentId, parentNode);
  }
  for (const [entityId, node] of inferred) if (!nodes.has(entityId)) nodes.set(entityId, node);
  return nodes;
}

/** Every field `indexProcesses` reads, by ECS path. */
const PROJECTED_FIELDS = ['@timestamp', ...['', 'parent.'].flatMap((prefix) => ['entity_id', 'name', 'pid', 'executable', 'command_line', 'start'].map((name) => `process.${prefix}${name}`))];
const projectedGetters = PROJECTED_FIELDS.map((path) => [path.split('.'), compileFieldGetter(path)] as const);

/**
 * An event cut down to what ancestry needs (the fields above, first value each, as nested ECS):
 * `indexProcesses` gives the same nodes for it as for the whole event, at about a quarter of the
 * size, which is what a scan keeps, sends between threads and stores per process event.
 */
export function processProjection(event: EventDoc): EventDoc {
  const projected: Record<string, unknown> = {};
  for (const [path, getter] of projectedGetters) {
    const value = getter(event)[0];
    if (value === undefined) continue;
    let into = projected;
    for (const key of path.slice(0, -1)) {
      const next = into[key];
      into = (next ?? (into[key] = {})) as Record<string, unknown>;
    }
    into[path.at(-1)!] = value;
  }
  return projected as EventDoc;
}

function byStart(a: ProcessNode, b: ProcessNode): number {
  const x = a.start ?? '';
  const y = b.start ?? '';
  return x < y ? -1 : x > y ? 1 : a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0;
}

export function processLineage(events: Iterable<EventDoc>, focus: ProcessFocus): ProcessLineage {
  const nodes = indexProcesses(events);
  const process = nodes.get(focus.entityId);
  const ancestors: ProcessNode[] = [];
  const visited = new Set([focus.entityId]);
  let next = process?.parentEntityId ?? focus.parentEntityId;
  while (next !== undefined && next !== '' && !visited.has(next) && ancestors.length < MAX_ANCESTRY) {
    visited.add(next);
    const node = nodes.get(next);
    if (node === undefined) break;
    ancestors.push(node);
    next = node.parentEntityId;
  }
  const children = [...nodes.values()].filter((node) => node.parentEntityId === focus.entityId && node.entityId !== focus.entityId).sort(byStart);
  return { ...(process ? { process } : {}), ancestors, children };
}
