import { describe, expect, it } from 'vitest';
import { libraryTexts, shardLine, shardName, shardOrder } from '../../../../src/engine/rules/pack/shards.ts';

/** Three shards of a six-rule pack, rules named by their pack position. */
const SHARDS = [
  { file: 'p/rules-01.ndjson', text: 'r0\nr1\n' },
  { file: 'p/rules-02.ndjson', text: 'r2\n' },
  { file: 'p/rules-03.ndjson', text: 'r3\nr4\nr5\n' },
];

describe('library shards', () => {
  it.each([
    [0, 'rules-01.ndjson'],
    [8, 'rules-09.ndjson'],
    [99, 'rules-100.ndjson'],
  ])('shard %i is named %s', (index, name) => {
    expect(shardName(index)).toBe(name);
  });

  it('orders shard names by number and leaves every other file out', () => {
    const names = ['rules-10.ndjson', 'catalogue.json', 'rules-02.ndjson', 'rules.ndjson', 'rules-100.ndjson', 'rules-1a.ndjson', 'MANIFEST.json', 'rules-01.ndjson', 'xrules-03.ndjson'];
    expect(shardOrder(names)).toEqual(['rules-01.ndjson', 'rules-02.ndjson', 'rules-10.ndjson', 'rules-100.ndjson']);
  });

  it.each([
    ['every rule', () => true, ['r0\nr1\n', 'r2\n', 'r3\nr4\nr5\n']],
    ['none', () => false, ['\n\n', '\n', '\n\n\n']],
    ['positions 1, 2 and 4 (across the cuts)', (position: number) => [1, 2, 4].includes(position), ['\nr1\n', 'r2\n', '\nr4\n\n']],
  ])('keeps %s on its own line of its own shard, one text per shard', (_name, keep, texts) => {
    expect(libraryTexts(SHARDS, keep)).toEqual(SHARDS.map((shard, at) => ({ file: shard.file, text: texts[at] })));
  });

  it.each([
    [0, 'p/rules-01.ndjson', 1],
    [1, 'p/rules-01.ndjson', 2],
    [2, 'p/rules-02.ndjson', 1],
    [5, 'p/rules-03.ndjson', 3],
  ])('finds position %i at %s line %i', (position, file, line) => {
    expect(shardLine(SHARDS, position)).toEqual({ file, line });
  });

  it('finds no shard past the pack', () => {
    expect(shardLine(SHARDS, 6)).toBeUndefined();
    expect(shardLine(SHARDS, -1)).toBeUndefined();
  });
});
