import { describe, expect, it } from 'vitest';
import { compilePath, stepKey } from '../../../src/engine/fields/path.ts';

describe('compilePath', () => {
  it('gives every rule naming a field the same prepared path', () => {
    const name = ['process', 'parent', 'executable'].join('.');
    const first = compilePath(name);
    expect(compilePath('process.parent.executable')).toBe(first);
    expect(compilePath('process.parent.name')).not.toBe(first);
  });

  it.each([
    ['process.parent.name', 0, 2, 'process.parent'],
    ['process.parent.name', 1, 3, 'parent.name'],
    ['a', 0, 1, 'a'],
    [Array.from({ length: 20 }, (_, i) => `s${i}`).join('.'), 17, 19, 's17.s18'],
  ])('%s: the key from segment %i to %i is %s', (name, from, to, key) => {
    expect(stepKey(compilePath(name), from, to)).toBe(key);
  });
});
