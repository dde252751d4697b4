/**
 * `event.category` and `event.type` by Okta `eventType`, as the okta integration's ingest pipeline
 * appends them (data_stream/system/elasticsearch/ingest_pipeline/default.yml): one row per
 * `append` processor, in the pipeline's order, so repeated values repeat as they do there
 * (`security.request.blocked` gets `network` twice).
 */
interface AppendRule {
  readonly field: 'category' | 'type';
  readonly value: string;
  readonly eventTypes: readonly string[];
}

const USER_LIFECYCLE = ['user.lifecycle.activate', 'user.lifecycle.create', 'user.lifecycle.deactivate', 'user.lifecycle.suspend', 'user.lifecycle.unsuspend'];
const GROUP_MEMBERSHIP = ['group.user_membership.add', 'group.user_membership.remove'];
const RATE_LIMITS = ['system.org.rate_limit.warning', 'system.org.rate_limit.violation', 'core.concurrency.org.limit.violation'];
const APP_MEMBERSHIP = ['application.user_membership.add', 'application.user_membership.remove', 'application.user_membership.change_username'];
const SESSION = ['user.session.start', 'user.session.end'];

const RULES: readonly AppendRule[] = [
  { field: 'category', value: 'iam', eventTypes: [...GROUP_MEMBERSHIP, ...USER_LIFECYCLE] },
  {
    field: 'category',
    value: 'configuration',
    eventTypes: [
      'policy.lifecycle.activate', 'policy.lifecycle.create', 'policy.lifecycle.deactivate', 'policy.lifecycle.delete', 'policy.lifecycle.update',
      'policy.rule.activate', 'policy.rule.add', 'policy.rule.deactivate', 'policy.rule.delete', 'application.lifecycle.create',
      'application.lifecycle.delete', 'policy.rule.update', 'application.lifecycle.activate', 'application.lifecycle.deactivate', 'application.lifecycle.update',
    ],
  },
  { field: 'category', value: 'authentication', eventTypes: [...SESSION, 'user.authentication.sso', 'policy.evaluate_sign_on'] },
  { field: 'category', value: 'session', eventTypes: SESSION },
  { field: 'type', value: 'info', eventTypes: RATE_LIMITS },
  { field: 'type', value: 'network', eventTypes: ['security.request.blocked'] },
  { field: 'type', value: 'network', eventTypes: [...RATE_LIMITS, 'security.request.blocked'] },
  { field: 'type', value: 'start', eventTypes: ['user.session.start'] },
  { field: 'type', value: 'end', eventTypes: ['user.session.end'] },
  { field: 'type', value: 'group', eventTypes: GROUP_MEMBERSHIP },
  { field: 'type', value: 'info', eventTypes: [...USER_LIFECYCLE, 'user.authentication.sso', ...SESSION, ...APP_MEMBERSHIP] },
  {
    field: 'type',
    value: 'change',
    eventTypes: [
      'user.lifecycle.activate', 'user.lifecycle.deactivate', 'user.lifecycle.suspend', 'user.lifecycle.unsuspend', ...GROUP_MEMBERSHIP,
      'policy.lifecycle.activate', 'policy.lifecycle.deactivate', 'policy.lifecycle.update', 'policy.rule.activate', 'policy.rule.add',
      'policy.rule.deactivate', 'policy.rule.update', ...APP_MEMBERSHIP,
    ],
  },
  { field: 'type', value: 'creation', eventTypes: ['user.lifecycle.create', 'policy.lifecycle.create', 'application.lifecycle.create'] },
  { field: 'type', value: 'deletion', eventTypes: ['policy.lifecycle.delete', 'application.lifecycle.delete'] },
  { field: 'type', value: 'info', eventTypes: ['policy.evaluate_sign_on'] },
];

/** The categories and types the pipeline appends for one event type (empty lists when none). */
export function categorise(eventType: string | undefined): { category: string[]; type: string[] } {
  const out = { category: [] as string[], type: [] as string[] };
  if (eventType === undefined) return out;
  for (const rule of RULES) if (rule.eventTypes.includes(eventType)) out[rule.field].push(rule.value);
  return out;
}
