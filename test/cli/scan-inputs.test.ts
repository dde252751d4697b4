import { realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInputs, isEventFileName } from '../../src/cli/node-input.ts';
import { tempFiles } from './run-cli.ts';

describe('scan inputs', () => {
  it.each([
    ['events.ndjson', true],
    ['EVENTS.JSONL', true],
    ['export.json', true],
    ['auth.log', true],
    ['filebeat', true],
    ['filebeat.1', true],
    ['app.log.2', true],
    ['agent-8.15.2', true],
    ['logs.ndjson.gz', true],
    ['bundle.zip', true],
    ['notes.txt', false],
    ['report.csv', true],
    ['sheet.xlsx', false],
    ['image.png', false],
  ])('%s is an event file name: %s', (name, expected) => {
    expect(isEventFileName(name)).toBe(expected);
  });

  it('lists each file once, in argument then name order, survives symlink loops, and leaves out excluded paths', async () => {
    const root = tempFiles({ 'b/2.ndjson': '', 'b/1.ndjson': '', 'a.ndjson': '', 'out.ndjson': '' });
    symlinkSync(join(root, 'b'), join(root, 'b', 'loop'));
    const collected = await collectInputs([join(root, 'b'), root, join(root, 'a.ndjson')], new Set([realpathSync(join(root, 'out.ndjson'))]));
    expect(collected.files.map((file) => file.path)).toEqual([join(root, 'b', '1.ndjson'), join(root, 'b', '2.ndjson'), join(root, 'a.ndjson')]);
    expect(collected.unreadable).toEqual([]);
  });
});
