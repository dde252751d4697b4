/**
 * An ad-hoc hunt query as a rule: the app runs a hunt as a scan with this one rule (so the
 * prefilter, readers, cancel and intake are the scan's), checks it with the checker `loupe check`
 * uses, and saves it into the user's rules as Kibana rule NDJSON. Pure: no DOM, no Node.
 */
import { explainMatch } from '../explain/match.ts';
import type { MatchExplanation } from '../explain/explanation.ts';
import type { EventDoc } from '../query/event.ts';
import { checkRule } from '../rules/check.ts';
import { loadRuleTexts } from '../rules/load.ts';
import type { RuleEntry } from '../rules/model.ts';

export type HuntLanguage = 'kuery' | 'eql';

export interface HuntQuery {
  readonly language: HuntLanguage;
  readonly query: string;
}

/** A syntax or schema problem, positioned inside the query text (1-based). */
export interface HuntProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface HuntRuleFields {
  readonly name: string;
  readonly ruleId: string;
  readonly description?: string;
}

/** The file name the hunt rule is checked under; also how its problems are named. */
export const HUNT_RULE_FILE = 'hunt.ndjson';

/**
 * A minimal valid Kibana rule for the query (the fields Kibana's import requires, plus
 * `index` and `language`). EQL queries make `eql` rules, KQL ones `query` rules; the index
 * patterns are Elastic's defaults, which a hunt ignores (it reads every event of the evidence).
 */
export function huntRule(hunt: HuntQuery, fields: HuntRuleFields): Record<string, unknown> {
  return {
    name: fields.name,
    description: fields.description ?? `Saved from a Loupe hunt: ${hunt.query}`,
    rule_id: fields.ruleId,
    type: hunt.language === 'eql' ? 'eql' : 'query',
    language: hunt.language,
    query: hunt.query,
    index: ['logs-*', 'winlogbeat-*', 'auditbeat-*', 'filebeat-*', 'logs-endpoint.events.*'],
    risk_score: 21,
    severity: 'low',
    from: 'now-6m',
    interval: '5m',
    enabled: true,
    version: 1,
  };
}

export function huntRuleNdjson(hunt: HuntQuery, fields: HuntRuleFields): string {
  return `${JSON.stringify(huntRule(hunt, fields))}\n`;
}

/** The rule a hunt runs as (never saved under this id). */
export function huntScanRule(hunt: HuntQuery): string {
  return huntRuleNdjson(hunt, { name: 'Hunt', ruleId: 'loupe-hunt' });
}

/**
 * The query's problems as `loupe check` reports them for the same rule, with positions inside
 * the query; empty when it compiles. An empty query is a problem: it would match every event.
 */
export function checkHunt(hunt: HuntQuery): HuntProblem[] {
  if (hunt.query.trim() === '') return [{ message: 'type a query', line: 1, column: 1 }];
  const entry = huntEntry(hunt);
  if (!entry) return [{ message: 'the query could not be made into a rule', line: 1, column: 1 }];
  const check = checkRule(entry);
  if (check.status === 'unsupported') return [{ message: check.reason ?? 'not supported', line: 1, column: 1 }];
  return check.errors.map((issue) => ({
    // The checker appends "(query L:C)" for the rule file; here the position is said apart.
    message: issue.message.replace(/ \(query \d+:\d+\)$/, ''),
    line: issue.query?.line ?? 1,
    column: issue.query?.column ?? 1,
  }));
}

function huntEntry(hunt: HuntQuery): RuleEntry | undefined {
  return loadRuleTexts([{ file: HUNT_RULE_FILE, text: huntScanRule(hunt) }]).entries[0];
}

/** Why a hunt result matched (fields to highlight, clauses that held), as the alert detail shows it. */
export function explainHunt(hunt: HuntQuery, event: EventDoc): MatchExplanation | null {
  const entry = huntEntry(hunt);
  return entry ? explainMatch(entry, event) : null;
}

/** A KQL string literal (quotes and backslashes escaped). */
function kqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * "Events around this alert": every event of the same host within ±`minutes` of `time`, any
 * category, as a KQL query (so the user can read, narrow and save it like any hunt).
 */
export function eventsAroundQuery(host: string, time: string | number, minutes: number): HuntQuery {
  const at = typeof time === 'number' ? time : Date.parse(time);
  if (Number.isNaN(at)) throw new Error(`not a time: ${String(time)}`);
  const span = minutes * 60_000;
  const from = new Date(at - span).toISOString();
  const to = new Date(at + span).toISOString();
  return { language: 'kuery', query: `host.name : ${kqlString(host)} and @timestamp >= ${kqlString(from)} and @timestamp <= ${kqlString(to)}` };
}

/** A rule_id for a saved hunt: the name's letters, and a time stamp so two saves never clash. */
export function huntRuleId(name: string, now: number): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48);
  return `hunt-${slug === '' ? 'query' : slug}-${now.toString(36)}`;
}
