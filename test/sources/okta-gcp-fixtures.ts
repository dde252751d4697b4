/**
 * A small Okta + Google Cloud incident as the consoles and APIs hand it over, built from the
 * documented record formats (Okta LogEvent, Cloud Logging LogEntry with an AuditLog payload),
 * and the prebuilt rules (public corpus rule ids) each part raises once mapped as the
 * integrations map it.
 */

const AT = (minute: number, second = 0): string => `2026-11-30T09:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;

function oktaEvent(n: number, eventType: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uuid: `okta-${n}`,
    published: AT(n),
    eventType,
    version: '0',
    severity: 'INFO',
    displayMessage: eventType,
    actor: { id: '00u1mallory', type: 'User', alternateId: 'mallory@example.com', displayName: 'Mallory', detailEntry: null },
    client: { ipAddress: '81.2.69.142', device: 'Computer', zone: 'null', userAgent: { rawUserAgent: 'Mozilla/5.0', os: 'Mac OS X', browser: 'CHROME' }, geographicalContext: { city: 'London', country: 'United Kingdom', state: 'England', postalCode: null, geolocation: { lat: 51.5, lon: -0.09 } } },
    outcome: { result: 'SUCCESS', reason: null },
    authenticationContext: { authenticationStep: 0, externalSessionId: 'idx1' },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    debugContext: { debugData: { requestUri: '/api/v1/x', threatSuspected: 'false' } },
    transaction: { type: 'WEB', id: `tx-${n}`, detail: {} },
    target: null,
    ...extra,
  };
}

/** Okta System Log events: a privilege change, impersonation, policy deletion, API token, new behaviour and three lockouts. */
export const OKTA_EVENTS: readonly Record<string, unknown>[] = [
  oktaEvent(1, 'user.mfa.attempt_bypass'),
  oktaEvent(2, 'user.session.impersonation.initiate'),
  oktaEvent(3, 'policy.lifecycle.delete', { target: [{ id: 'pol1', type: 'PolicyEntity', alternateId: 'unknown', displayName: 'MFA policy', detailEntry: null }] }),
  oktaEvent(4, 'system.api_token.create'),
  oktaEvent(5, 'user.session.start', { debugContext: { debugData: { behaviors: '{New Geo-Location=POSITIVE, New Device=POSITIVE, New IP=NEGATIVE}', threatSuspected: 'true' } } }),
  oktaEvent(6, 'user.account.lock', { actor: { id: '00u2bob', type: 'User', alternateId: 'bob@example.com', displayName: 'Bob' } }),
  oktaEvent(7, 'user.account.lock', { actor: { id: '00u2bob', type: 'User', alternateId: 'bob@example.com', displayName: 'Bob' } }),
  oktaEvent(8, 'user.account.lock', { actor: { id: '00u2bob', type: 'User', alternateId: 'bob@example.com', displayName: 'Bob' } }),
  oktaEvent(9, 'user.authentication.sso'),
];

/** Rule id → the Okta event ids that raise it (the threshold rule's alert names no single event). */
export const OKTA_RAISED: Readonly<Record<string, readonly string[]>> = {
  '3805c3dc-f82c-4f8d-891e-63c24d3102b0': ['okta-1'], // Attempted Bypass of Okta MFA
  'cdbebdc1-dc97-43c6-a538-f26a20c0a911': ['okta-2'], // Okta User Session Impersonation
  'b4bb1440-0fcb-4ed1-87e5-b06d58efc5e9': ['okta-3'], // Attempt to Delete an Okta Policy
  '96b9f4ea-0e8c-435b-8d53-2096e75fcac5': ['okta-4'], // Attempt to Create Okta API Token
  '260486ee-7d98-11ee-9599-f661ea17fbcd': ['okta-5'], // New Okta Authentication Behavior Detected (risk_behaviors from debugData.behaviors)
  '6885d2ae-e008-4762-b98a-e8e1cd3a81e9': ['okta-5'], // Okta ThreatInsight Threat Suspected Promotion
  'e08ccd49-0380-4b2b-8d71-8000377d6e49': ['threshold'], // Attempts to Brute Force an Okta User Account (3 locks of one account)
};

function auditEntry(n: number, serviceName: string, methodName: string, extra: Record<string, unknown> = {}, payload: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    insertId: `gcp-${n}`,
    logName: 'projects/victim-prod/logs/cloudaudit.googleapis.com%2Factivity',
    severity: 'NOTICE',
    timestamp: `2026-11-30T09:3${n}:00.123456Z`,
    receiveTimestamp: `2026-11-30T09:3${n}:01.5Z`,
    resource: { type: 'project', labels: { project_id: 'victim-prod' } },
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      status: {},
      authenticationInfo: { principalEmail: 'mallory@example.com' },
      requestMetadata: { callerIp: '1.128.0.1', callerSuppliedUserAgent: 'google-cloud-sdk gcloud/450.0.0', requestAttributes: {}, destinationAttributes: {} },
      serviceName,
      methodName,
      authorizationInfo: [{ resource: 'projects/victim-prod', permission: 'x', granted: true, resourceAttributes: {} }],
      resourceName: 'projects/victim-prod',
      ...payload,
    },
    ...extra,
  };
}

/** Cloud Audit Logs entries: a key for a service account, a sink deleted, a firewall opened, secrets listed from GKE. */
export const GCP_ENTRIES: readonly Record<string, unknown>[] = [
  auditEntry(1, 'iam.googleapis.com', 'google.iam.admin.v1.CreateServiceAccountKey'),
  auditEntry(2, 'logging.googleapis.com', 'google.logging.v2.ConfigServiceV2.DeleteSink'),
  auditEntry(3, 'compute.googleapis.com', 'v1.compute.firewalls.insert', {}, { status: { code: 0 } }),
  auditEntry(4, 'k8s.io', 'io.k8s.core.v1.secrets.list', { resource: { type: 'k8s_cluster', labels: { project_id: 'victim-prod', cluster_name: 'prod-gke', location: 'europe-west1' } } }, { resourceName: 'core/v1/namespaces/default/secrets' }),
  { insertId: 'syslog-1', logName: 'projects/victim-prod/logs/syslog', textPayload: 'not an audit entry', timestamp: '2026-11-30T09:39:00Z' },
];

export const GCP_RAISED: Readonly<Record<string, readonly string[]>> = {
  '0e5acaae-6a64-4bbc-adb8-27649c03f7e1': ['gcp-1'], // GCP Service Account Key Creation
  '51859fa0-d86b-4214-bf48-ebb30ed91305': ['gcp-2'], // GCP Logging Sink Deletion
  '30562697-9859-4ae0-a8c5-dab45d664170': ['gcp-3'], // GCP Firewall Rule Creation
  '854e89c1-f70c-4180-bc53-65999df9d3c3': ['gcp-4'], // GKE Secret Access via Unusual User Agent (new_terms: first sight of this IP, user and agent)
};

/** GKE Secrets List from Unusual Source AS Organization: reads source.as.*, so it needs an ASN database. */
export const GEO_RULE = { ruleId: '4df2e3ae-3553-4194-b22e-3e5a6f71466e', event: 'gcp-4' } as const;

/** Dotted attribute paths of a LogEvent (list items as `target[0].id`), as the console's CSV header names them. */
function flattenEvent(value: unknown, prefix: string, into: Map<string, string>): void {
  if (Array.isArray(value)) value.forEach((item, i) => flattenEvent(item, `${prefix}[${i}]`, into));
  else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) flattenEvent(child, prefix === '' ? key : `${prefix}.${key}`, into);
  else if (value !== null && value !== undefined) into.set(prefix, String(value));
}

const quoteCsv = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** The Okta Admin Console's "Download CSV" of these events: UTF-8, CRLF, a header of attribute paths, empty cells for absent values. */
export function oktaConsoleCsv(events: readonly Record<string, unknown>[]): string {
  const rows = events.map((event) => {
    const cells = new Map<string, string>();
    flattenEvent(event, '', cells);
    return cells;
  });
  const header = [...new Set(rows.flatMap((row) => [...row.keys()]))];
  return [header.map(quoteCsv).join(','), ...rows.map((row) => header.map((column) => quoteCsv(row.get(column) ?? '')).join(','))].map((line) => `${line}\r\n`).join('');
}
