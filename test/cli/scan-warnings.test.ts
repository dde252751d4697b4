/**
 * `loupe scan` leads its summary with what can make "0 alerts" mislead: matches without a
 * timestamp, evidence no rule can see, files that gave no events, a tar member that swallowed
 * the next one. Each warning names its rule or file and the count.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tar, utf8, withTarSize } from '../ingest/helpers/build.ts';
import { runLoupe, tempFiles } from './run-cli.ts';
import { kccEvent, kibanaRule, ndjson, parseAlerts, RULE_IDS } from './scan-fixtures.ts';

const NOW = '2024-05-02T00:00:00.000Z';
const KERBEROS = `Kerberos Cached Credentials Dumping (${RULE_IDS.kerberos})`;

/** The kcc event the Kerberos seed rule matches, without its @timestamp. */
function untimedKcc(): Record<string, unknown> {
  const { '@timestamp': _time, ...event } = kccEvent('2024-05-01T10:00:00Z');
  return event;
}

const warnings = (err: readonly string[]) => err.filter((line) => line.startsWith('warning: '));

describe('loupe scan: warnings lead the summary', () => {
  it.each([[[]], [['--no-prefilter']]])('names a rule whose matches had no @timestamp, with the count, before anything else (%j)', async (extra) => {
    const root = tempFiles({ 'events.ndjson': ndjson([kccEvent('2024-05-01T10:00:00Z'), untimedKcc(), untimedKcc()]) });
    const { code, stdout, err } = await runLoupe('scan', '--pack', 'seed', root, '--now', NOW, ...extra);
    expect(code).toBe(0);
    expect(parseAlerts(stdout)).toHaveLength(1);
    expect(err[0]).toBe(`warning: ${KERBEROS}: 2 matches could not become alerts: events have no usable @timestamp`);
    expect(warnings(err)).toHaveLength(1);
    expect(err).toContain(`  1 alert: ${KERBEROS}; 3 of 3 events matched, 2 without a usable timestamp`);
  });

  it("names the time field of a rule with a timestamp_override", async () => {
    const root = tempFiles({ 'r.ndjson': kibanaRule({ timestamp_override: 'event.ingested' }), 'e.ndjson': ndjson([untimedKcc()]) });
    const { err } = await runLoupe('scan', join(root, 'e.ndjson'), '--rules', join(root, 'r.ndjson'), '--now', NOW);
    expect(warnings(err)).toEqual(['warning: Test rule (test-rule): 1 match could not become an alert: events have no usable event.ingested or @timestamp']);
  });

  it('says what each file held, and warns about a file no loaded rule can see and one with no events', async () => {
    const root = tempFiles({
      'events.ndjson': ndjson([kccEvent('2024-05-01T10:00:00Z')]),
      'inventory.json': ndjson([{ name: 'laptop-7', serial: 'C02X', owner: 'ana' }, { name: 'laptop-8', serial: 'C02Y' }]),
      'notes.log': 'copied from the console\nsee ticket 42\n',
    });
    const { code, stdout, err } = await runLoupe('scan', '--pack', 'seed', root, '--now', NOW);
    expect(code).toBe(0);
    expect(parseAlerts(stdout)).toHaveLength(1);
    expect(warnings(err)).toEqual([
      `warning: ${join(root, 'inventory.json')}: no loaded rule can see any of its 2 events: the rules read none of their fields (keys name, serial, owner)`,
      `warning: ${join(root, 'notes.log')}: no events: 2 lines, none a JSON object (2 not JSON)`,
    ]);
    expect(err.slice(err.indexOf('files:'), err.findIndex((line) => line.startsWith('rules:')))).toEqual([
      'files:',
      `  ${join(root, 'inventory.json')}: not ECS (no @timestamp): JSON objects with keys name, serial, owner; 2 events`,
      `  ${join(root, 'notes.log')}: no JSON objects; 0 events, 2 of 2 lines skipped`,
      '  1 file of ECS events, every line read',
    ]);
  });

  it('does not warn when a rule reads the fields of the evidence, though no line of it matched', async () => {
    const root = tempFiles({ 'other.ndjson': ndjson([{ '@timestamp': '2024-05-01T10:00:00Z', process: { name: 'ls' }, event: { category: ['process'] } }]) });
    const { err } = await runLoupe('scan', '--pack', 'seed', root, '--now', NOW);
    expect(warnings(err)).toEqual([]);
    expect(err).toContain('  1 file of ECS events, every line read');
  });

  it('names the tar member a lying size field swallowed, and exits 2', async () => {
    const first = utf8(ndjson(Array.from({ length: 100 }, (_, i) => kccEvent(`2024-05-01T10:00:${String(i % 60).padStart(2, '0')}Z`))));
    const honest = await tar([{ name: 'a.ndjson', data: first }, { name: 'b.ndjson', data: utf8(ndjson([kccEvent('2024-05-01T11:00:00Z')])) }, { name: 'c.ndjson', data: utf8('{}\n') }]);
    const root = tempFiles({});
    const padded = Math.ceil(first.length / 512) * 512;
    writeFileSync(join(root, 'case.tar'), withTarSize(honest, 0, padded + 1024));
    const { code, err } = await runLoupe('scan', '--pack', 'seed', join(root, 'case.tar'), '--now', NOW);
    expect(code).toBe(2);
    expect(err).toContain('could not read or scan 1 input:');
    expect(err).toContain(
      `  ${join(root, 'case.tar')}!a.ndjson: the size field of "a.ndjson" claims ${(padded + 1024).toLocaleString('en-US')} bytes, but the header of member "b.ndjson" starts ${padded.toLocaleString('en-US')} bytes into them: "b.ndjson" (and what follows it in those bytes) was read as part of "a.ndjson", not as a file of its own`,
    );
  });
});
