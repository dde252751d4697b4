import { describe, expect, it } from 'vitest';
import { compileLucene } from '../../../src/engine/lucene/compile.ts';
import { parseLucene } from '../../../src/engine/lucene/parser.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { textSatisfies } from '../../../src/engine/query/requirements.ts';

const matches = (query: string, event: EventDoc): boolean => compileLucene(parseLucene(query)).matches(event);

const CHMOD_RULE =
  'event.category:process AND event.type:(start or process_started) AND process.name:chmod AND process.args:(g+s OR /2[0-9]{3}/) AND NOT user.name:root';
const chmod = (type: string, args: string[], user = 'bob'): EventDoc => ({
  event: { category: 'process', type },
  process: { name: 'chmod', args },
  user: { name: user },
});

describe('Lucene matching (ECS mappings)', () => {
  it.each<[string, EventDoc, boolean]>([
    ['process.name:cmd.exe', { process: { name: 'cmd.exe' } }, true],
    ['process.name:cmd.exe', { process: { name: 'CMD.EXE' } }, false],
    ['process.name:cmd*', { process: { name: 'cmd.exe' } }, true],
    ['process.name:c?d.exe', { process: { name: 'cmd.exe' } }, true],
    ['process.name:/c.d\\.exe/', { process: { name: 'cmd.exe' } }, true],
    ['process.name:/c.d/', { process: { name: 'cmd.exe' } }, false],
    ['process.name:(a OR b)', { process: { name: 'b' } }, true],
    ['process.name:(a b)', { process: { name: 'a b' } }, true],
    ['process.name:(a b)', { process: { name: 'a' } }, false],
    ['message:(failed password)', { message: 'password changed' }, true],
    ['message:"failed password"', { message: 'Failed password for root' }, true],
    ['message:pass*', { message: 'Failed PASSWORD' }, true],
    ['message:fail*ed', { message: 'Failed PASSWORD' }, true],
    ['process.pid:[10 TO 20]', { process: { pid: 20 } }, true],
    ['process.pid:[10 TO 20}', { process: { pid: 20 } }, false],
    ['process.pid:>=10', { process: { pid: 9 } }, false],
    ['process.name:>=b', { process: { name: 'c' } }, true],
    ['source.ip:"10.0.0.0/8"', { source: { ip: '10.2.3.4' } }, true],
    ['_exists_:process.pid', { process: { pid: 1 } }, true],
    ['_exists_:process.pid', { process: {} }, false],
    ['process.name:* AND -process.name:cmd.exe', { process: { name: 'x' } }, true],
    ['-process.name:cmd.exe', {}, true],
    ['NOT process.name:cmd.exe', { process: { name: 'cmd.exe' } }, false],
    ['process.name:a AND process.pid:1 OR process.name:b', { process: { name: 'b', pid: 2 } }, false],
    ['process.name:a AND process.pid:1 OR process.name:b', { process: { name: 'a', pid: 1 } }, true],
    ['cmd.exe', { process: { name: 'cmd.exe' } }, true],
    ['process.\\*:cmd.exe', { process: { name: 'cmd.exe' } }, true],
    ['*:*', {}, true],
  ])('%s on %j is %s', (query, event, expected) => {
    expect(matches(query, event)).toBe(expected);
  });

  it.each<[string, EventDoc, boolean]>([
    // `(start or process_started)` is one keyword term "start or process_started" in ES: it never matches real events.
    ['event.type "start"', chmod('start', ['chmod', 'g+s', 'file']), false],
    ['event.type exactly "start or process_started"', chmod('start or process_started', ['g+s']), true],
    ['regex branch', chmod('start or process_started', ['chmod', '2755', 'f']), true],
    ['root excluded', chmod('start or process_started', ['g+s'], 'root'), false],
    ['neither g+s nor 2xxx', chmod('start or process_started', ['755']), false],
  ])('corpus Lucene rule: %s → %s', (_title, event, expected) => {
    expect(matches(CHMOD_RULE, event)).toBe(expected);
  });

  it('requires the literals every match contains', () => {
    const compiled = compileLucene(parseLucene(CHMOD_RULE));
    expect(compiled.requires).toEqual({
      kind: 'and',
      of: [
        { kind: 'literal', text: 'process', caseInsensitive: false },
        { kind: 'literal', text: 'start or process_started', caseInsensitive: false },
        { kind: 'literal', text: 'chmod', caseInsensitive: false },
      ],
    });
    const event = chmod('start or process_started', ['2755']);
    expect(compiled.matches(event)).toBe(true);
    expect(textSatisfies(compiled.requires, JSON.stringify(event))).toBe(true);
    expect(compiled.fields).toEqual(['event.category', 'event.type', 'process.name', 'process.args', 'user.name']);
  });
});
