import { describe, expect, it } from 'vitest';
import { NO_REQUIREMENT, type Requirement } from '../../../src/engine/query/requirements.ts';
import { compile } from './eval-helpers.ts';

const lit = (text: string, caseInsensitive: boolean): Requirement => ({ kind: 'literal', text, caseInsensitive });

describe('prefilter requirements of EQL queries', () => {
  it.each([
    ['any where process.name == "Cmd.exe"', lit('Cmd.exe', false)],
    ['process where true', lit('process', false)],
    ['any where process.name : "*\\\\cmd.exe"', lit('\\cmd.exe', true)],
    ['any where process.name like "a*b"', { kind: 'and', of: [lit('a', false), lit('b', false)] }],
    ['any where process.name like~ ("a*", "b")', { kind: 'or', of: [lit('a', true), lit('b', true)] }],
    ['any where process.name in~ ("x", "y")', { kind: 'or', of: [lit('x', true), lit('y', true)] }],
    ['any where startsWith~(process.name, "Power")', lit('Power', true)],
    ['any where process.name == "a" and process.args == "b"', { kind: 'and', of: [lit('a', false), lit('b', false)] }],
    // no constraint: negations, functions over values, numbers, regex, non-textual fields, unconstrained or-branch
    ['any where process.name != "a"', NO_REQUIREMENT],
    ['any where not process.name : "a"', NO_REQUIREMENT],
    ['any where process.name == "a" or process.pid > 1', NO_REQUIREMENT],
    ['any where length(process.name) == 3', NO_REQUIREMENT],
    ['any where process.pid == 5', NO_REQUIREMENT],
    ['any where source.ip == "10.0.0.1"', NO_REQUIREMENT],
    ['any where process.name regex "abc"', NO_REQUIREMENT],
    ['any where process.name : "*"', NO_REQUIREMENT],
  ] as const)('%s requires %j', (query, expected) => {
    expect(compile(query).requires).toEqual(expected);
  });

  it('gives each sequence clause its own requirement and the sequence any of them', () => {
    const compiled = compile('sequence [process where process.name == "a"] [file where true] until [network where true]');
    if (compiled.kind !== 'sequence') throw new Error('expected a sequence');
    const first: Requirement = { kind: 'and', of: [lit('process', false), lit('a', false)] };
    expect(compiled.clauses.map((clause) => clause.filter.requires)).toEqual([first, lit('file', false)]);
    // An event can matter to the sequence by matching any clause, the until clause included.
    expect(compiled.requires).toEqual({ kind: 'or', of: [first, lit('file', false), lit('network', false)] });
  });
});
