/**
 * Unified audit log records shaped as Microsoft documents them (Office 365 Management Activity
 * API schema: the common schema plus each workload's own fields), for one small incident at
 * contoso.com: an OAuth consent phish, a sign-in from an attacker's script, an inbox rule forwarding mail out, a mail flow
 * rule, a Global Administrator role grant, a malware upload to SharePoint, and ordinary activity.
 */
export const TENANT = '4f5a1b2c-3d4e-4f60-8a9b-0c1d2e3f4a5b';
export type AuditRecord = Record<string, unknown>;

function common(id: string, time: string, recordType: number, workload: string, operation: string, userId: string, extra: AuditRecord): AuditRecord {
  return { CreationTime: time, Id: id, Operation: operation, OrganizationId: TENANT, RecordType: recordType, ResultStatus: 'Succeeded', UserKey: `1003200${id.slice(0, 9)}`, UserType: 0, Version: 1, Workload: workload, UserId: userId, ...extra };
}

/** STS sign-in by Office (29d9ed98…) to Exchange's resource from a Node.js client: the AiTM (Tycoon2FA) pattern. */
export const aitmSignIn = common('5b1b3a2e-0d4c-4c6e-9f1e-7a0b9c8d7e61', '2026-11-30T08:14:03', 15, 'AzureActiveDirectory', 'UserLoggedIn', 'alice@contoso.com', {
  ResultStatus: 'Success',
  ObjectId: '00000002-0000-0ff1-ce00-000000000000',
  ClientIP: '203.0.113.77',
  AzureActiveDirectoryEventType: 1,
  ExtendedProperties: [
    { Name: 'ResultStatusDetail', Value: 'Success' },
    { Name: 'UserAgent', Value: 'axios/1.7.7' },
    { Name: 'RequestType', Value: 'OAuth2:Token' },
  ],
  ModifiedProperties: [],
  Actor: [{ ID: 'alice@contoso.com', Type: 5 }],
  ActorContextId: TENANT,
  ActorIpAddress: '203.0.113.77',
  ApplicationId: '29d9ed98-a469-4536-ade2-f981bc1d605e',
  ErrorNumber: '0',
  Target: [{ ID: '00000002-0000-0ff1-ce00-000000000000', Type: 0 }],
  TargetContextId: TENANT,
});

