/** Command lines split as the Sysmon pipeline's CommandLineToArgvW port and the Security pipeline's 4688 loop split them. */
import { describe, expect, it } from 'vitest';
import { commandLineToArgv, splitOnWhitespaceOutsideQuotes } from '../../../src/sources/evtx/ecs/argv.ts';

describe('commandLineToArgv', () => {
  it.each([
    ['"C:\\Windows\\system32\\notepad.exe" ', ['C:\\Windows\\system32\\notepad.exe']],
    ['a  b\tc', ['a', 'b', 'c']],
    ['"a b" c', ['a b', 'c']],
    ['a\\\\b "c\\\\" d', ['a\\\\b', 'c\\', 'd']],
    ['a\\"b', ['a"b']],
    // "Prior to 2008": a doubled quote inside quotes is one quote and ends the quoted part; the next quote opens one again.
    ['"a""b" c', ['a"b c']],
    ['C:\\dir\\', ['C:\\dir\\']],
    ['', []],
  ])('%j', (line, args) => expect(commandLineToArgv(line)).toEqual(args));
});

describe('4688 split', () => {
  it('keeps quotes and gives an empty argument for each extra space, as the painless loop does', () => {
    expect(splitOnWhitespaceOutsideQuotes('"C:\\a b.exe"  /c x ')).toEqual(['"C:\\a b.exe"', '', '/c', 'x', '']);
  });
});
