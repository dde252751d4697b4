/**
 * Which loaded rules depend on GeoIP/ASN enrichment: those reading the fields the integrations'
 * geoip processors write (`source.geo.*`, `destination.geo.*` from a City/Country database;
 * `source.as.*`, `destination.as.*` from an ASN database). Without the database such a rule
 * cannot match (the field is never there), so scans say which rules lose what: those that ran
 * and were routed events of this evidence (the others could not match it anyway).
 * `client.geo.*` is not among them: Okta and others write it from the record itself.
 */
export interface RuleFields {
  readonly name: string;
  readonly ruleId: string;
  readonly status: string;
  readonly fieldsRead?: readonly string[];
  /** Events routed to the rule (its index patterns matched): a rule that saw none loses nothing to a missing database. */
  readonly eventsSeen: number;
}

export interface GeoIpLoaded {
  readonly geo: boolean;
  readonly asn: boolean;
}

const GEO_FIELD = /^(?:source|destination)\.geo(?:\.|$)/;
const AS_FIELD = /^(?:source|destination)\.as(?:\.|$)/;

/** Rules that ran and read a GeoIP field whose database is missing, with those fields. */
export function rulesMissingGeoIp(rules: readonly RuleFields[], loaded: GeoIpLoaded): { readonly rule: RuleFields; readonly fields: string[] }[] {
  const out: { rule: RuleFields; fields: string[] }[] = [];
  for (const rule of rules) {
    if (rule.status !== 'ok' || rule.eventsSeen === 0) continue;
    const fields = (rule.fieldsRead ?? []).filter((field) => (!loaded.geo && GEO_FIELD.test(field)) || (!loaded.asn && AS_FIELD.test(field)));
    if (fields.length > 0) out.push({ rule, fields: [...new Set(fields)].sort() });
  }
  return out.sort((a, b) => (a.rule.name < b.rule.name ? -1 : a.rule.name > b.rule.name ? 1 : 0));
}

/** The summary's lines: a warning naming how many rules and which databases, then each rule and the fields it reads. */
export function geoIpWarningLines(rules: readonly RuleFields[], loaded: GeoIpLoaded): string[] {
  const missing = rulesMissingGeoIp(rules, loaded);
  if (missing.length === 0) return [];
  return [
    `${missing.length} loaded rule${missing.length === 1 ? ' reads' : 's read'} GeoIP fields no database was given for, and cannot match (--geoip FILE.mmdb: City for *.geo.*, ASN for *.as.*):`,
    ...missing.map(({ rule, fields }) => `  ${rule.name} (${rule.ruleId}): ${fields.join(', ')}`),
  ];
}
