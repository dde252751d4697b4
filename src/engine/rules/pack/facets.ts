/**
 * What a rule pack can be narrowed by: the operating systems, data sources and ATT&CK tactics a
 * rule is for. Read from the rule itself, as Elastic's prebuilt rules label them: tags
 * `OS: Windows`, `Data Source: Elastic Defend` and `Tactic: Execution`, and `threat[].tactic`. So the same filters work
 * on the bundled library, the seed pack and any rule file a user loads.
 */
import type { Rule } from '../model.ts';

export interface RuleFacets {
  /** `windows`, `linux`, `macos`... lower-cased from `OS:` tags; empty for rules about no one OS (cloud, SaaS). */
  readonly os: readonly string[];
  /** `Data Source:` tags as written (`Elastic Defend`, `Sysmon`). */
  readonly sources: readonly string[];
  /** ATT&CK tactic names (`Credential Access`), from `threat` and `Tactic:` tags. */
  readonly tactics: readonly string[];
  /** ATT&CK tactic ids (`TA0006`) from `threat`. */
  readonly tacticIds: readonly string[];
}

/** A pack filter: within one facet any listed value matches; across facets every given facet must. */
export interface PackFilter {
  readonly os?: readonly string[];
  readonly source?: readonly string[];
  readonly tactic?: readonly string[];
}

function tagged(tags: readonly string[] | undefined, prefix: string): string[] {
  return [...new Set((tags ?? []).filter((tag) => tag.startsWith(prefix)).map((tag) => tag.slice(prefix.length).trim()).filter((value) => value !== ''))];
}

/** Rules written before the `OS:` prefix (detection-rules 8.6 and older) tag the OS by name alone. */
const BARE_OS_TAGS: ReadonlySet<string> = new Set(['windows', 'linux', 'macos']);

export function ruleFacets(rule: Pick<Rule, 'tags' | 'threat'>): RuleFacets {
  const tactics = new Map<string, string>();
  for (const threat of rule.threat ?? []) {
    const tactic = threat?.tactic;
    if (typeof tactic?.name === 'string' && !tactics.has(tactic.name)) tactics.set(tactic.name, typeof tactic.id === 'string' ? tactic.id : '');
  }
  return {
    os: [...new Set([...tagged(rule.tags, 'OS:'), ...(rule.tags ?? []).filter((tag) => BARE_OS_TAGS.has(tag.toLowerCase()))].map((os) => os.toLowerCase()))],
    sources: tagged(rule.tags, 'Data Source:'),
    tactics: [...new Set([...tactics.keys(), ...tagged(rule.tags, 'Tactic:')])],
    tacticIds: [...new Set([...tactics.values()].filter((id) => id !== ''))],
  };
}

/** `Credential Access`, `credential_access` and `credential-access` name the same thing. */
export function facetKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function anyMatch(wanted: readonly string[] | undefined, values: readonly string[]): boolean {
  if (wanted === undefined || wanted.length === 0) return true;
  const have = new Set(values.map(facetKey));
  return wanted.some((value) => have.has(facetKey(value)));
}

export function matchesFilter(facets: RuleFacets, filter: PackFilter): boolean {
  return anyMatch(filter.os, facets.os) && anyMatch(filter.source, facets.sources) && anyMatch(filter.tactic, [...facets.tactics, ...facets.tacticIds]);
}

export function isEmptyFilter(filter: PackFilter): boolean {
  return (filter.os?.length ?? 0) + (filter.source?.length ?? 0) + (filter.tactic?.length ?? 0) === 0;
}
