import { describe, expect, it } from 'vitest';
import type { EqlQuery, Expr } from '../../../src/engine/eql/ast.ts';
import { compileEql } from '../../../src/engine/eql/compile.ts';
import { QuerySyntaxError } from '../../../src/engine/errors.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { compile, matches } from './eval-helpers.ts';

const proc = (fields: EventDoc): EventDoc => ({ '@timestamp': 1, event: { category: ['process'] }, ...fields });

describe('operators and case rules', () => {
  it.each([
    // == / != are case-sensitive and never wildcard
    ['process where process.name == "cmd.exe"', { process: { name: 'cmd.exe' } }, true],
    ['process where process.name == "CMD.EXE"', { process: { name: 'cmd.exe' } }, false],
    ['process where process.name == "cmd*"', { process: { name: 'cmd.exe' } }, false],
    ['process where process.name == "cmd*"', { process: { name: 'cmd*' } }, true],
    ['process where process.name != "CMD.EXE"', { process: { name: 'cmd.exe' } }, true],
    // : is case-insensitive with * and ?
    ['process where process.name : "CMD.EXE"', { process: { name: 'cmd.exe' } }, true],
    ['process where process.name : "c?d.*"', { process: { name: 'CMD.EXE' } }, true],
    ['process where process.name : ("x", "*.exe")', { process: { name: 'a.EXE' } }, true],
    ['process where process.name : "C:\\\\Windows\\\\*"', { process: { name: 'c:\\windows\\x' } }, true],
    // like is case-sensitive, like~ not
    ['process where process.name like "CMD*"', { process: { name: 'cmd.exe' } }, false],
    ['process where process.name like~ "CMD*"', { process: { name: 'cmd.exe' } }, true],
    // regex matches the whole value
    ['process where process.name regex "cm.\\\\.exe"', { process: { name: 'cmd.exe' } }, true],
    ['process where process.name regex "cmd"', { process: { name: 'cmd.exe' } }, false],
    ['process where process.name regex~ "CMD.*"', { process: { name: 'cmd.exe' } }, true],
    // in is case-sensitive, in~ not, and neither wildcards
    ['process where process.name in ("CMD.EXE", "x")', { process: { name: 'cmd.exe' } }, false],
    ['process where process.name in~ ("CMD.EXE", "x")', { process: { name: 'cmd.exe' } }, true],
    ['process where process.name in~ ("CMD*")', { process: { name: 'cmd.exe' } }, false],
    ['process where process.name in~ ("CMD*")', { process: { name: 'cmd*' } }, true],
    ['process where process.name not in ("a", "b")', { process: { name: 'c' } }, true],
    // ordering: numbers numerically (also numeric strings in a long field), strings by code unit
    ['process where process.pid > 9', { process: { pid: 10 } }, true],
    ['process where process.pid > 9', { process: { pid: '10' } }, true],
    ['process where process.name > "B"', { process: { name: 'a' } }, true],
    ['process where process.name < "B"', { process: { name: 'a' } }, false],
    ['process where 5 < process.pid', { process: { pid: 6 } }, true],
    // typed equality: ip and long fields
    ['process where source.ip == "10.0.0.1"', { source: { ip: '10.0.0.1' } }, true],
    ['process where source.ip == "10.0.0.0/8"', { source: { ip: '10.9.9.9' } }, true],
    ['process where process.pid == "42"', { process: { pid: 42 } }, true],
    ['process where flag', { flag: true }, true],
    ['process where flag', { flag: false }, false],
  ] as const)('%s on %j is %s', (query, fields, expected) => {
    expect(matches(query, proc(fields))).toBe(expected);
  });
});

