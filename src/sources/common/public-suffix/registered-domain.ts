/**
 * Elasticsearch's `registered_domain` ingest processor (org.elasticsearch.web.RegisteredDomain) on
 * the Public Suffix List. Elasticsearch asks Apache HttpClient 4.5's PublicSuffixMatcher for the
 * "domain root" with no section filter. The quirks of both are kept, because the pipelines'
 * output has them (the Sysmon goldens show the PRIVATE one):
 * - a PRIVATE rule is treated as a registrable domain, not as a suffix: `x.y.akamaized.net` →
 *   registered `akamaized.net`, tld `net`, subdomain `x.y` (ICANN rules work as the PSL says:
 *   `www.example.co.uk` → `example.co.uk`, tld `co.uk`);
 * - ASCII letters are lower-cased for matching, but `domain` and the subdomain search use the
 *   name as given (`WWW.Example.com`: registered `example.com`, no subdomain);
 * - a name that is itself an ICANN suffix (`com`, `co.uk`) gets `domain` and `top_level_domain` only;
 * - a name whose last label has no rule (`localhost`, `host.corp`, IPv4 addresses), a trailing
 *   dot (`example.com.`), a leading dot, an empty or blank name: nothing;
 * - `top_level_domain` is the registered domain minus its first label.
 */
import { ICANN_RULES, PRIVATE_RULES } from './list.generated.ts';
import { idnToUnicode } from './punycode.ts';

export type SuffixSection = 'icann' | 'private';

interface Tables {
  readonly rules: Map<string, SuffixSection>;
  readonly exceptions: Map<string, SuffixSection>;
}

let tables: Tables | undefined;

function load(): Tables {
  const rules = new Map<string, SuffixSection>();
  const exceptions = new Map<string, SuffixSection>();
  for (const [text, section] of [[ICANN_RULES, 'icann'], [PRIVATE_RULES, 'private']] as const) {
    for (const line of text.split('\n')) {
      const eq = line.indexOf('=');
      const tld = line.slice(0, eq);
      for (const rest of line.slice(eq + 1).split(',')) {
        if (rest.startsWith('!')) exceptions.set(`${rest.slice(1)}.${tld}`, section);
        else rules.set(rest === '' ? tld : `${rest}.${tld}`, section);
      }
    }
  }
  return { rules, exceptions };
}

/** HttpClient's DnsUtils.normalize: ASCII upper case to lower case, nothing else. */
function asciiLower(name: string): string {
  return /[A-Z]/.test(name) ? name.replace(/[A-Z]+/g, (upper) => upper.toLowerCase()) : name;
}

/**
 * HttpClient 4.5's `getDomainRoot`: undefined when `name` starts with a dot or an ICANN rule
 * matches it whole; else the longest suffix above the first rule that matches (an ICANN rule's
 * match is the suffix, so the root is one label more), or the matching segment itself when the
 * rule is PRIVATE (`x.y.akamaized.net` → `akamaized.net`), or the segment an exception names, or
 * (no rule at all) the last label (`localhost` → `localhost`, `a.b.example` → `example`: the
 * caller then finds no dot in it).
 */
export function domainRoot(name: string): string | undefined {
  if (name.startsWith('.')) return undefined;
  const { rules, exceptions } = (tables ??= load());
  let root: string | undefined;
  let segment: string | undefined = asciiLower(name);
  while (segment !== undefined) {
    const key = idnToUnicode(segment);
    // An exception rule takes priority over any other matching rule.
    if (exceptions.has(key)) return segment;
    const rule = rules.get(key);
    if (rule !== undefined) return rule === 'private' ? segment : root;
    const dot: number = segment.indexOf('.');
    const next: string | undefined = dot < 0 ? undefined : segment.slice(dot + 1);
    const wildcard = next === undefined ? undefined : rules.get(`*.${idnToUnicode(next)}`);
    if (wildcard !== undefined) return wildcard === 'private' ? segment : root;
    root = segment;
    segment = next;
  }
  return root;
}

/** Which section of the list names `suffix` as a rule, if any (for sources that need ICANN-only answers). */
export function suffixSection(suffix: string): SuffixSection | undefined {
  return (tables ??= load()).rules.get(idnToUnicode(suffix.toLowerCase()));
}

export interface DomainInfo {
  readonly domain?: string;
  readonly registered_domain?: string;
  readonly top_level_domain?: string;
  readonly subdomain?: string;
}

/** The fields the processor sets (under its target field), or undefined when it sets none. */
export function registeredDomain(fqdn: string): DomainInfo | undefined {
  if (fqdn.trim() === '') return undefined;
  const root = domainRoot(fqdn);
  if (root === undefined) {
    // HttpClient's matches(): the root of the name without a leading dot is absent too.
    if (domainRoot(fqdn.startsWith('.') ? fqdn.slice(1) : fqdn) !== undefined) return undefined;
    return { domain: fqdn, top_level_domain: fqdn };
  }
  const firstDot = root.indexOf('.') + 1;
  // No rule matched down to the last label (`localhost`, `a.b.example`, a trailing dot's empty label).
  if (firstDot === 0) return undefined;
  if (firstDot >= root.length) return {}; // a root ending in its first dot: every field null
  const at = fqdn.lastIndexOf(`.${root}`);
  return {
    domain: fqdn,
    registered_domain: root,
    top_level_domain: root.slice(firstDot),
    ...(at > 0 ? { subdomain: fqdn.slice(0, at) } : {}),
  };
}
