/**
 * What the o365 module adds per record schema (`event.code`), after the fields every record gets
 * (map.ts). Each handler reads the record (`audit`, with its list properties already reshaped) and
 * writes the ECS document; `audit` is changed only where the module changes `o365.audit.*` too.
 */
import { isoMillis } from '../common/ecs.ts';
import { isRecord } from '../../engine/json/own-record.ts';
import { getPath, putDefined, putPath, type Doc } from '../common/doc.ts';
import { appendUnique, asString } from './doc.ts';

export interface SchemaInput {
  readonly doc: Doc;
  /** The record as it will be kept under `o365.audit`. */
  readonly audit: Doc;
}

type Schema = (input: SchemaInput) => void;

/** An operation's categorisation: `event.action` renamed, `event.category`/`event.type`, and fields copied from the record. */
interface Conversion {
  readonly action?: string;
  readonly category?: string | readonly string[];
  readonly type?: string | readonly string[];
  readonly copy?: readonly (readonly [from: string, to: string])[];
}

function list(value: string | readonly string[]): string | string[] {
  return typeof value === 'string' ? value : [...value];
}

/** Applies the conversion listed for the current `event.action`, if any. */
function convertByAction(table: Readonly<Record<string, Conversion>>): Schema {
  return ({ doc, audit }) => {
    const action = getPath(doc, 'event.action');
    if (typeof action !== 'string' || !Object.hasOwn(table, action)) return;
    const conversion = table[action]!;
    if (conversion.action !== undefined) putPath(doc, 'event.action', conversion.action);
    if (conversion.category !== undefined) putPath(doc, 'event.category', list(conversion.category));
    if (conversion.type !== undefined) putPath(doc, 'event.type', list(conversion.type));
    for (const [from, to] of conversion.copy ?? []) putDefined(doc, to, getPath(audit, from));
  };
}

/** Copies record fields to ECS fields when present (`[from, to, asString?]`). */
function copies(pairs: readonly (readonly [from: string, to: string, text?: 'string'])[]): Schema {
  return ({ doc, audit }) => {
    for (const [from, to, text] of pairs) {
      const value = getPath(audit, from);
      putDefined(doc, to, text === 'string' ? asString(value) : value);
    }
  };
}

const TARGET_USER = [['ObjectId', 'user.target.id']] as const;

const azureActiveDirectory = convertByAction({
  'Add user.': { action: 'added-user-account', category: 'iam', type: ['user', 'creation'], copy: TARGET_USER },
  'Update user.': { action: 'modified-user-account', category: 'iam', type: ['user', 'change'], copy: TARGET_USER },
  'Delete user.': { action: 'deleted-user-account', category: 'iam', type: ['user', 'deletion'], copy: TARGET_USER },
});

const teamsConversions = convertByAction({
  TeamCreated: { action: 'added-group-account-to', category: 'iam', type: ['group', 'creation'], copy: [['TeamName', 'group.name']] },
  MemberAdded: { action: 'added-users-to-group', category: 'iam', type: ['group', 'change'] },
  'Delete user.': { action: 'deleted-user-account', category: 'iam', type: ['user', 'deletion'], copy: TARGET_USER },
});

function teams(input: SchemaInput): void {
  teamsConversions(input);
  const members = input.audit['Members'];
  if (!Array.isArray(members)) return;
  for (const member of members) if (isRecord(member) && typeof member['UPN'] === 'string' && member['UPN'] !== '') appendUnique(input.doc, 'related.user', member['UPN']);
}

function stsLogon({ doc }: SchemaInput): void {
  putPath(doc, 'event.category', 'authentication');
  const outcome = getPath(doc, 'event.outcome');
  putPath(doc, 'event.type', outcome !== undefined && outcome !== 'unknown' ? ['start', `authentication_${String(outcome)}`] : ['start']);
}

const FILE_OPERATIONS: Readonly<Record<string, readonly [category: string, type: string]>> = {
  ComplianceSettingChanged: ['configuration', 'change'],
  FileAccessed: ['file', 'access'],
  FileDeleted: ['file', 'deletion'],
  FileDownloaded: ['file', 'access'],
  FileModified: ['file', 'change'],
  FileMoved: ['file', 'change'],
  FileRenamed: ['file', 'change'],
  FileRestored: ['file', 'change'],
  FileUploaded: ['file', 'creation'],
  FolderCopied: ['file', 'creation'],
  FolderCreated: ['file', 'creation'],
  FolderDeleted: ['file', 'deletion'],
  FolderModified: ['file', 'change'],
  FolderMoved: ['file', 'change'],
  FolderRenamed: ['file', 'change'],
  FolderRestored: ['file', 'change'],
};

