/**
 * `orchestrator.*` from a GKE audit entry's resource name, as the gcp integration's grok does
 * (its patterns in order, first match wins; grok searches, it does not anchor):
 *   %{DATA}/%{API_VERSION:api_version}/namespaces/%{DATA:namespace}/%{RESOURCE_TYPE:resource.type}(/%{HOSTNAME:resource.name})?
 *   %{DATA}/%{API_VERSION:api_version}/%{RESOURCE_TYPE:resource.type}
 *   apis/%{RESOURCE_TYPE:resource.type}/%{API_VERSION:api_version}
 *   api/%{API_VERSION:api_version}
 *   %{RESOURCE_TYPE:resource.type}
 */
const API_VERSION = String.raw`(v\d+(?:[a-z]+)?(?:\d+)?)`;
const RESOURCE_TYPE = String.raw`([a-z]+(?:(?:\.[a-z0-9]+)+)?)`;
/** Grok's HOSTNAME pattern. */
const HOSTNAME = String.raw`(\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\.?|\b))`;

const PATTERNS: readonly { readonly regex: RegExp; readonly fields: readonly string[] }[] = [
  { regex: new RegExp(String.raw`.*?/${API_VERSION}/namespaces/(.*?)/${RESOURCE_TYPE}(?:/${HOSTNAME})?`), fields: ['api_version', 'namespace', 'resource.type', 'resource.name'] },
  { regex: new RegExp(String.raw`.*?/${API_VERSION}/${RESOURCE_TYPE}`), fields: ['api_version', 'resource.type'] },
  { regex: new RegExp(String.raw`apis/${RESOURCE_TYPE}/${API_VERSION}`), fields: ['resource.type', 'api_version'] },
  { regex: new RegExp(String.raw`api/${API_VERSION}`), fields: ['api_version'] },
  { regex: new RegExp(RESOURCE_TYPE), fields: ['resource.type'] },
];

/** Dotted `orchestrator.` subfields (`api_version`, `namespace`, `resource.type`, `resource.name`) the first matching pattern captures. */
export function kubernetesResource(resourceName: string): Record<string, string> {
  for (const { regex, fields } of PATTERNS) {
    const match = regex.exec(resourceName);
    if (!match) continue;
    const out: Record<string, string> = {};
    fields.forEach((field, i) => {
      const value = match[i + 1];
      if (value !== undefined) out[field] = value;
    });
    return out;
  }
  return {};
}
