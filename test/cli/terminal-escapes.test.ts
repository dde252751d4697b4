/**
 * Names from evidence and rules (archive members, rule names and ids) reach the terminal escaped:
 * an ESC [ 31m or one-byte CSI (U+009B) sequence, or a bidi override, must not colour, move or
 * reorder what the responder reads (engine/output/terminal-text.ts, applied in cli/main.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeControls, isUnprintable } from '../../src/engine/output/terminal-text.ts';
import { utf8, zip } from '../ingest/helpers/build.ts';
import { runLoupe, tempFiles } from './run-cli.ts';
import { kccEvent, kibanaRule, ndjson } from './scan-fixtures.ts';

const HOSTILE = 'x\u001b[31mred\u009b2Jclear\u202eevil\u0007';
/** Any control or bidi character left raw, other than the newlines and tabs of the layout. */
const rawControls = (text: string) => [...text].filter((char) => char !== '\n' && char !== '\t' && isUnprintable(char.codePointAt(0)!));

describe('loupe output with hostile names', () => {
  it('escapes a zip member name in the scan summary on stderr', async () => {
    const root = tempFiles({});
    const archive = join(root, 'case.zip');
    writeFileSync(archive, zip([{ name: `${HOSTILE}.ndjson`, data: utf8(`${ndjson([kccEvent('2024-05-01T10:00:00Z')])}not json\n`) }]));
    const { err } = await runLoupe('scan', '--pack', 'seed', archive, '--now', '2024-05-02T00:00:00Z');
    const example = err.find((line) => line.includes('.ndjson:2:'));
    expect(example?.startsWith(`    ${archive}!x\\u001b[31mred\\u009b2Jclear\\u202eevil\\u0007.ndjson:2: `), example).toBe(true);
    expect(rawControls(err.join('\n'))).toEqual([]);
  });

  it('escapes rule names and ids in loupe check, text and JSON (which stays the same JSON)', async () => {
    const root = tempFiles({ 'r.ndjson': kibanaRule({ rule_id: `id-${HOSTILE}`, name: `name-${HOSTILE}`, query: 'process.name:(' }) });
    const text = await runLoupe('check', join(root, 'r.ndjson'));
    expect(text.out[0]).toBe(`✗ name-${escapeControls(HOSTILE)} (id-${escapeControls(HOSTILE)})`);
    expect(rawControls(text.stdout)).toEqual([]);
    const json = await runLoupe('check', '--json', join(root, 'r.ndjson'));
    expect(rawControls(json.stdout)).toEqual([]);
    expect(JSON.parse(json.out[0]!)).toMatchObject({ rule_id: `id-${HOSTILE}`, name: `name-${HOSTILE}` });
  });

  it('escapes the rule name in scan errors and the alert table', async () => {
    const root = tempFiles({
      'r.ndjson': `${kibanaRule({ rule_id: 'good', name: `good-${HOSTILE}` })}\n${kibanaRule({ rule_id: 'bad', name: `bad-${HOSTILE}`, query: 'process.name:(' })}\n`,
      'e.ndjson': ndjson([kccEvent('2024-05-01T10:00:00Z')]),
    });
    const { err, stdout } = await runLoupe('scan', join(root, 'e.ndjson'), '--rules', join(root, 'r.ndjson'), '--format', 'table', '--now', '2024-05-02T00:00:00Z');
    expect(err[0]).toBe(`✗ bad-${escapeControls(HOSTILE)} (bad)`);
    expect(rawControls(err.join('\n'))).toEqual([]);
    expect(stdout).toContain('good-x\uFFFD[31mred\uFFFD2Jclear\uFFFDevil\uFFFD');
    expect(rawControls(stdout)).toEqual([]);
  });
});
