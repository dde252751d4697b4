/**
 * Okta System Log and Google Cloud audit log exports through the CLI: the raw records are
 * recognised, mapped as the okta and gcp integrations map them, and raise Elastic's own prebuilt
 * rules (../shared/corpus/detection-rules.ndjson, unmodified). One rule reads `source.as.*`: it
 * fires only when `--geoip` gives an ASN database (MaxMind's test database), and without one the
 * summary names it among the rules that cannot match.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GCP_ENTRIES, GCP_RAISED, GEO_RULE, OKTA_EVENTS, OKTA_RAISED, oktaConsoleCsv } from '../sources/okta-gcp-fixtures.ts';
import { needShared, sharedPath } from '../support/shared-data.ts';
import { runLoupe, tempFiles } from './run-cli.ts';
import { parseAlerts } from './scan-fixtures.ts';

const CORPUS = 'corpus/detection-rules.ndjson';
const GEOIP = ['GeoIP2-City-Test.mmdb', 'GeoLite2-ASN-Test.mmdb'].map((name) => fileURLToPath(new URL(`../sources/geoip/maxmind/${name}`, import.meta.url)));

/** Every Okta and GCP rule of the corpus that Loupe runs (ES|QL and ML rules are not). */
function cloudRules(): string {
  return readFileSync(sharedPath(CORPUS), 'utf8')
    .split('\n')
    .filter((line) => /okta|gcp/.test(line) && /"type": ?"(query|eql|threshold|new_terms)"/.test(line))
    .join('\n');
}

const ndjson = (records: readonly unknown[]): string => records.map((record) => `${JSON.stringify(record)}\n`).join('');

/** Rule id → sorted event ids of its alerts (a threshold alert copies no single event). */
function raised(stdout: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const alert of parseAlerts(stdout)) {
    const id = (alert['event'] as Record<string, unknown> | undefined)?.['id'];
    (out[String(alert['kibana.alert.rule.rule_id'])] ??= []).push(typeof id === 'string' ? id : 'threshold');
  }
  for (const ids of Object.values(out)) ids.sort();
  return out;
}

describe('loupe scan on Okta and Google Cloud audit log exports', () => {
  if (!needShared(CORPUS)) return;
  const expected = { ...OKTA_RAISED, ...GCP_RAISED };

  it.each([
    ['NDJSON (one record per line)', { 'okta.ndjson': ndjson(OKTA_EVENTS), 'gcp-audit.json': ndjson(GCP_ENTRIES) }],
    ['JSON arrays (Okta /api/v1/logs, gcloud logging read --format=json)', { 'okta-logs.json': JSON.stringify(OKTA_EVENTS), 'gcloud.json': JSON.stringify(GCP_ENTRIES, null, 2) }],
    ['Okta Admin Console CSV download, gcloud array', { 'System Log.csv': oktaConsoleCsv(OKTA_EVENTS), 'gcloud.json': JSON.stringify(GCP_ENTRIES, null, 2) }],
  ])('%s: raises the prebuilt rules the incident matches, and only those', async (_shape, files) => {
    const root = tempFiles({ ...files, 'rules/cloud.ndjson': `${cloudRules()}\n` });
    const names = Object.keys(files);
    const { code, stdout, err } = await runLoupe('scan', ...names.map((name) => join(root, name)), '--rules', join(root, 'rules'), '--now', '2026-11-30T10:00:00Z');
    expect(code).toBe(0);
    const summary = err.join('\n');
    expect(summary).toMatch(/okta\.system, host named by each record[^:]*: 9 events → 9 events/);
    expect(summary).toMatch(/gcp\.audit, host named by each record[^:]*: 5 audit records → 4 events/);
    expect(raised(stdout)).toEqual(expected);
    expect(summary).toContain('warning: 1 loaded rule reads GeoIP fields no database was given for, and cannot match (--geoip FILE.mmdb: City for *.geo.*, ASN for *.as.*):');
    expect(summary).toContain(`  GKE Secrets List from Unusual Source AS Organization (${GEO_RULE.ruleId}): source.as.number, source.as.organization.name`);
  });

  it.each([
    ['in this thread', []],
    ['in 2 reader threads (the databases travel in the scan plan)', ['--jobs', '2']],
  ])('with --geoip City and ASN databases the AS-dependent rule fires too, %s, and no rule is named as blind', async (_how, jobs) => {
    const root = tempFiles({ 'gcp-audit.json': ndjson(GCP_ENTRIES), 'okta.json': ndjson(OKTA_EVENTS), 'rules/cloud.ndjson': `${cloudRules()}\n` });
    const { code, stdout, err } = await runLoupe('scan', join(root, 'gcp-audit.json'), join(root, 'okta.json'), '--rules', join(root, 'rules'), '--now', '2026-11-30T10:00:00Z', ...jobs, ...GEOIP.flatMap((file) => ['--geoip', file]));
    expect(code).toBe(0);
    expect(raised(stdout)).toEqual({ ...expected, [GEO_RULE.ruleId]: [GEO_RULE.event] });
    expect(err.join('\n')).not.toContain('GeoIP fields');
    if (jobs.length > 0) expect(err.join('\n')).toContain('with 2 reader threads');
  });

  it('loupe events --geoip writes source.geo and source.as as Elastic does', async () => {
    const root = tempFiles({ 'okta.ndjson': ndjson(OKTA_EVENTS.slice(0, 1)) });
    const { code, stdout } = await runLoupe('events', join(root, 'okta.ndjson'), ...GEOIP.flatMap((file) => ['--geoip', file]));
    expect(code).toBe(0);
    const event = JSON.parse(stdout) as { source: Record<string, unknown> };
    expect(event.source['geo']).toEqual({ city_name: 'London', continent_name: 'Europe', country_iso_code: 'GB', country_name: 'United Kingdom', location: { lat: 51.5142, lon: -0.0931 }, region_iso_code: 'GB-ENG', region_name: 'England' });
  });

  it('a --geoip file that is not a MaxMind database is a usage error naming it (exit 2)', async () => {
    const root = tempFiles({ 'okta.ndjson': ndjson(OKTA_EVENTS), 'fake.mmdb': 'not a database' });
    writeFileSync(join(root, 'empty.mmdb'), new Uint8Array(0));
    for (const command of ['scan', 'events']) {
      const { code, err } = await runLoupe(command, join(root, 'okta.ndjson'), '--geoip', join(root, 'fake.mmdb'));
      expect(code).toBe(2);
      expect(err.join('\n')).toContain(`${command}: --geoip ${join(root, 'fake.mmdb')}: not a MaxMind DB file`);
    }
    expect((await runLoupe('scan', join(root, 'okta.ndjson'), '--geoip', join(root, 'missing.mmdb'))).code).toBe(2);
  });
});
