/**
 * Raw Azure and Entra ID exports through `loupe scan`, with Elastic's own prebuilt rules from the
 * public corpus: a diagnostic-settings sign-in blob, a Graph directoryAudit download, an activity
 * log blob and `az monitor activity-log list` output. Each file is recognised by content, mapped
 * as the azure integration maps it, and the rules written for `logs-azure.*` raise their alerts,
 * an EQL sequence across sign-in and activity logs included.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needShared, readShared } from '../support/shared-data.ts';
import { BROKER_APP, diagnosticActivity, diagnosticSignIn, graphAudit, graphSignIn, ndjson, restActivity, SP_APP, SUBSCRIPTION } from '../sources/azure/fixtures.ts';
import { runLoupe, tempFiles } from './run-cli.ts';
import { parseAlerts } from './scan-fixtures.ts';

const CORPUS = 'corpus/detection-rules.ndjson';

/** The prebuilt rules this evidence should raise, and what each reads. */
const RULES = {
  highRisk: '37994bca-0611-4500-ab67-5588afe73b77', // diagnostic sign-in: risk_level_during_signin (renamed from riskLevelDuringSignIn)
  deviceCodeAitm: 'e5420ced-bc42-4783-a8df-99320567e090', // Graph sign-in: app_id, authentication_protocol, resource_id, is_interactive
  servicePrincipalCreated: '60b6b72f-0fbc-47e7-9895-9ba7627a8b50', // audit: operation_name, outcome, identity
  ownerAdded: '774f5e28-7b75-4a58-b94e-41bf060fdd86', // audit
  federation: '1cfb39e1-4b6c-4dc7-85fe-733e4a1a33ca', // audit: properties.category, event.action
  eventHubRule: 'b6dce542-2b75-4ffb-b7d6-38787298ba9d', // activity: operation_name
  bootDiagnostics: 'e7509f8f-e70b-4b67-b864-aaa4254b4484', // activity: event.action
  arcCredentials: 'dacfbecd-7927-46a7-a8ba-feb65a2e990d', // EQL sequence: SP sign-in then activity by app id
} as const;

function evidence(rules: string): string {
  const top = tempFiles({ 'rules/azure.ndjson': rules, 'tenant-export/README.txt': 'Entra and Azure exports\n' });
  const root = join(top, 'tenant-export');
  const arc = `/subscriptions/${SUBSCRIPTION}/resourceGroups/prod-rg/providers/Microsoft.Kubernetes/connectedClusters/arc1`;
  writeFileSync(join(root, 'PT1H.json'), ndjson([
    diagnosticSignIn('2026-12-01T10:00:05.1234567Z'),
    diagnosticSignIn('2026-12-01T10:01:00.0000000Z', 'SignInLogs', { appId: '00000002-0000-0ff1-ce00-000000000000', isInteractive: true, riskLevelDuringSignIn: 'high', riskState: 'atRisk' }),
    diagnosticSignIn('2026-12-01T10:01:10.0000000Z', 'SignInLogs', { status: { errorCode: 50126, failureReason: 'Invalid username or password.' } }),
  ]));
  writeFileSync(join(root, 'InteractiveSignIns_2026-12-01.json'), ndjson([
    graphSignIn('2026-12-01T10:01:30Z', { signInEventTypes: ['interactiveUser'], isInteractive: true, authenticationProtocol: 'deviceCode', resourceId: '00000003-0000-0000-c000-000000000000', resourceDisplayName: 'Microsoft Graph' }),
  ]));
  writeFileSync(join(root, 'directoryAudits.json'), ndjson([
    graphAudit('2026-12-01T10:02:00Z', 'Add service principal', 'ApplicationManagement'),
    graphAudit('2026-12-01T10:02:30Z', 'Add owner to application', 'ApplicationManagement'),
    graphAudit('2026-12-01T10:03:00Z', 'Set federation settings on domain', 'DirectoryManagement'),
  ]));
  writeFileSync(join(root, 'activity-PT1H.json'), ndjson([
    diagnosticActivity('2026-12-01T10:04:00.0000000Z', 'MICROSOFT.EVENTHUB/NAMESPACES/AUTHORIZATIONRULES/WRITE', 'MICROSOFT.EVENTHUB/NAMESPACES/NS1/AUTHORIZATIONRULES/EXFIL'),
    diagnosticActivity('2026-12-01T10:04:30.0000000Z', 'MICROSOFT.COMPUTE/VIRTUALMACHINES/RETRIEVEBOOTDIAGNOSTICSDATA/ACTION', 'MICROSOFT.COMPUTE/VIRTUALMACHINES/VM1'),
  ]));
  writeFileSync(join(root, 'servicePrincipalSignIns.json'), ndjson([graphSignIn('2026-12-01T10:05:00Z', { appId: SP_APP, signInEventTypes: ['servicePrincipal'], userPrincipalName: undefined, userId: undefined, servicePrincipalId: 'sp-1', servicePrincipalName: 'backup-sync' })]));
  writeFileSync(join(root, 'az-activity-log.json'), ndjson([restActivity('2026-12-01T10:06:00Z', 'Microsoft.Kubernetes/connectedClusters/listClusterUserCredential/action', arc, SP_APP)]));
  return top;
}

describe('loupe scan on raw Azure and Entra ID exports with the prebuilt rules', () => {
  if (!needShared(CORPUS)) return;
  const wanted = new Set<string>(Object.values(RULES));
  const rules = readShared(CORPUS).split('\n').filter((line) => line !== '' && wanted.has((JSON.parse(line) as { rule_id: string }).rule_id)).join('\n');

  it('recognises each export, maps it, and raises the rules written for logs-azure.*', async () => {
    expect(rules.split('\n')).toHaveLength(wanted.size);
    const root = evidence(`${rules}\n`);
    const { code, stdout, err } = await runLoupe('scan', join(root, 'tenant-export'), '--rules', join(root, 'rules'), '--now', '2026-12-01T10:08:00Z');
    const summary = err.join('\n');
    expect(code, summary).toBe(0);
    expect(summary).toContain('InteractiveSignIns_2026-12-01.json: azure.signinlogs');
    expect(summary).toContain('directoryAudits.json: azure.auditlogs');
    expect(summary).toContain('activity-PT1H.json: azure.activitylogs');
    expect(summary).toContain('az-activity-log.json: azure.activitylogs');
    const fired = new Set(parseAlerts(stdout).map((alert) => alert['kibana.alert.rule.rule_id']));
    expect([...fired].sort()).toEqual([...wanted].sort());
    const aitm = parseAlerts(stdout).find((alert) => alert['kibana.alert.rule.rule_id'] === RULES.deviceCodeAitm)!;
    expect(((aitm['azure'] as Record<string, Record<string, Record<string, unknown>>>)['signinlogs']!['properties']!)['app_id']).toBe(BROKER_APP);
    expect(summary).toContain('PT1H.json: azure.signinlogs, host tenant-export: 3 sign-ins → 3 events');
  });
});