describe('null and missing fields', () => {
  it.each([
    // Conditions Elasticsearch translates to Query DSL: a missing field satisfies their negation.
    ['process where process.name != "x"', true],
    ['process where not process.name : "x*"', true],
    ['process where process.name not in ("a")', true],
    ['process where not process.name in ("a")', true],
    ['process where not startsWith(process.name, "x")', true],
    ['process where not endsWith(process.name, "x")', true],
    ['process where not cidrMatch(source.ip, "10.0.0.0/8")', true],
    ['process where process.name == "x"', false],
    ['process where process.name == null', true],
    ['process where process.name != null', false],
    ['process where ?process.name == null', true],
    ['process where process.pid < 5', false],
    ['process where not process.pid < 5', true],
    // Scripts: three-valued; `not` directly over a script keeps null.
    ['process where not length(process.name) > 3', false],
    ['process where length(process.name) > 3 or true', true],
    ['process where not not length(process.name) > 3', false],
    ['process where not (process.pid + 1 == 2)', false],
    ['process where null == (process.pid > -1)', true],
    ['process where concat(process.name, "x") == null', true],
    // `not` over `and`/`or` negates a bool query: a null script inside counts as not matching.
    ['process where not (length(process.name) > 3 and true)', true],
    ['process where cidrMatch(source.ip, "10.0.0.0/8") == false', true],
  ] as const)('%s on an event without the field is %s', (query, expected) => {
    expect(matches(query, proc({}))).toBe(expected);
  });
});

describe('multi-valued fields', () => {
  const event = proc({ process: { args: ['-e', 'Invoke-X', 'run'], pid: [3, 30] } });
  it.each([
    ['process where process.args == "run"', true],
    ['process where process.args != "run"', false],
    ['process where process.args != "other"', true],
    ['process where not process.args : "invoke-*"', false],
    ['process where process.args : "invoke-*"', true],
    ['process where process.args in ("x", "-e")', true],
    ['process where process.pid > 10', true],
    ['process where process.pid < 10 and process.pid > 10', true],
    ['process where startsWith(process.args, "Inv")', true],
    ['process where length(process.args) == 3', true],
    ['process where length(process.args) == 4', false],
    ['process where process.pid * 2 == 60', true],
    ['process where concat(process.args, "!") == "run!"', true],
  ] as const)('%s is %s', (query, expected) => {
    expect(matches(query, event)).toBe(expected);
  });
});

describe('event category', () => {
  it.each([
    ['process where true', { event: { category: ['network', 'process'] } }, true],
    ['network where true', { event: { category: 'process' } }, false],
    ['Process where true', { event: { category: 'process' } }, false],
    ['any where true', {}, true],
    ['process where true', {}, false],
  ] as const)('%s on %j is %s', (query, event, expected) => {
    expect(matches(query, event)).toBe(expected);
  });

  it('reads the category from a configurable field', () => {
    const compiled = compile('file where true', { eventCategoryField: 'event_type' });
    expect(compiled.kind === 'event' && compiled.filter.matches({ event_type: 'file' })).toBe(true);
  });
});

describe('compile errors', () => {
  it.each([
    ['process where cidrMatch(source.ip, process.name)', 'cidrMatch expects literal CIDR strings'],
    ['process where cidrMatch(source.ip, "not-a-cidr")', "invalid CIDR 'not-a-cidr'"],
    ['process where process.name regex "a(b"', 'invalid regular expression'],
  ] as const)('%s fails with "%s"', (query, reason) => {
    let caught: unknown;
    try {
      compile(query);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QuerySyntaxError);
    expect((caught as QuerySyntaxError).reason).toContain(reason);
    expect((caught as QuerySyntaxError).offset).toBeGreaterThan(13);
  });

  // The parser rejects these already; the compiler checks hand-built trees the same way.
  const field = (name: string): Expr => ({ type: 'field', name, optional: false });
  const where = (condition: Expr): EqlQuery => ({ type: 'query', body: { type: 'event', category: null, condition }, pipes: [] });
  it.each([
    [{ type: 'match', op: ':', caseInsensitive: true, subject: field('a'), patterns: [field('b')], list: false, start: 20 }, 'must be literal strings'],
    [{ type: 'call', name: 'length', caseInsensitive: true, args: [field('a')], start: 20 }, "function 'length' has no case-insensitive variant"],
    [{ type: 'call', name: 'substring', caseInsensitive: false, args: [field('a')], start: 20 }, "function 'substring' expects 2 to 3 arguments, got 1"],
  ] as const)('rejects the hand-built %j', (condition, reason) => {
    expect(() => compileEql(where(condition as Expr))).toThrow(reason);
  });

  it('supports field-to-field equality as an extension (null-safe)', () => {
    expect(matches('process where process.name == process.args', proc({ process: { name: 'a', args: ['b', 'a'] } }))).toBe(true);
    expect(matches('process where process.name == process.args', proc({}))).toBe(true);
    expect(matches('process where process.name != process.args', proc({ process: { name: 'a' } }))).toBe(true);
  });
});
