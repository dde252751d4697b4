/**
 * `loupe scan --out FILE` replaces FILE only with complete output: a scan that fails leaves the
 * previous file as it was (it used to be truncated to 0 bytes before the scan started), and a
 * scan with more alerts than a call takes arguments writes every one of them.
 */
import { chmodSync, createReadStream, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it, vi } from 'vitest';
import { runLoupe, tempFiles } from './run-cli.ts';
import { kibanaRule, parseAlerts } from './scan-fixtures.ts';

/** Fault injection: the NDJSON writer throws once this many lines were formatted. */
const failure = vi.hoisted(() => ({ afterLines: Infinity, lines: 0 }));
vi.mock('../../src/engine/output/index.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/engine/output/index.ts')>();
  return {
    ...original,
    ndjsonLineOf: (text: string) => {
      if (++failure.lines > failure.afterLines) throw new Error('disk on fire');
      return original.ndjsonLineOf(text);
    },
  };
});

const NOW = '2024-05-02T00:00:00.000Z';
const OLD = 'the previous scan\'s alerts\n';

/** `count` events one second apart, each matching `event.action:x`. */
function actionEvents(count: number): string {
  const base = Date.parse('2024-05-01T00:00:00Z');
  let text = '';
  for (let i = 0; i < count; i++) text += `{"@timestamp":"${new Date(base + i * 1000).toISOString()}","event":{"action":"x"},"n":${i}}\n`;
  return text;
}

function caseFolder(events: string): { root: string; rules: string; out: string } {
  const root = tempFiles({ 'in/e.ndjson': events, 'rules.ndjson': `${kibanaRule({ query: 'event.action:x' })}\n`, 'out/alerts.ndjson': OLD });
  return { root, rules: join(root, 'rules.ndjson'), out: join(root, 'out/alerts.ndjson') };
}

describe('loupe scan --out', () => {
  it('leaves an existing file as it was, mode included, when the scan fails while writing', async () => {
    const { root, rules, out } = caseFolder(actionEvents(300));
    chmodSync(out, 0o640);
    // 300 alerts of ~1 KiB: well past the first 64 KiB write when the 200th line fails.
    failure.lines = 0;
    failure.afterLines = 200;
    try {
      await expect(runLoupe('scan', join(root, 'in'), '--rules', rules, '--out', out, '--now', NOW)).rejects.toThrow('disk on fire');
    } finally {
      failure.afterLines = Infinity;
    }
    expect(readFileSync(out, 'utf8')).toBe(OLD);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(readdirSync(join(root, 'out'))).toEqual(['alerts.ndjson']);
  });

  it('replaces an existing file once the scan is complete, keeping its mode; through a symlink, the target', async () => {
    const { root, rules, out } = caseFolder(actionEvents(2));
    chmodSync(out, 0o604);
    const link = join(root, 'link.ndjson');
    symlinkSync(out, link);
    const { code } = await runLoupe('scan', join(root, 'in'), '--rules', rules, '--out', link, '--now', NOW);
    expect(code).toBe(0);
    expect(parseAlerts(readFileSync(out, 'utf8')).map((alert) => alert['kibana.alert.rule.rule_id'])).toEqual(['test-rule', 'test-rule']);
    expect(statSync(out).mode & 0o777).toBe(0o604);
    expect(readFileSync(link, 'utf8')).toBe(readFileSync(out, 'utf8'));
    expect(readdirSync(join(root, 'out'))).toEqual(['alerts.ndjson']);
  });

  it('writes every alert of a rule raising more alerts than a call takes arguments', async () => {
    const count = 150_000;
    const { root, rules, out } = caseFolder(actionEvents(count));
    const { code, err } = await runLoupe('scan', join(root, 'in'), '--rules', rules, '--out', out, '--now', NOW);
    expect(code).toBe(0);
    expect(err).toContainEqual(expect.stringMatching(/^rules: 1 \(1 ran, 0 with errors, 0 unsupported\); 150,000 alerts \(/));
    let lines = 0;
    let outOfOrder = 0;
    for await (const line of createInterface({ input: createReadStream(out), crlfDelay: Infinity })) {
      if ((JSON.parse(line) as { n: number }).n !== lines) outOfOrder++;
      lines++;
    }
    expect({ lines, outOfOrder }).toEqual({ lines: count, outOfOrder: 0 });
  }, 300_000);
});
