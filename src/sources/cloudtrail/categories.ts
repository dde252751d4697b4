/**
 * The aws.cloudtrail pipeline's eventName → event.category/event.type table (its "Add ECS
 * categorization" script's params), exact strings. Generated from
 * ../shared/conformance/integrations/aws/cloudtrail/ingest_pipeline/default.yml; the test
 * test/sources/cloudtrail/categories.test.ts reads that YAML and fails on any difference.
 */
export interface Categorization {
  readonly category: readonly string[];
  readonly type: readonly string[];
}

export const CATEGORIES: Readonly<Record<string, Categorization>> = {
  AddUserToGroup: { category: ['iam'], type: ['group', 'change'] },
  AssumeRole: { category: ['authentication'], type: ['info'] },
  AttachGroupPolicy: { category: ['iam'], type: ['group', 'change'] },
  AttachUserPolicy: { category: ['iam'], type: ['user', 'change'] },
  ChangePassword: { category: ['iam'], type: ['user', 'change'] },
  ConsoleLogin: { category: ['authentication'], type: ['info'] },
  CreateAccessKey: { category: ['iam'], type: ['user', 'change'] },
  CreateBucket: { category: ['file'], type: ['creation'] },
  CreateGroup: { category: ['iam'], type: ['group', 'creation'] },
  CreateKeyPair: { category: ['iam'], type: ['admin', 'creation'] },
  CreateUser: { category: ['iam'], type: ['user', 'creation'] },
  CreateVirtualMFADevice: { category: ['iam'], type: ['user', 'change'] },
  DeactivateMFADevice: { category: ['iam'], type: ['user', 'change'] },
  DeleteAccessKey: { category: ['iam'], type: ['user', 'change'] },
  DeleteBucket: { category: ['file'], type: ['deletion'] },
  DeleteGroup: { category: ['iam'], type: ['group', 'deletion'] },
  DeleteGroupPolicy: { category: ['iam'], type: ['group', 'change'] },
  DeleteSSHPublicKey: { category: ['iam'], type: ['user', 'change'] },
  DeleteUser: { category: ['iam'], type: ['user', 'deletion'] },
  DeleteUserPermissionsBoundary: { category: ['iam'], type: ['user', 'change'] },
  DeleteUserPolicy: { category: ['iam'], type: ['user', 'change'] },
  DeleteVirtualMFADevice: { category: ['iam'], type: ['user', 'change'] },
  DetachGroupPolicy: { category: ['iam'], type: ['group', 'change'] },
  DetachUserPolicy: { category: ['iam'], type: ['user', 'change'] },
  EnableMFADevice: { category: ['iam'], type: ['user', 'change'] },
  GetGroup: { category: ['iam'], type: ['group', 'info'] },
  GetGroupPolicy: { category: ['iam'], type: ['group', 'info'] },
  GetUser: { category: ['iam'], type: ['user', 'info'] },
  GetUserPolicy: { category: ['iam'], type: ['user', 'info'] },
  ListAttachedGroupPolicies: { category: ['iam'], type: ['group', 'info'] },
  ListAttachedUserPolicies: { category: ['iam'], type: ['user', 'info'] },
  ListGroupPolicies: { category: ['iam'], type: ['group', 'info'] },
  ListGroups: { category: ['iam'], type: ['group', 'info'] },
  ListGroupsForUser: { category: ['iam'], type: ['user', 'info'] },
  ListUserPolicies: { category: ['iam'], type: ['user', 'info'] },
  ListUserTags: { category: ['iam'], type: ['user', 'info'] },
  ListUsers: { category: ['iam'], type: ['user', 'info'] },
  PutGroupPolicy: { category: ['iam'], type: ['group', 'change'] },
  PutUserPermissionsBoundary: { category: ['iam'], type: ['user', 'change'] },
  PutUserPolicy: { category: ['iam'], type: ['user', 'change'] },
  RemoveUserFromGroup: { category: ['iam'], type: ['group', 'change'] },
  SetDefaultPolicyVersion: { category: ['iam'], type: ['admin', 'change'] },
  SetSecurityTokenServicePreferences: { category: ['iam'], type: ['admin', 'change'] },
  TagUser: { category: ['iam'], type: ['user', 'change'] },
  UntagUser: { category: ['iam'], type: ['user', 'change'] },
  UpdateAccessKey: { category: ['iam'], type: ['user', 'change'] },
  UpdateAccountPasswordPolicy: { category: ['iam'], type: ['admin', 'change'] },
  UpdateGroup: { category: ['iam'], type: ['group', 'change'] },
  UpdateLoginProfile: { category: ['iam'], type: ['user', 'change'] },
  UpdateRole: { category: ['iam'], type: ['admin', 'change'] },
  UpdateSSHPublicKey: { category: ['iam'], type: ['user', 'change'] },
  UpdateUser: { category: ['iam'], type: ['user', 'change'] },
};
