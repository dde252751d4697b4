import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoupe, tempFiles } from './run-cli.ts';
import { dumpKeychainEvent, kccEvent, kibanaRule, ndjson, parseAlerts, pythonOpenEvent, RULE_IDS } from './scan-fixtures.ts';

const NOW = '2024-05-02T00:00:00.000Z';

const ruleIds = (alerts: Record<string, unknown>[]) => alerts.map((alert) => alert['kibana.alert.rule.rule_id']);

describe('loupe scan: seed rules end to end', () => {
  const events = [
    kccEvent('2024-05-01T10:00:00Z'),
    // Near misses: kcc without the argument, and the right argument on another process.
    kccEvent('2024-05-01T10:00:30Z', { process: { name: 'kcc', args: ['kcc', 'list'] } }),
    { ...kccEvent('2024-05-01T10:00:40Z'), process: { name: 'klist', args: ['klist', 'copy_cred_cache'] } },
    dumpKeychainEvent('2024-05-01T10:01:00Z'),
    pythonOpenEvent('2024-05-01T10:02:00Z', 'h1', '/Users/a/.ssh/id_rsa'),
    'not json',
    '[1,2]',
    '',
  ];

  it('writes the alerts as NDJSON on stdout, stamped with --now, and a summary on stderr', async () => {
    const root = tempFiles({ 'events.ndjson': ndjson(events) });
    const file = join(root, 'events.ndjson');
    const { code, stdout, err } = await runLoupe('scan', '--pack', 'seed', file, '--now', NOW);
    expect(code).toBe(0);
    const alerts = parseAlerts(stdout);
    expect(ruleIds(alerts)).toEqual([RULE_IDS.kerberos, RULE_IDS.keychainDump, RULE_IDS.pythonFirstAccess]);
    expect(alerts.map((alert) => [alert['@timestamp'], alert['kibana.alert.original_time'], alert['event.kind'] ?? (alert.event as Record<string, unknown>).kind])).toEqual([
      [NOW, '2024-05-01T10:00:00.000Z', 'signal'],
      [NOW, '2024-05-01T10:01:00.000Z', 'signal'],
      [NOW, '2024-05-01T10:02:00.000Z', 'signal'],
    ]);
    expect(alerts.map((alert) => alert.loupe)).toEqual([{ source: { file, line: 1 } }, { source: { file, line: 4 } }, { source: { file, line: 5 } }]);

    // The prefilter parsed the 3 lines some rule could match (and the 3 that are not objects, to classify them).
    expect(err[0]).toMatch(
      /^scanned 1 file \([\d,]+ bytes\): 5 events \(2 not parsed as no rule could match them; of the 3 parsed: 0 without index, 0 without timestamp\), 3 lines skipped; [\d.]+ s, [\d,]+ events\/s$/,
    );
    expect(err.slice(1)).toEqual([
      '  skipped blank: 1',
      '  skipped not JSON: 1',
      `    ${file}:6: Unexpected token 'o', "not json" is not valid JSON`,
      '  skipped not a JSON object: 1',
      `    ${file}:7: a JSON array, not an object`,
      'files:',
      `  ${file}: ECS events; 5 events, 3 of 8 lines skipped`,
      'rules: 5 (5 ran, 0 with errors, 0 unsupported); 3 alerts',
      `  1 alert: Dumping of Keychain Content via Security Command (${RULE_IDS.keychainDump}); 1 of 1 candidate events matched`,
      `  1 alert: First Time Python Accessed Sensitive Credential Files (${RULE_IDS.pythonFirstAccess}); 1 of 1 candidate events matched`,
      `  1 alert: Kerberos Cached Credentials Dumping (${RULE_IDS.kerberos}); 1 of 1 candidate events matched`,
      '3 rules can see this evidence; 2 need data it lacks (--coverage gives the reason per rule)',
    ]);

    // Without the prefilter: the same alerts, every line parsed, and the counts over all events.
    const full = await runLoupe('scan', '--pack', 'seed', file, '--now', NOW, '--no-prefilter');
    expect(full.stdout).toBe(stdout);
    expect(full.err[0]).toMatch(/^scanned 1 file \([\d,]+ bytes\): 5 events \(0 without index, 0 without timestamp\), 3 lines skipped; [\d.]+ s, [\d,]+ events\/s$/);
    expect(full.err.slice(-4, -1)).toEqual([
      `  1 alert: Dumping of Keychain Content via Security Command (${RULE_IDS.keychainDump}); 1 of 5 events matched`,
      `  1 alert: First Time Python Accessed Sensitive Credential Files (${RULE_IDS.pythonFirstAccess}); 1 of 1 events matched`,
      `  1 alert: Kerberos Cached Credentials Dumping (${RULE_IDS.kerberos}); 1 of 5 events matched`,
    ]);
    expect(full.err.at(-1)).toBe('5 rules can see this evidence; 0 need data it lacks');
  });

  it('gives byte-identical output for the same input, however it is split into files', async () => {
    const whole = tempFiles({ 'all.ndjson': ndjson(events) });
    const split = tempFiles({ 'a.ndjson': ndjson(events.slice(3)), 'b/c.ndjson': ndjson(events.slice(0, 3)) });
    const strip = (text: string) => parseAlerts(text).map(({ loupe: _loupe, ...alert }) => alert);
    const first = await runLoupe('scan', '--pack', 'seed', whole, '--now', NOW);
    const again = await runLoupe('scan', '--pack', 'seed', whole, '--now', NOW);
    const other = await runLoupe('scan', '--pack', 'seed', split, '--now', NOW);
    expect(again.stdout).toBe(first.stdout);
    expect(strip(other.stdout)).toEqual(strip(first.stdout));
  });

  it('walks folders recursively, reading event file names and listing what it left out', async () => {
    const root = tempFiles({
      'a.jsonl': ndjson([kccEvent('2024-05-01T10:00:00Z')]),
      'deep/er/filebeat.1': ndjson([kccEvent('2024-05-01T10:01:00Z')]),
      'deep/noext': ndjson([kccEvent('2024-05-01T10:02:00Z')]),
      'deep/app.log': ndjson([kccEvent('2024-05-01T10:03:00Z')]),
      'notes.txt': 'not events',
      '.hidden.ndjson': ndjson([kccEvent('2024-05-01T10:04:00Z')]),
    });
    const { code, stdout, err } = await runLoupe('scan', '--pack', 'seed', root, '--now', NOW);
    expect(code).toBe(0);
    expect(parseAlerts(stdout).map((alert) => (alert.loupe as { source: { file: string } }).source.file)).toEqual(
      ['a.jsonl', 'deep/er/filebeat.1', 'deep/noext', 'deep/app.log'].map((path) => join(root, path)),
    );
    expect(err).toContain('left out of folder scans: 2 entries');
    expect(err).toContain(`  ${join(root, '.hidden.ndjson')} (hidden)`);
    expect(err).toContain(`  ${join(root, 'notes.txt')} (not an event file name)`);
  });

  it('scans the readable inputs, names the others, and exits 2', async () => {
    const root = tempFiles({ 'good.ndjson': ndjson([kccEvent('2024-05-01T10:00:00Z')]) });
    writeFileSync(join(root, 'archive.ndjson'), new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00]));
    const missing = join(root, 'missing.ndjson');
    const { code, stdout, err } = await runLoupe('scan', '--pack', 'seed', missing, join(root, 'good.ndjson'), join(root, 'archive.ndjson'), '--now', NOW);
    expect(code).toBe(2);
    expect(ruleIds(parseAlerts(stdout))).toEqual([RULE_IDS.kerberos]);
    expect(err).toContain('could not read or scan 2 inputs:');
    expect(err).toContain(`  ${missing}: no such file or directory`);
    // A cut-off gzip member: the container stage opens it and reports where the data ends.
    expect(err).toContain(`  ${join(root, 'archive.ndjson')}: unexpected end of data in the header of gzip member 1: 5 of 10 bytes (at byte 0)`);
  });

  // Root may open any file, so there is nothing to deny when the suite runs as root.
  it.skipIf(process.getuid?.() === 0)('reports a file it may not open (not testable as root, who may open anything)', async () => {
    const root = tempFiles({ 'good.ndjson': ndjson([kccEvent('2024-05-01T10:00:00Z')]), 'locked.ndjson': ndjson([kccEvent('2024-05-01T10:00:00Z')]) });
    chmodSync(join(root, 'locked.ndjson'), 0o000);
    const { code, stdout, err } = await runLoupe('scan', '--pack', 'seed', root, '--now', NOW);
    expect(code).toBe(2);
    expect(ruleIds(parseAlerts(stdout))).toEqual([RULE_IDS.kerberos]);
    expect(err).toContain(`  ${join(root, 'locked.ndjson')}: cannot read: EACCES: permission denied, open '${join(root, 'locked.ndjson')}'`);
  });

  it('routes Elasticsearch export lines by their _index, and --ignore-index overrides routing', async () => {
    const root = tempFiles({
      'export.ndjson': ndjson([
        { _index: '.ds-logs-endpoint.events.process-default-2024.05.01-000001', _id: 'a1', _source: kccEvent('2024-05-01T10:00:00Z') },
        { _index: 'winlogbeat-8.15.0', _id: 'a2', _source: kccEvent('2024-05-01T10:01:00Z') },
      ]),
    });
    const routed = await runLoupe('scan', '--pack', 'seed', root, '--now', NOW);
    const all = await runLoupe('scan', '--pack', 'seed', root, '--now', NOW, '--ignore-index');
    expect(parseAlerts(routed.stdout).map((alert) => alert['kibana.alert.ancestors'])).toEqual([
      [{ id: 'a1', type: 'event', index: '.ds-logs-endpoint.events.process-default-2024.05.01-000001', depth: 0 }],
    ]);
    expect(parseAlerts(all.stdout)).toHaveLength(2);
  });

  it('keeps a __proto__ key of an event as data in its alert', async () => {
    const root = tempFiles({ 'e.ndjson': '{"__proto__":{"polluted":true},' + JSON.stringify(kccEvent('2024-05-01T10:00:00Z')).slice(1) + '\n' });
    const { code, stdout } = await runLoupe('scan', '--pack', 'seed', root, '--now', NOW);
    expect(code).toBe(0);
    expect(stdout).toContain('"__proto__":{"polluted":true}');
    const alert = parseAlerts(stdout)[0]!;
    expect(Object.hasOwn(alert, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('loupe scan: rules, output and limits', () => {
  it('reports rule errors with file:line:column, still runs the good rules, writes their alerts, and exits 1', async () => {
    const root = tempFiles({
      'rules/r.ndjson': `${kibanaRule({ rule_id: 'good' })}\n${kibanaRule({ rule_id: 'bad', name: 'Bad', query: 'process.name:(kcc' })}\n`,
      'in/e.ndjson': ndjson([kccEvent('2024-05-01T10:00:00Z')]),
    });
    const { code, stdout, err } = await runLoupe('scan', join(root, 'in'), '--rules', join(root, 'rules'), '--now', NOW);
    expect(code).toBe(1);
    expect(ruleIds(parseAlerts(stdout))).toEqual(['good']);
    expect(err[0]).toBe('✗ Bad (bad)');
    expect(err[1]).toMatch(new RegExp(`^    ${join(root, 'rules/r.ndjson')}:2:\\d+: .*\\(query 1:\\d+\\)$`));
    expect(err).toContain('rules: 2 (1 ran, 1 with errors, 0 unsupported); 1 alert');
  });

  it('takes --rules several times', async () => {
    const root = tempFiles({
      'a.ndjson': kibanaRule({ rule_id: 'a' }),
      'b.ndjson': kibanaRule({ rule_id: 'b', name: 'B' }),
      'e.ndjson': ndjson([kccEvent('2024-05-01T10:00:00Z')]),
    });
    const { code, stdout } = await runLoupe('scan', join(root, 'e.ndjson'), '--rules', join(root, 'a.ndjson'), '--rules', join(root, 'b.ndjson'), '--now', NOW);
    expect(code).toBe(0);
    expect(ruleIds(parseAlerts(stdout))).toEqual(['a', 'b']);
  });

  it('marks alerts past max_signals by default and drops them with --kibana-limits', async () => {
    const root = tempFiles({
      'r.ndjson': kibanaRule({ max_signals: 1 }),
      // Three matches inside one 5-minute execution window: Kibana writes one alert.
      'e.ndjson': ndjson([kccEvent('2024-05-01T10:00:10Z'), kccEvent('2024-05-01T10:00:20Z'), kccEvent('2024-05-01T10:00:30Z')]),
    });
    const args = ['scan', join(root, 'e.ndjson'), '--rules', join(root, 'r.ndjson'), '--now', NOW];
    const marked = await runLoupe(...args);
    const limited = await runLoupe(...args, '--kibana-limits');
    expect(parseAlerts(marked.stdout).map((alert) => (alert.loupe as Record<string, unknown>).kibana_limit_exceeded)).toEqual([undefined, true, true]);
    expect(marked.err).toContain('rules: 1 (1 ran, 0 with errors, 0 unsupported); 3 alerts (2 over max_signals: kept and marked)');
    expect(parseAlerts(limited.stdout)).toHaveLength(1);
    expect(limited.err).toContain("rules: 1 (1 ran, 0 with errors, 0 unsupported); 1 alert (2 over max_signals: dropped as Kibana would)");
    expect(limited.code).toBe(0);
  });

  it.each([
    ['csv', (text: string) => {
      const rows = text.split('\r\n').filter((row) => row !== '');
      expect(rows[0]).toBe('timestamp,rule,severity,risk_score,host.name,user.name,process.name,process.command_line,reason,uuid');
      expect(rows.slice(1).map((row) => row.split(',').slice(0, 3))).toEqual([['2024-05-01T10:00:00.000Z', 'Kerberos Cached Credentials Dumping', 'high']]);
    }],
    ['table', (text: string) => {
      const rows = text.split('\n').filter((row) => row !== '');
      expect(rows[0]).toMatch(/^timestamp +rule +severity/);
      expect(rows[1]).toMatch(/^-+ +-+/);
      expect(rows.slice(2).map((row) => row.split(/ {2,}/).slice(0, 3))).toEqual([['2024-05-01T10:00:00.000Z', 'Kerberos Cached Credentials Dumping', 'high']]);
    }],
  ])('--format %s', async (format, check) => {
    const root = tempFiles({ 'e.ndjson': ndjson([kccEvent('2024-05-01T10:00:00Z')]) });
    const { code, stdout } = await runLoupe('scan', '--pack', 'seed', root, '--format', format, '--now', NOW);
    expect(code).toBe(0);
    check(stdout);
  });

  it('writes --out to a file (and does not scan that file when it lies in a scanned folder)', async () => {
    const root = tempFiles({ 'e.ndjson': ndjson([kccEvent('2024-05-01T10:00:00Z')]), 'alerts.ndjson': '' });
    const out = join(root, 'alerts.ndjson');
    const first = await runLoupe('scan', '--pack', 'seed', root, '--out', out, '--now', NOW);
    const second = await runLoupe('scan', '--pack', 'seed', root, '--out', out, '--now', NOW);
    expect([first.code, first.stdout, second.code]).toEqual([0, '', 0]);
    expect(ruleIds(parseAlerts(readFileSync(out, 'utf8')))).toEqual([RULE_IDS.kerberos]);
    expect(second.err[0]).toMatch(/^scanned 1 file /);
  });

  it.each([
    [['scan'], "loupe: scan needs at least one INPUT file or folder (see 'loupe scan --help')"],
    [['scan', 'x', '--format', 'xml'], "loupe: scan: --format must be one of ndjson, csv, table, not 'xml'"],
    [['scan', 'x', '--now', 'yesterday'], "loupe: scan: --now must be an ISO 8601 time such as 2024-05-01T12:00:00Z, not 'yesterday'"],
    [['scan', 'x', '--now', '2024-05-01T12:00:00'], "loupe: scan: --now must be an ISO 8601 time such as 2024-05-01T12:00:00Z, not '2024-05-01T12:00:00'"],
    [['scan', 'x', '--max-line-bytes', '0'], "loupe: scan: --max-line-bytes must be a positive whole number of bytes, not '0'"],
    [['scan', 'x', '--rules', '/nonexistent-rules'], "loupe: cannot read '/nonexistent-rules': no such file or directory"],
    [['scan', 'x', '--out', '/nonexistent-dir/a.ndjson'], "loupe: scan: cannot write '/nonexistent-dir/a.ndjson': no such file or directory"],
  ])('usage error %j exits 2', async (argv, message) => {
    const { code, err, stdout } = await runLoupe(...argv);
    expect({ code, err, stdout }).toEqual({ code: 2, err: [message], stdout: '' });
  });

  it('exits 2 for an unknown option too', async () => {
    const { code, err } = await runLoupe('scan', '--pack', 'seed', 'x', '--bogus');
    expect(code).toBe(2);
    // The rest of the message is Node's parseArgs wording, which differs between Node versions.
    expect(err[0]).toMatch(/^loupe: scan: Unknown option '--bogus'/);
  });

  it('lists scan in the help and documents its options', async () => {
    const general = await runLoupe('--help');
    expect(general.out.some((line) => /^ {2}scan +run the rules over NDJSON/.test(line))).toBe(true);
    const help = await runLoupe('scan', '--help');
    expect(help.out[0]).toBe(
      'Usage: loupe scan INPUT... [--pack elastic|seed | --rules PATH...] [--os OS]... [--source SOURCE]... [--tactic TACTIC]... [--coverage] [--state FILE] [--out FILE] [--format ndjson|csv|table] [--host NAME] [--geoip FILE]... [--ignore-index] [--kibana-limits] [--max-ratio N] [--jobs N] [--profile] [--no-prefilter] [--rule-at-a-time]',
    );
    expect(help.out.some((line) => /--rules VALUE +rule file or folder, instead of a bundled pack \(repeatable\)$/.test(line))).toBe(true);
    expect(help.out.some((line) => /--pack VALUE +bundled pack: elastic .* default elastic$/.test(line))).toBe(true);
    expect(help.out.some((line) => /-j, --jobs VALUE +reader threads for zips, several files and large NDJSON/.test(line))).toBe(true);
  });
});
