/**
 * A Microsoft 365 unified audit log export through the CLI: the raw records (no ECS, no Elastic
 * in between) are recognised, mapped as the o365 integration maps them, and raise Elastic's own
 * prebuilt O365 rules (from ../shared/corpus/detection-rules.ndjson, unmodified).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { needShared, sharedPath } from '../support/shared-data.ts';
import { managementApiContent, purviewCsv, searchUnifiedAuditLogJson } from '../sources/o365/exports.ts';
import { INCIDENT, RAISED_RULES, searchResult, SEQUENCE_SHELL } from '../sources/o365/fixtures.ts';
import { runLoupe, tempFiles } from './run-cli.ts';
import { parseAlerts } from './scan-fixtures.ts';

const CORPUS = 'corpus/detection-rules.ndjson';

/** Every O365 rule of the corpus that a query/EQL scan can run (the others need history or ES|QL). */
function o365Rules(): string {
  return readFileSync(sharedPath(CORPUS), 'utf8')
    .split('\n')
    .filter((line) => line.includes('o365') && /"type": ?"(query|eql)"/.test(line))
    .join('\n');
}

function evidence(file: string, bytes: Uint8Array): string {
  const root = tempFiles({ 'rules/o365.ndjson': `${o365Rules()}\n` });
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), bytes);
  return root;
}

const lines = (records: readonly unknown[]) => new TextEncoder().encode(records.map((record) => `${JSON.stringify(record)}\n`).join(''));

describe('loupe scan on Microsoft 365 audit log exports', () => {
  if (!needShared(CORPUS)) return;

  it.each([
    ['Purview export CSV (BOM, CRLF, quoted AuditData)', 'AuditLog_2026-11-30.csv', purviewCsv(INCIDENT, 'current')],
    ['Search-UnifiedAuditLog | ConvertTo-Json | Out-File (UTF-16 LE array)', 'ual.json', searchUnifiedAuditLogJson(INCIDENT)],
    ['Management Activity API content blob (JSON array)', 'content.json', managementApiContent(INCIDENT)],
    ['Management Activity API records, one per line', 'audit.json', lines(INCIDENT)],
    ['Search-UnifiedAuditLog objects, one per line', 'search.json', lines(INCIDENT.map((record, i) => searchResult(record, i, INCIDENT.length)))],
    ['the Purview CSV in a case zip, beside notes', 'case.zip', zipSync({ 'M365/AuditLog_2026-11-30.csv': purviewCsv(INCIDENT, 'classic'), 'notes.txt': new TextEncoder().encode('exported by the tenant admin\n') })],
  ])('%s: raises the prebuilt rules the incident matches, and only those', async (_shape, file, bytes) => {
    const root = evidence(file, bytes);
    const { code, stdout, err } = await runLoupe('scan', join(root, file), '--rules', join(root, 'rules'), '--now', '2026-11-30T10:00:00Z');
    expect(code).toBe(0);
    const member = file.endsWith('.zip') ? `${file}!M365/AuditLog_2026-11-30.csv` : file;
    expect(err.join('\n')).toContain(`${member}: o365, host named by each record (else ${file.replace(/\.(json|csv|zip)$/, '')}): ${INCIDENT.length} audit records → ${INCIDENT.length} events`);
    const alerts = parseAlerts(stdout);
    const raised: Record<string, unknown[]> = {};
    // A sequence's shell alert copies no event; its building-block alerts name each event.
    for (const alert of alerts) (raised[String(alert['kibana.alert.rule.rule_id'])] ??= []).push((alert['event'] as Record<string, unknown> | undefined)?.['id'] ?? SEQUENCE_SHELL);
    for (const ids of Object.values(raised)) ids.sort();
    expect(raised).toEqual(Object.fromEntries(Object.entries(RAISED_RULES).map(([rule, ids]) => [rule, [...ids].sort()])));
  });

  it.each([['1'], ['2']])('overlapping exports of the same records (Purview CSV and PowerShell JSON), --jobs %s: one document per record, as the integration\'s _id makes them, so each alert once', async (jobs) => {
    const root = evidence('export/AuditLog.csv', purviewCsv(INCIDENT, 'current'));
    writeFileSync(join(root, 'export/ual.json'), searchUnifiedAuditLogJson(INCIDENT));
    const { code, stdout } = await runLoupe('scan', join(root, 'export'), '--rules', join(root, 'rules'), '--now', '2026-11-30T10:00:00Z', '--jobs', jobs);
    expect(code).toBe(0);
    const expected = Object.values(RAISED_RULES).reduce((sum, ids) => sum + ids.length, 0);
    expect(parseAlerts(stdout)).toHaveLength(expected);
  });
});
