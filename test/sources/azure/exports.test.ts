/**
 * Azure and Entra ID exports as the tools write them, through intake: a diagnostic-settings blob
 * (`{"records":[…]}`, pretty-printed as some storage exports are), a Graph page
 * (`{"@odata.context":…,"value":[…],"@odata.nextLink":…}`), the Entra portal's "Download JSON"
 * (an array), `az monitor activity-log list` (a pretty-printed array), Graph PowerShell's
 * `ConvertTo-Json | Out-File` (UTF-16 LE with a BOM). Each is read whole, in odd chunk sizes, and
 * every record becomes one event of the right data stream.
 */
import { describe, expect, it } from 'vitest';
import { sourceStage } from '../../../src/sources/registry.ts';
import { scanBytes } from '../../ingest/helpers/scan.ts';
import { flatten } from '../../support/pipeline-goldens.ts';
import { diagnosticActivity, diagnosticSignIn, graphAudit, graphSignIn, restActivity, SP_APP, SUBSCRIPTION } from './fixtures.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** UTF-16 LE with a BOM and CRLF line ends, as Windows PowerShell's Out-File writes. */
function utf16le(text: string): Uint8Array {
  const crlf = text.replace(/\n/g, '\r\n');
  const bytes = new Uint8Array(2 + crlf.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < crlf.length; i++) {
    const unit = crlf.charCodeAt(i);
    bytes[2 + i * 2] = unit & 0xff;
    bytes[3 + i * 2] = unit >> 8;
  }
  return bytes;
}

const signIns = [graphSignIn('2026-12-01T10:00:00Z'), graphSignIn('2026-12-01T10:00:01Z', { userPrincipalName: 'kim@contoso.example' }), graphSignIn('2026-12-01T10:00:02Z', { status: { errorCode: 50126, failureReason: 'Invalid username or password.' } })];
const audits = [graphAudit('2026-12-01T10:01:00Z', 'Add service principal', 'ApplicationManagement'), graphAudit('2026-12-01T10:01:30Z', 'Update application', 'ApplicationManagement')];
const arc = `/subscriptions/${SUBSCRIPTION}/resourceGroups/prod-rg/providers/Microsoft.Kubernetes/connectedClusters/arc1`;

const EXPORTS: readonly (readonly [string, string, Uint8Array, string, number])[] = [
  ['diagnostic-settings blob, {"records":[…]} pretty-printed', 'PT1H.json', encode(JSON.stringify({ records: [diagnosticSignIn('2026-12-01T10:00:00.1Z'), diagnosticSignIn('2026-12-01T10:00:00.2Z', 'SignInLogs')] }, null, 2)), 'azure.signinlogs', 2],
  ['diagnostic-settings blob, {"records":[…]} on one line', 'PT1H.json', encode(JSON.stringify({ records: [diagnosticActivity('2026-12-01T10:02:00Z', 'MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE', 'MICROSOFT.COMPUTE/VIRTUALMACHINES/VM1')] })), 'azure.activitylogs', 1],
  ['Graph page of signIns with @odata.nextLink', 'signIns.json', encode(JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns', value: signIns, '@odata.nextLink': 'https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=x' })), 'azure.signinlogs', 3],
  ['Graph page of directoryAudits', 'directoryAudits.json', encode(JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits', value: audits })), 'azure.auditlogs', 2],
  ['Entra portal "Download JSON" (an array)', 'InteractiveSignIns_2026-12-01_2026-12-02.json', encode(JSON.stringify(signIns, null, 4)), 'azure.signinlogs', 3],
  ['az monitor activity-log list (a pretty-printed array)', 'activity.json', encode(JSON.stringify([restActivity('2026-12-01T10:03:00Z', 'Microsoft.Kubernetes/connectedClusters/listClusterUserCredential/action', arc, SP_APP)], null, 2)), 'azure.activitylogs', 1],
  ['Get-MgAuditLogDirectoryAudit | ConvertTo-Json | Out-File (UTF-16 LE)', 'audits.json', utf16le(JSON.stringify(audits, null, 4)), 'azure.auditlogs', 2],
];

describe('Azure exports as the tools write them', () => {
  it.each(EXPORTS)('%s', async (_name, file, bytes, dataset, count) => {
    const { files, events } = await scanBytes(file, bytes, { sources: sourceStage }, [4096, 7, 65536]);
    expect(files[0]!.source).toMatchObject({ name: dataset, records: count, events: count });
    const parsed = events.map((event) => flatten(JSON.parse(event.text) as Record<string, unknown>));
    expect(parsed.map((event) => event['data_stream.dataset'])).toEqual(Array<string>(count).fill(dataset));
    expect(parsed.every((event) => typeof event['@timestamp'] === 'string' && event['cloud.provider'] === 'azure')).toBe(true);
  });

  it('the Graph page keeps each sign-in\'s outcome and user', async () => {
    const [, file, bytes] = EXPORTS[2]!;
    const { events } = await scanBytes(file, bytes, { sources: sourceStage });
    const parsed = events.map((event) => flatten(JSON.parse(event.text) as Record<string, unknown>));
    expect(parsed.map((event) => [event['user.name'], event['event.outcome']])).toEqual([['alex.doe', 'success'], ['kim', 'success'], ['alex.doe', 'failure']]);
  });
});
