/**
 * A triage collection (a zip of C:\Windows\System32\winevt\Logs) through the CLI: the Sysmon log
 * inside is read as EVTX, named in the summary with its channel and record count, its events
 * mapped as the windows integration maps them, so a Windows rule on `logs-windows.sysmon_operational-*`
 * alerts; `loupe events` exports the mapped events.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { evtxData, needEvtxData } from '../sources/evtx/shared-evtx.ts';
import { runLoupe, tempFiles } from './run-cli.ts';
import { kibanaRule, parseAlerts } from './scan-fixtures.ts';

const LOG = 'C/Windows/System32/winevt/Logs/Microsoft-Windows-Sysmon%4Operational.evtx';

const DEFENDER_QUERY = 'event.category:process and event.type:start and process.name:"MpCmdRun.exe" and process.args:"SignatureUpdate"';

function collection(rules = [{ rule_id: 'defender-signature-update', index: ['winlogbeat-*', 'logs-windows.sysmon_operational-*'] }]): string {
  const root = tempFiles({
    'rules/defender.ndjson': rules.map((rule) => `${kibanaRule({ ...rule, name: `Defender signature update via MpCmdRun (${rule.rule_id})`, query: DEFENDER_QUERY })}\n`).join(''),
  });
  const zip = zipSync({ [LOG]: new Uint8Array(readFileSync(evtxData('omerbenamram-evtx/samples/sysmon.evtx'))), 'C/Windows/System32/winevt/Logs/notes.txt': new TextEncoder().encode('collected by hand\n') });
  writeFileSync(join(root, 'host-triage.zip'), zip);
  return root;
}

describe('loupe scan and events on a triage zip with .evtx', () => {
  if (!needEvtxData()) return;

  it('scan: the log is named with its channel and record count, and the Windows rule alerts on its mapped events', async () => {
    const root = collection();
    const { code, stdout, err } = await runLoupe('scan', join(root, 'host-triage.zip'), '--rules', join(root, 'rules'), '--now', '2017-12-26T13:15:00Z');
    expect(code).toBe(0);
    expect(err.join('\n')).toContain(`host-triage.zip!${LOG}: evtx (channel Microsoft-Windows-Sysmon/Operational), host named by each record (else host-triage): 358 records → 358 events`);
    const alerts = parseAlerts(stdout);
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert['kibana.alert.rule.rule_id']).toBe('defender-signature-update');
      expect((alert['process'] as Record<string, unknown>)['name']).toBe('MpCmdRun.exe');
      expect(alert['kibana.alert.original_data_stream.dataset'] ?? (alert['data_stream'] as Record<string, unknown>)['dataset']).toBe('windows.sysmon_operational');
    }
  });

  it('index routing: a rule on winlogbeat-* alone sees the .evtx events too (Winlogbeat would have shipped them there), a rule on another index does not', async () => {
    const root = collection([
      { rule_id: 'winlogbeat-only', index: ['winlogbeat-*'] },
      { rule_id: 'agent-only', index: ['logs-windows.*'] },
      { rule_id: 'endpoint-only', index: ['logs-endpoint.events.*'] },
    ]);
    const { code, stdout } = await runLoupe('scan', join(root, 'host-triage.zip'), '--rules', join(root, 'rules'), '--now', '2017-12-26T13:15:00Z');
    expect(code).toBe(0);
    const alerts = parseAlerts(stdout);
    const byRule = (id: string) => alerts.filter((alert) => alert['kibana.alert.rule.rule_id'] === id);
    expect(byRule('winlogbeat-only').length).toBeGreaterThan(0);
    expect(byRule('winlogbeat-only').length).toBe(byRule('agent-only').length);
    expect(byRule('endpoint-only')).toEqual([]);
    // Each alert names the index its rule saw the event under.
    const ancestorIndex = (alert: Record<string, unknown>) => JSON.stringify(alert['kibana.alert.ancestors']).match(/"index":"([^"]+)"/)?.[1];
    expect(new Set(byRule('winlogbeat-only').map(ancestorIndex))).toEqual(new Set(['winlogbeat-evtx']));
    expect(new Set(byRule('agent-only').map(ancestorIndex))).toEqual(new Set(['logs-windows.sysmon_operational-default']));
  });

  it('events: exports the 358 mapped events, in the windows.sysmon_operational data stream', async () => {
    const root = collection();
    const { code, stdout, err } = await runLoupe('events', join(root, 'host-triage.zip'));
    expect(code).toBe(0);
    const events = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, Record<string, unknown>>);
    expect(events).toHaveLength(358);
    expect(new Set(events.map((event) => event['data_stream']!['dataset']))).toEqual(new Set(['windows.sysmon_operational']));
    expect(events.filter((event) => event['event']!['code'] === '1').every((event) => Array.isArray(event['process']!['args']))).toBe(true);
    expect(err.join('\n')).toContain('358 records → 358 events');
  });
});