const fileOperationFields = copies([
  ['ObjectId', 'url.original'],
  ['SourceRelativeUrl', 'file.directory'],
  ['SourceFileName', 'file.name'],
  ['SourceFileExtension', 'file.extension'],
]);

function sharePointFileOperation(input: SchemaInput): void {
  fileOperationFields(input);
  const operation = input.audit['Operation'];
  if (typeof operation !== 'string' || !Object.hasOwn(FILE_OPERATIONS, operation)) return;
  const [category, type] = FILE_OPERATIONS[operation]!;
  putPath(input.doc, 'event.category', category);
  putPath(input.doc, 'event.type', type);
}

/** The management API's severities as `event.severity`; -1 for none or an unknown one. */
export function severityCode(value: unknown): number {
  if (typeof value !== 'string') return -1;
  return { informational: 1, low: 2, medium: 3, high: 4 }[value.toLowerCase()] ?? -1;
}

const ALERT_CATEGORIES: Readonly<Record<string, string>> = {
  accessgovernance: 'authentication',
  datagovernance: 'file',
  datalossprevention: 'file',
  threatmanagement: 'malware',
};

const alertFields = copies([
  ['Comments', 'message'],
  ['Name', 'rule.name'],
  ['PolicyId', 'rule.id'],
  ['Category', 'rule.category'],
  ['EntityType', 'rule.ruleset'],
  ['AlertEntityId', 'rule.description'],
  ['AlertLinks', 'rule.reference'],
]);

/** Where an alert's entity goes, by its `EntityType`. */
const ALERT_ENTITY: Readonly<Record<string, readonly [field: string, text?: 'string']>> = {
  User: ['user.id', 'string'],
  Recipients: ['user.email'],
  Sender: ['user.email'],
  MalwareFamily: ['threat.technique.id'],
};

function securityComplianceAlerts(input: SchemaInput): void {
  const { doc, audit } = input;
  alertFields(input);
  putPath(doc, 'event.kind', 'alert');
  putPath(doc, 'event.type', 'info');
  const severity = severityCode(audit['Severity']);
  if (severity >= 0) putPath(doc, 'event.severity', severity);
  const category = audit['Category'];
  const key = typeof category === 'string' ? category.toLowerCase() : '';
  putPath(doc, 'event.category', Object.hasOwn(ALERT_CATEGORIES, key) ? ALERT_CATEGORIES[key] : 'authentication');
  const entityType = audit['EntityType'];
  if (typeof entityType === 'string' && Object.hasOwn(ALERT_ENTITY, entityType)) {
    const [field, text] = ALERT_ENTITY[entityType]!;
    const entity = audit['AlertEntityId'];
    putDefined(doc, field, text === 'string' ? asString(entity) : entity);
  }
}

const dlpFields = copies([
  ['SharePointMetaData.From', 'user.id'],
  ['SharePointMetaData.FileName', 'file.name'],
  ['SharePointMetaData.FilePathUrl', 'url.original'],
  ['SharePointMetaData.UniqueId', 'file.inode'],
  ['SharePointMetaData.UniqueID', 'file.inode'],
  ['SharePointMetaData.FileOwner', 'file.owner'],
  ['ExchangeMetaData.From', 'source.user.email'],
  ['ExchangeMetaData.Subject', 'message'],
  ['PolicyId', 'rule.id'],
  ['PolicyName', 'rule.name'],
]);

function dataLossPrevention(input: SchemaInput): void {
  const { doc, audit } = input;
  putPath(doc, 'event.kind', 'alert');
  putPath(doc, 'event.category', 'file');
  putPath(doc, 'event.type', 'access');
  dlpFields(input);
  const modified = getPath(audit, 'SharePointMetaData.LastModifiedTime');
  const mtime = typeof modified === 'string' ? isoMillis(/Z$/.test(modified) ? modified : `${modified}Z`) : undefined;
  if (mtime !== undefined) putPath(doc, 'file.mtime', mtime);
  const recipients: unknown[] = [];
  for (const field of ['To', 'CC', 'BCC']) {
    const value = getPath(audit, `ExchangeMetaData.${field}`);
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) recipients.push(item);
    else recipients.push(value);
  }
  if (recipients.length > 0) putPath(doc, 'destination.user.email', recipients.length === 1 ? recipients[0] : recipients);
  // ExceptionInfo is documented as a string but seen as an object: a string becomes `{Reason}`.
  const exception = audit['ExceptionInfo'];
  if (exception === '') delete audit['ExceptionInfo'];
  else if (typeof exception === 'string') audit['ExceptionInfo'] = { Reason: exception };
  dlpRules(doc, audit);
}

