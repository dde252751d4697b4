import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runLoupe, tempFiles } from './run-cli.ts';
import { dumpKeychainEvent, kccEvent, ndjson, parseAlerts, pythonOpenEvent } from './scan-fixtures.ts';

const NOW = '2024-05-02T00:00:00.000Z';

/** Hits, near misses, escapes that hide literals, export and Beats wrappers, damage of every kind. */
const mixed = [
  kccEvent('2024-05-01T10:00:00Z'),
  kccEvent('2024-05-01T10:00:30Z', { process: { name: 'kcc', args: ['kcc', 'list'] } }),
  dumpKeychainEvent('2024-05-01T10:01:00Z'),
  // The keychain dump again, its arguments spelled with \u escapes and \/: only the safe path finds it.
  JSON.stringify(dumpKeychainEvent('2024-05-01T10:01:10Z')).replace('dump-keychain', '\\u0064ump-keychain').replace('"security"', '"\\/usr\\/bin\\/security"'),
  JSON.stringify(kccEvent('2024-05-01T10:01:20Z')).replace('copy_cred_cache', 'copy\\u005Fcred_cache'),
  pythonOpenEvent('2024-05-01T10:02:00Z', 'h1', '/Users/a/.ssh/id_rsa'),
  pythonOpenEvent('2024-05-01T10:02:30Z', 'h2', 'C:\\Users\\a\\.ssh\\id_rsa'),
  { _index: 'logs-endpoint.events.process-default', _id: 'x1', _source: kccEvent('2024-05-01T10:03:00Z') },
  { ...kccEvent('2024-05-01T10:03:30Z'), '@metadata': { beat: 'auditbeat', version: '8.13.2' } },
  { '@timestamp': '2024-05-01T10:04:00Z', event: { category: 'process' }, process: { name: 'bash', args: ['-c', 'echo "a\\b"'] } },
  { message: 'no timestamp, nothing to match' },
  '{"broken": "kcc copy_cred_cache"',
  'not json',
  '[1,2]',
  '',
  '   ',
];

describe('loupe scan: the prefilter changes nothing but speed', () => {
  it.each([
    ['plain NDJSON', (text: string) => text, 'events.ndjson'],
    ['CRLF line ends', (text: string) => text.replace(/\n/g, '\r\n'), 'events.ndjson'],
    ['gzip', (text: string) => gzipSync(text), 'events.ndjson.gz'],
  ] as const)('%s: identical alerts and line accounting with and without it', async (_name, encode, name) => {
    const root = tempFiles({});
    const file = join(root, name);
    writeFileSync(file, encode(ndjson(mixed)));
    const fast = await runLoupe('scan', '--pack', 'seed', file, '--now', NOW);
    const full = await runLoupe('scan', '--pack', 'seed', file, '--now', NOW, '--no-prefilter');
    expect(fast.code).toBe(0);
    expect(fast.stdout).toBe(full.stdout);
    // The escaped lines fire too: keychain dump on lines 3-4, kcc on 1, 5 (escaped), 8 (export hit) and 9 (Beats), python per host on 6-7.
    const lines = parseAlerts(fast.stdout).map((alert) => (alert.loupe as { source: { line: number } }).source.line);
    expect(lines.sort((a, b) => a - b)).toEqual([1, 3, 4, 5, 6, 7, 8, 9]);
    // Same events and skipped lines; only the counts the prefilter cannot know are labelled differently.
    const events = (err: string[]) => /: (\d+) events \(/.exec(err[0] ?? '')?.[1];
    expect(events(fast.err)).toBe('11');
    expect(events(full.err)).toBe('11');
    const body = (err: string[]) => err.slice(1, err.findIndex((line) => line.startsWith('rules:')));
    expect(body(fast.err)).toEqual(body(full.err));
    expect(fast.err[0]).toMatch(/\(\d+ not parsed as no rule could match them; of the \d+ parsed: /);
  });

  it('counts an object-shaped line that no rule could match as an event, unparsed (the documented difference)', async () => {
    const root = tempFiles({ 'e.ndjson': ndjson([kccEvent('2024-05-01T10:00:00Z'), '{"object-shaped": but not json}', '{"event":"process start","kcc": copy_cred_cache}']) });
    const file = join(root, 'e.ndjson');
    const fast = await runLoupe('scan', '--pack', 'seed', file, '--now', NOW);
    const full = await runLoupe('scan', '--pack', 'seed', file, '--now', NOW, '--no-prefilter');
    expect(fast.stdout).toBe(full.stdout);
    // With the prefilter, the damaged line no rule could match is counted, not parsed; the one a rule could match is parsed and rejected.
    expect(fast.err[0]).toMatch(/: 2 events \(1 not parsed as no rule could match them; of the 1 parsed: /);
    expect(fast.err).toContain('  skipped not JSON: 1');
    expect(full.err[0]).toMatch(/: 1 event \(0 without index/);
    expect(full.err).toContain('  skipped not JSON: 2');
  });

  it('--profile lists every rule that ran, slowest first, with its hits', async () => {
    const root = tempFiles({ 'e.ndjson': ndjson(mixed) });
    const { err } = await runLoupe('scan', '--pack', 'seed', join(root, 'e.ndjson'), '--now', NOW, '--profile');
    const header = err.findIndex((line) => line.startsWith('profile: 5 rules ran in'));
    expect(err.some((line) => /^profile: prefilter parsed \d+ candidate lines and \d+ other lines to classify them; \d+ lines not parsed; 0 rules without a usable literal/.test(line))).toBe(true);
    const rows = err.slice(header + 1);
    expect(rows).toHaveLength(5);
    const millis = rows.map((row) => Number(/^\s*([\d.]+) ms/.exec(row)?.[1]));
    expect(millis).toEqual([...millis].sort((a, b) => b - a));
    expect(rows.some((row) => /Kerberos Cached Credentials Dumping/.test(row) && /\s4\s+4\s+/.test(row))).toBe(true);
  });
});
