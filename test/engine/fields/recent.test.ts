import { describe, expect, it } from 'vitest';
import { remembered } from '../../../src/engine/fields/recent.ts';
import { dateForm, parseIp } from '../../../src/engine/fields/values.ts';

describe('remembered', () => {
  it('gives what the parser gives, parsing each short text once while it is remembered', () => {
    const calls: string[] = [];
    const parse = remembered((text: string) => (calls.push(text), text.length > 1 ? text.toUpperCase() : null), 8, 3);
    const texts = ['ab', 'x', 'ab', 'x', 'cd', 'ab', 'a-very-long-text', 'a-very-long-text'];
    expect(texts.map(parse)).toEqual(['AB', null, 'AB', null, 'CD', 'AB', 'A-VERY-LONG-TEXT', 'A-VERY-LONG-TEXT']);
    // Null results are remembered too; texts past maxLength are parsed every time.
    expect(calls).toEqual(['ab', 'x', 'cd', 'a-very-long-text', 'a-very-long-text']);
  });

  it('forgets everything once full, then parses again', () => {
    const calls: string[] = [];
    const parse = remembered((text: string) => (calls.push(text), text), 8, 2);
    for (const text of ['a', 'b', 'c', 'a']) parse(text);
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });

  it.each([
    ['2024-05-01T00:00:00.034Z', Date.UTC(2024, 4, 1, 0, 0, 0, 34)],
    ['2024-05-01T00:00:00.034Z', Date.UTC(2024, 4, 1, 0, 0, 0, 34)],
    ['not a date', null],
    ['not a date', null],
  ])('dateForm(%s) is stable when remembered', (text, expected) => {
    expect(dateForm(text)).toBe(expected);
  });

  it('parseIp gives equal addresses for a remembered text, null for a non-address', () => {
    expect(parseIp('10.1.2.3')?.bytes).toEqual(new Uint8Array([10, 1, 2, 3]));
    expect(parseIp('10.1.2.3')?.bytes).toEqual(new Uint8Array([10, 1, 2, 3]));
    expect(parseIp('10.1.2')).toBeNull();
    expect(parseIp('10.1.2')).toBeNull();
  });
});
