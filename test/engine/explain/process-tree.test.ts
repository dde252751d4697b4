import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ANCESTRY, indexProcesses, processLineage, processProjection } from '../../../src/engine/explain/process-tree.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';

const proc = (entityId: string, parentId: string | undefined, name: string, extra: Record<string, unknown> = {}): EventDoc => ({
  '@timestamp': `2024-05-01T00:00:0${name.length % 10}Z`,
  process: { entity_id: entityId, name, pid: name.length, ...(parentId ? { parent: { entity_id: parentId } } : {}), ...extra },
});

const tree: EventDoc[] = [
  proc('launchd', undefined, 'launchd'),
  proc('terminal', 'launchd', 'Terminal'),
  proc('zsh', 'terminal', 'zsh'),
  proc('security', 'zsh', 'security', { command_line: 'security dump-keychain -d' }),
  proc('curl', 'zsh', 'curl', { start: '2024-05-01T00:00:09Z' }),
  proc('python', 'zsh', 'python3', { start: '2024-05-01T00:00:01Z' }),
  proc('child-of-security', 'security', 'sh'),
];

describe('processLineage', () => {
  // Children sort by process.start, else @timestamp: python 00:01, security 00:08 (timestamp), curl 00:09.
  it('walks the ancestry parent first and lists direct children by start time', () => {
    const lineage = processLineage(tree, { entityId: 'zsh' });
    expect(lineage.process?.name).toBe('zsh');
    expect(lineage.ancestors.map((node) => node.entityId)).toEqual(['terminal', 'launchd']);
    expect(lineage.children.map((node) => node.entityId)).toEqual(['python', 'security', 'curl']);
  });

  it.each([
    ['dotted keys', { 'process.entity_id': 'p2', 'process.parent.entity_id': 'p1', 'process.name': 'b' }],
    ['nested objects', { process: { entity_id: 'p2', parent: { entity_id: 'p1' }, name: 'b' } }],
    ['mixed', { process: { entity_id: 'p2', name: 'b' }, 'process.parent': { entity_id: 'p1' } }],
  ])('reads %s', (_, child) => {
    const lineage = processLineage([{ 'process.entity_id': 'p1', 'process.name': 'a' }, child], { entityId: 'p1' });
    expect(lineage.children).toHaveLength(1);
    expect(lineage.children[0]).toMatchObject({ entityId: 'p2', name: 'b', parentEntityId: 'p1', inferred: false });
  });

  it("infers a parent that has no event of its own from the child's process.parent fields", () => {
    const events = [{ process: { entity_id: 'c', name: 'curl', parent: { entity_id: 'p', name: 'bash', pid: 42, command_line: 'bash -i' } } }];
    const lineage = processLineage(events, { entityId: 'c' });
    expect(lineage.ancestors).toEqual([{ entityId: 'p', name: 'bash', pid: 42, commandLine: 'bash -i', inferred: true }]);
  });

  it('uses the focus parent id when the process itself is not among the events', () => {
    const lineage = processLineage(tree, { entityId: 'missing', parentEntityId: 'zsh' });
    expect(lineage.process).toBeUndefined();
    expect(lineage.ancestors.map((node) => node.entityId)).toEqual(['zsh', 'terminal', 'launchd']);
  });

  it('merges what several events of one process say', () => {
    const nodes = indexProcesses([{ process: { entity_id: 'x', pid: 7 } }, { process: { entity_id: 'x', name: 'late', pid: 8 } }]);
    expect(nodes.get('x')).toMatchObject({ pid: 7, name: 'late' });
  });

  it('stops at a parent loop and at the depth limit', () => {
    const loop = [proc('a', 'b', 'a'), proc('b', 'a', 'b')];
    expect(processLineage(loop, { entityId: 'a' }).ancestors.map((node) => node.entityId)).toEqual(['b']);
    const chain = Array.from({ length: MAX_ANCESTRY + 10 }, (_, index) => proc(`n${index}`, `n${index + 1}`, 'x'));
    expect(processLineage(chain, { entityId: 'n0' }).ancestors).toHaveLength(MAX_ANCESTRY);
  });

  it('ignores events without an entity id and is empty for an unknown process', () => {
    const lineage = processLineage([{ process: { name: 'orphan' } }, { host: { name: 'h' } }], { entityId: 'nope' });
    expect(lineage).toEqual({ ancestors: [], children: [] });
  });
});

describe('processProjection', () => {
  const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -5, max: 70000 }), fc.constant(null), fc.boolean());
  const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
  const names = ['entity_id', 'name', 'pid', 'executable', 'command_line', 'start', 'args', 'hash'];
  const processFields = fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 6 });
  // Nested, dotted and mixed spellings, extra fields the projection drops, and noise around them.
  const event = fc
    .record({
      own: processFields,
      parent: processFields,
      dotted: fc.boolean(),
      timestamp: fc.option(fc.string({ maxLength: 4 }), { nil: undefined }),
      noise: fc.dictionary(fc.constantFrom('host', 'user', 'event'), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
    })
    .map(({ own, parent, dotted, timestamp, noise }): EventDoc => {
      const doc: Record<string, unknown> = { ...noise, ...(timestamp !== undefined ? { '@timestamp': timestamp } : {}) };
      if (dotted) {
        for (const [key, field] of Object.entries(own)) doc[`process.${key}`] = field;
        for (const [key, field] of Object.entries(parent)) doc[`process.parent.${key}`] = field;
      } else {
        doc['process'] = { ...own, parent };
      }
      return doc as EventDoc;
    });

  it('keeps every field ancestry reads: the same process index as the whole events', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        expect(indexProcesses(events.map(processProjection))).toEqual(indexProcesses(events));
      }),
      { numRuns: 400 },
    );
  });

  it('drops everything else', () => {
    const projected = processProjection({ '@timestamp': 't', host: { name: 'h' }, process: { entity_id: 'p', args: ['-d'], parent: { entity_id: 'q', args: ['x'] } } } as EventDoc);
    expect(projected).toEqual({ '@timestamp': 't', process: { entity_id: 'p', parent: { entity_id: 'q' } } });
  });
});
