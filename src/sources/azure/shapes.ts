/**
 * Which Azure record a parsed JSON object is, by its fields (never by file name):
 * - diagnostic-settings records (storage `insights-logs-*` blobs, Event Hub, Log Analytics
 *   export): `time` + `category` — `…SignInLogs` (four sign-in categories), `AuditLogs`, or an
 *   activity record (`operationName` naming a provider operation, `Microsoft.X/…`);
 * - Microsoft Graph / Entra portal JSON: a signIn (`createdDateTime`, `status{}`, `userPrincipalName`
 *   or `appId`) or a directoryAudit (`activityDateTime`, `activityDisplayName`, `initiatedBy`);
 * - Azure Monitor REST / `az monitor activity-log list`: an event with `eventTimestamp`,
 *   `operationName{value}` and `category{value}`.
 */
import { isJsonObject, objectAt, stringAt, type JsonObject } from '../common/json.ts';

export type AzureShape = 'signin' | 'audit' | 'activity' | 'graph-signin' | 'graph-audit' | 'rest-activity';

export function azureShape(record: JsonObject): AzureShape | undefined {
  const category = record['category'];
  if (typeof category === 'string' && typeof record['time'] === 'string') {
    if (category.endsWith('SignInLogs')) return 'signin';
    if (category === 'AuditLogs') return 'audit';
    const operation = stringAt(record, 'operationName');
    if (operation !== undefined && /^[A-Za-z]+\.[A-Za-z]+\//.test(operation)) return 'activity';
    return undefined;
  }
  if (typeof record['createdDateTime'] === 'string' && isJsonObject(record['status']) && (typeof record['userPrincipalName'] === 'string' || typeof record['appId'] === 'string')) return 'graph-signin';
  if (typeof record['activityDateTime'] === 'string' && typeof record['activityDisplayName'] === 'string' && isJsonObject(record['initiatedBy'])) return 'graph-audit';
  if (typeof record['eventTimestamp'] === 'string' && stringAt(objectAt(record, 'operationName'), 'value') !== undefined && objectAt(record, 'category') !== undefined) return 'rest-activity';
  return undefined;
}
