import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoupe, tempFiles } from './run-cli.ts';
import { kibanaRule, parseAlerts } from './scan-fixtures.ts';

const deepText = (depth: number) => `${'['.repeat(depth)}{"a":"leaf"}${']'.repeat(depth)}`;
const eventText = (n: number, deep = '') => `{"@timestamp":"2024-05-01T00:00:0${n}Z","event":{"action":"x"},"n":${n}${deep === '' ? '' : `,"deep":${deep}`}}`;

describe('loupe scan with an event nested thousands of levels deep', () => {
  it.each([5_000, 100_000])('writes every alert, the one of an event nested %i deep included', async (depth) => {
    const deep = deepText(depth);
    const root = tempFiles({ 'e.ndjson': `${eventText(1)}\n${eventText(2, deep)}\n${eventText(3)}\n`, 'r.ndjson': `${kibanaRule({ query: 'event.action:x' })}\n` });
    const { code, stdout } = await runLoupe('scan', join(root, 'e.ndjson'), '--rules', join(root, 'r.ndjson'), '--now', '2024-05-02T00:00:00Z');
    expect(code).toBe(0);
    expect(parseAlerts(stdout).map((alert) => alert.n)).toEqual([1, 2, 3]);
    expect(stdout).toContain(`"deep":${deep}`);
  });
});