/** The phishing link: Alice authorises Azure CLI (a first-party app) to Graph, redirected with a code the attacker redeems. */
export const consentPhish = common('4a0c2b1d-9e8f-4a7b-8c6d-5e4f3a2b1c0d', '2026-11-30T08:12:41', 15, 'AzureActiveDirectory', 'UserLoggedIn', 'alice@contoso.com', {
  ResultStatus: 'Success',
  ObjectId: '00000003-0000-0000-c000-000000000000',
  ClientIP: '192.0.2.15',
  AzureActiveDirectoryEventType: 1,
  ExtendedProperties: [
    { Name: 'ResultStatusDetail', Value: 'Redirect' },
    { Name: 'UserAgent', Value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' },
    { Name: 'RequestType', Value: 'OAuth2:Authorize' },
  ],
  Actor: [{ ID: 'alice@contoso.com', Type: 5 }],
  ApplicationId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  ErrorNumber: '0',
  Target: [{ ID: '00000003-0000-0000-c000-000000000000', Type: 0 }],
});

/** New-InboxRule forwarding Alice's mail to an outside address. */
export const forwardingRule = common('8e0f6c5d-2a41-4b7e-a3c9-08dcd1e2f3a4', '2026-11-30T08:21:40', 1, 'Exchange', 'New-InboxRule', 'alice@contoso.com', {
  ResultStatus: 'True',
  ObjectId: 'Alice\\.',
  ClientIP: '203.0.113.77:49152',
  ExternalAccess: false,
  OrganizationName: 'contoso.onmicrosoft.com',
  OriginatingServer: 'AM6PR04MB1234 (15.20.8182.020)',
  Parameters: [
    { Name: 'AlwaysDeleteOutlookRulesBlob', Value: 'False' },
    { Name: 'Force', Value: 'False' },
    { Name: 'Name', Value: '.' },
    { Name: 'ForwardTo', Value: 'drop@fabrikam-mail.example' },
    { Name: 'MarkAsRead', Value: 'True' },
    { Name: 'StopProcessingRules', Value: 'True' },
  ],
});

/** New-TransportRule by the same session: a tenant-wide mail flow rule. */
export const transportRule = common('1c2d3e4f-5a6b-4c7d-8e9f-08dcd1e2f3b5', '2026-11-30T08:25:12', 1, 'Exchange', 'New-TransportRule', 'alice@contoso.com', {
  ResultStatus: 'True',
  ObjectId: 'Invoice routing',
  ExternalAccess: false,
  OrganizationName: 'contoso.onmicrosoft.com',
  OriginatingServer: 'AM6PR04MB1234 (15.20.8182.020)',
  Parameters: [
    { Name: 'Name', Value: 'Invoice routing' },
    { Name: 'SubjectContainsWords', Value: 'invoice' },
    { Name: 'BlindCopyTo', Value: 'drop@fabrikam-mail.example' },
  ],
});

/** Azure AD: Alice's account adds Bob to Global Administrator. */
export const globalAdminGrant = common('c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f', '2026-11-30T08:31:09', 8, 'AzureActiveDirectory', 'Add member to role.', 'alice@contoso.com', {
  ResultStatus: 'Success',
  ObjectId: 'bob@contoso.com',
  ClientIP: '203.0.113.77',
  AzureActiveDirectoryEventType: 1,
  ExtendedProperties: [
    { Name: 'additionalDetails', Value: '{}' },
    { Name: 'extendedAuditEventCategory', Value: 'User' },
  ],
  ModifiedProperties: [
    { Name: 'Role.ObjectID', NewValue: '62e90394-69f5-4237-9190-012177145e10', OldValue: '' },
    { Name: 'Role.DisplayName', NewValue: 'Global Administrator', OldValue: '' },
    { Name: 'Role.TemplateId', NewValue: '62e90394-69f5-4237-9190-012177145e10', OldValue: '' },
  ],
  Actor: [{ ID: 'alice@contoso.com', Type: 5 }],
  Target: [{ ID: 'bob@contoso.com', Type: 5 }],
});

/** The attacker's token registers a device in Alice's name, minutes later (the persistence step). */
export const deviceRegistration = common('0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6', '2026-11-30T08:19:18', 8, 'AzureActiveDirectory', 'Add registered users to device.', 'alice@contoso.com', {
  ResultStatus: 'Success',
  ObjectId: 'Not Available',
  ClientIP: '203.0.113.77',
  AzureActiveDirectoryEventType: 1,
  ModifiedProperties: [{ Name: 'DeviceId', NewValue: '["e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7"]', OldValue: '[]' }],
  Actor: [{ ID: 'alice@contoso.com', Type: 5 }],
  Target: [{ ID: 'DESKTOP-7Q2X9', Type: 1 }],
});

/** SharePoint's malware scan flags an uploaded file. */
export const malwareUpload = common('d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70', '2026-11-30T08:40:55', 6, 'SharePoint', 'FileMalwareDetected', 'SHAREPOINT\\system', {
  ObjectId: 'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Q4 payment.docm',
  ClientIP: '',
  ItemType: 'File',
  Site: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  SourceFileExtension: 'docm',
  SourceFileName: 'Q4 payment.docm',
  SourceRelativeUrl: 'Shared Documents',
  VirusInfo: 'W97M/Downloader',
  VirusVendor: 'Microsoft Defender',
});

/** Entra ID Protection's risk detection on Alice's sign-in (a record type newer than the integration's table). */
export const riskDetection = common('b8c9d0e1-f2a3-4b4c-9d5e-6f708192a3b4', '2026-11-30T08:16:30', 294, 'AzureActiveDirectory', 'AnomalousToken', 'alice@contoso.com', {
  ResultStatus: 'Success',
  ObjectId: 'alice@contoso.com',
  ClientIP: '203.0.113.77',
});

/** Ordinary activity no rule should flag: Bob reading a file, a failed sign-in, a mailbox item read. */
export const benign = [
  common('e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7081', '2026-11-30T09:02:11', 6, 'SharePoint', 'FileAccessed', 'bob@contoso.com', {
    ObjectId: 'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Budget.xlsx',
    ClientIP: '198.51.100.20',
    UserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    SourceFileExtension: 'xlsx',
    SourceFileName: 'Budget.xlsx',
    SourceRelativeUrl: 'Shared Documents',
  }),
  common('f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f708192', '2026-11-30T09:05:47', 15, 'AzureActiveDirectory', 'UserLoginFailed', 'bob@contoso.com', {
    ResultStatus: 'Failed',
    ObjectId: '00000003-0000-0ff1-ce00-000000000000',
    ClientIP: '198.51.100.20',
    LogonError: 'InvalidPasswordExpiredPassword',
    ExtendedProperties: [{ Name: 'RequestType', Value: 'Login:login' }, { Name: 'UserAgent', Value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' }],
    ApplicationId: '00000003-0000-0ff1-ce00-000000000000',
    ErrorNumber: '50055',
  }),
  common('a7b8c9d0-e1f2-4a3b-8c4d-5e6f70819203', '2026-11-30T09:07:02', 2, 'Exchange', 'Update', 'bob@contoso.com', {
    ClientIPAddress: '198.51.100.20',
    ClientInfoString: 'Client=OWA;Mozilla/5.0',
    LogonType: 0,
    MailboxOwnerUPN: 'bob@contoso.com',
    LogonUserSid: 'S-1-5-21-1111111111-2222222222-3333333333-1001',
    OrganizationName: 'contoso.onmicrosoft.com',
    Item: { Id: 'RgAAAAD', Subject: 'Lunch', ParentFolder: { Path: '\\Inbox' } },
  }),
];

/** Every record in time order. */
export const INCIDENT: readonly AuditRecord[] = [consentPhish, aitmSignIn, riskDetection, forwardingRule, transportRule, globalAdminGrant, deviceRegistration, malwareUpload, ...benign].sort((a, b) => String(a['CreationTime']).localeCompare(String(b['CreationTime'])));

/** Stands for a sequence rule's shell alert, which names no single event. */
export const SEQUENCE_SHELL = 'sequence shell alert';

/** The prebuilt rules (../shared/corpus/detection-rules.ndjson) the incident raises: rule id → the records (event.id) each alerts on. */
export const RAISED_RULES: Readonly<Record<string, readonly unknown[]>> = {
  // M365 Exchange Inbox Forwarding Rule Created (EQL): the inbox rule's ForwardTo and the transport rule's BlindCopyTo leave contoso.com.
  'ec8efb0c-604d-42fa-ac46-ed1cfbc38f78': [forwardingRule['Id'], transportRule['Id']],
  // M365 Exchange Mail Flow Transport Rule Created.
  'ff4dd44a-0ac6-44c4-8609-3f81bc820f02': [transportRule['Id']],
  // M365 Identity Global Administrator Role Assigned (ModifiedProperties.Role_DisplayName.NewValue, numeric RecordType).
  '88671231-6626-4e1b-abb7-6e361a171fbb': [globalAdminGrant['Id']],
  // M365 SharePoint Malware File Detected.
  '0e52157a-8e96-4a95-a6e3-5faae5081a74': [malwareUpload['Id']],
  // M365 Potential AiTM UserLoggedIn via Office App (Tycoon2FA): user_agent.original from ExtendedProperties.
  '275b972d-2fed-44fc-9214-08603b3318e3': [aitmSignIn['Id']],
  // M365 Identity OAuth Phishing via First-Party Microsoft Application: ExtendedProperties by name, the numeric UserType as the keyword "0".
  '929d0766-204b-11f0-9c1f-f661ea17fbcd': [consentPhish['Id']],
  // M365 Entra ID Risk Detection Signal: event.code from Microsoft's record type table (294).
  'cccc9be5-d8b0-466e-8a37-617eae57351a': [riskDetection['Id']],
  // M365 Identity OAuth Flow by User Sign-in to Device Registration (EQL sequence by related.user): authorize, token, device registration.
  'fcd2e4be-6ec4-482f-9222-6245367cd738': [SEQUENCE_SHELL, consentPhish['Id'], aitmSignIn['Id'], deviceRegistration['Id']],
};

/** A `Search-UnifiedAuditLog` result object (`ConvertTo-Json`): the record as `AuditData` text beside the cmdlet's own properties. */
export function searchResult(record: AuditRecord, index: number, count: number): AuditRecord {
  return {
    RunspaceId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
    RecordType: record['Workload'] === 'Exchange' ? 'ExchangeAdmin' : 'AzureActiveDirectory',
    CreationDate: `/Date(${Date.parse(`${String(record['CreationTime'])}Z`)})/`,
    UserIds: record['UserId'],
    Operations: record['Operation'],
    AuditData: JSON.stringify(record),
    ResultIndex: index + 1,
    ResultCount: count,
    Identity: record['Id'],
    IsValid: true,
    ObjectState: 'Unchanged',
  };
}