/** `rule.*` from every matched rule, the highest severity, and whether access was blocked (and not overridden). */
function dlpRules(doc: Doc, audit: Doc): void {
  const policies = audit['PolicyDetails'];
  if (!Array.isArray(policies)) return;
  const ids: unknown[] = [];
  const names: unknown[] = [];
  let severity = -1;
  let allowed = true;
  for (const policy of policies) {
    const rules = isRecord(policy) ? policy['Rules'] : undefined;
    if (!Array.isArray(rules)) continue;
    for (const rule of rules) {
      if (!isRecord(rule)) continue;
      if (rule['RuleId'] !== undefined && rule['RuleId'] !== null && rule['RuleName'] !== undefined && rule['RuleName'] !== null) {
        ids.push(rule['RuleId']);
        names.push(rule['RuleName']);
      }
      severity = Math.max(severity, severityCode(rule['Severity']));
      const actions = rule['Actions'];
      if (Array.isArray(actions) && actions.includes('BlockAccess')) allowed = false;
    }
  }
  if (ids.length === 1) {
    putPath(doc, 'rule.id', ids[0]);
    putPath(doc, 'rule.name', names[0]);
  } else if (ids.length > 1) {
    putPath(doc, 'rule.id', ids);
    putPath(doc, 'rule.name', names);
  }
  if (severity > -1) putPath(doc, 'event.severity', severity);
  putPath(doc, 'event.outcome', allowed || blockOverridden(audit) ? 'success' : 'failure');
}

/** A DLP block undone (`DlpRuleUndo`) or excepted (`ExceptionInfo`); `DlpInfo` is a false-positive note, not an override. */
function blockOverridden(audit: Doc): boolean {
  const operation = typeof audit['Operation'] === 'string' ? audit['Operation'].toLowerCase() : '';
  if (operation === 'dlpruleundo') return true;
  if (operation === 'dlpinfo') return false;
  const exception = audit['ExceptionInfo'];
  return exception !== undefined && exception !== null && exception !== '';
}

const yammerFields = copies([
  ['ActorUserId', 'user.email'],
  ['ActorYammerUserId', 'user.id', 'string'],
  ['FileId', 'file.inode'],
  ['FileName', 'file.name'],
  ['GroupName', 'group.name'],
  ['TargetUserId', 'destination.user.email'],
  ['TargetYammerUserId', 'destination.user.id'],
]);

const CONFIGURATION_CHANGE: Conversion = { category: 'configuration', type: 'change' };
const yammerConversions = convertByAction({
  NetworkConfigurationUpdated: CONFIGURATION_CHANGE,
  NetworkSecurityConfigurationUpdated: { category: ['iam', 'configuration'], type: ['admin', 'change'] },
  SoftDeleteSettingsUpdated: CONFIGURATION_CHANGE,
  ProcessProfileFields: CONFIGURATION_CHANGE,
  SupervisorAdminToggled: CONFIGURATION_CHANGE,
  FileCreated: { category: 'file', type: 'creation' },
  GroupCreation: { category: 'iam', type: ['group', 'creation'] },
  GroupDeletion: { category: 'iam', type: ['group', 'deletion'] },
  FileDownloaded: { category: 'file', type: 'access' },
  FileShared: { category: 'file', type: 'access' },
  NetworkUserSuspended: { category: 'iam', type: 'user' },
  UserSuspension: { category: 'iam', type: 'user' },
  FileUpdateDescription: { category: 'file', type: 'access' },
  FileUpdateName: { category: 'file', type: 'creation' },
  FileVisited: { category: 'file', type: 'access' },
});

function yammer(input: SchemaInput): void {
  yammerFields(input);
  yammerConversions(input);
}

const exchangeAdmin = copies([
  ['OrganizationName', 'organization.name'],
  ['OriginatingServer', 'server.address'],
]);

const exchangeItem = copies([
  ['MailboxOwnerUPN', 'user.email'],
  ['LogonUserSid', 'user.id', 'string'],
  ['LogonUserDisplayName', 'user.full_name'],
  ['OrganizationName', 'organization.name'],
  ['OriginatingServer', 'server.address'],
  ['ClientIPAddress', 'client.address'],
  ['ClientProcessName', 'process.name'],
]);

/** The module's per-schema handling, by `event.code`. */
export const SCHEMAS: ReadonlyMap<string, Schema> = new Map([
  ['ExchangeAdmin', exchangeAdmin],
  ['ExchangeItem', exchangeItem],
  ['AzureActiveDirectory', azureActiveDirectory],
  ['AzureActiveDirectoryStsLogon', stsLogon],
  ['SharePointFileOperation', sharePointFileOperation],
  ['SecurityComplianceAlerts', securityComplianceAlerts],
  ['ComplianceDLPSharePoint', dataLossPrevention],
  ['ComplianceDLPExchange', dataLossPrevention],
  ['Yammer', yammer],
  ['MicrosoftTeams', teams],
]);
