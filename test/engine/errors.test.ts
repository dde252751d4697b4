import { describe, expect, it } from 'vitest';
import { positionAt, QuerySyntaxError } from '../../src/engine/errors.ts';

describe('positionAt', () => {
  it.each([
    ['abc', 0, 1, 1],
    ['abc', 2, 1, 3],
    ['ab\ncd', 3, 2, 1],
    ['ab\ncd', 4, 2, 2],
    ['a\n\nb', 3, 3, 1],
  ])('%j offset %i is %i:%i', (text, offset, line, column) => {
    expect(positionAt(text, offset)).toEqual({ line, column });
  });

  it('formats a syntax error with its position', () => {
    const error = new QuerySyntaxError("expected a value after ':'", 'a:b\nprocess.name:', 13);
    expect(error.message).toBe("expected a value after ':' at 2:10");
    expect([error.line, error.column]).toEqual([2, 10]);
  });
});
