/**
 * The module's shared pipeline (azure-shared-pipeline.yml), run last by all three data streams:
 * `cloud.provider`, the resource id taken apart into subscription, group, provider, namespace,
 * rule and name (grok patterns tried in the pipeline's order; each grok after the first runs only
 * while no subscription was found), `azure.resource_id` → `azure.resource.id`, outcome lower case.
 */
import { get, move, set, type Doc } from './fields.ts';

const SUBID = '\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}?';
/** A provider with a type (`Microsoft.Network/networkSecurityGroups`), as the later groks spell it. */
const PROVIDER_TYPE = '[A-Za-z]\\w+.[A-Za-z]\\w+\\/[A-Za-z][^\\/]\\w+';

/** Each pattern in its upper-case and its camel-case spelling; named groups are the grok's fields. */
function both(pattern: string): RegExp[] {
  const upper = pattern.replace(/@(\w+)@/g, (_m, word: string) => word.toUpperCase());
  const camel = pattern.replace(/@(\w+)@/g, (_m, word: string) => word);
  return [new RegExp(upper), new RegExp(camel)];
}

type Grok = { readonly patterns: readonly RegExp[]; readonly always?: boolean };

const GROKS: readonly Grok[] = [
  { always: true, patterns: both(`/@subscriptions@/(?<subscription>${SUBID})/@resourceGroups@/(?<group>.+)/@providers@/(?<provider>.+)/@namespaces@/(?<namespace>.+)/@authorizationRules@/(?<rule>.+)`) },
  { patterns: both(`/@subscriptions@/(?<subscription>${SUBID})/@resourceGroups@/(?<group>.+)/@providers@/(?<provider>[A-Za-z]\\w+.[A-Za-z]\\w+/[A-Za-z]\\w+.)/(?<name>(?:(?!AUTHORIZATIONRULES).)*$)`) },
  { patterns: both(`/@subscriptions@/(?<subscription>${SUBID})/@resourceGroups@/(?<group>.+)/@providers@/(?<provider>${PROVIDER_TYPE})/(?<name>.+)`) },
  { patterns: [/\/providers\/(?<provider>.+)/, /\/PROVIDERS\/(?<provider>.+)/] },
  { patterns: both(`/@subscriptions@/(?<subscription>${SUBID})/@providers@/(?<provider>${PROVIDER_TYPE})`) },
  { patterns: both(`/@subscriptions@/(?<subscription>${SUBID})/@resourceGroups@/(?<group>.+)`) },
  { patterns: both(`/@subscriptions@/(?<subscription>${SUBID})`) },
];

const TARGETS: Readonly<Record<string, string>> = {
  subscription: 'azure.subscription_id',
  group: 'azure.resource.group',
  provider: 'azure.resource.provider',
  namespace: 'azure.resource.namespace',
  rule: 'azure.resource.authorization_rule',
  name: 'azure.resource.name',
};

function grokResourceId(doc: Doc, resourceId: string): void {
  for (const grok of GROKS) {
    if (!grok.always && get(doc, 'azure.subscription_id') !== undefined) continue;
    for (const pattern of grok.patterns) {
      const groups = pattern.exec(resourceId)?.groups;
      if (groups === undefined) continue;
      for (const [group, value] of Object.entries(groups)) if (value !== undefined) set(doc, TARGETS[group]!, value);
      break;
    }
  }
}

export function sharedPipeline(doc: Doc): void {
  set(doc, 'cloud.provider', 'azure');
  const resourceId = get(doc, 'azure.resource_id');
  if (typeof resourceId === 'string') grokResourceId(doc, resourceId);
  move(doc, 'azure.resource_id', 'azure.resource.id');
  const outcome = get(doc, 'event.outcome');
  if (typeof outcome === 'string') set(doc, 'event.outcome', outcome.toLowerCase());
}
