import { describe, expect, it, vi } from 'vitest';
import { compileRuleQuery } from '../../../src/engine/query/compile-rule-query.ts';

// A compiler bug (a plain Error, not a QuerySyntaxError) must become an error on the rule, never a crash.
vi.mock('../../../src/engine/kql/compile.ts', () => ({
  compileKql: () => {
    throw new TypeError('boom');
  },
}));

describe('compileRuleQuery with a failing compiler', () => {
  it('reports an internal error on the rule', () => {
    expect(compileRuleQuery({ passthrough: {}, type: 'query', language: 'kuery', query: 'a:b' })).toEqual({
      status: 'error',
      errors: [{ message: 'internal error: boom', line: 1, column: 1, offset: 0, field: 'query' }],
    });
  });
});
