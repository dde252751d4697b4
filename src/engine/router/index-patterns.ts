/**
 * A rule's `index` patterns as a test on one index name, following Elasticsearch's multi-target
 * syntax (`IndexNameExpressionResolver`):
 * - entries are the array items, each also split on commas; blanks around entries are ignored;
 * - `*` matches any run of characters; everything else is literal and case-sensitive;
 * - `-pattern` excludes what earlier entries included, and a later entry can include it again.
 *   As in Elasticsearch, `-` means exclusion only once an earlier entry had a wildcard; before
 *   that it is part of a name, and index names cannot start with `-`, so it matches nothing;
 * - a data stream's backing index (`.ds-logs-x-default-2024.01.01-000001`) is selected when its
 *   data stream name is (searching a data stream searches its backing indices);
 * - names starting with `.` are hidden (backing indices, `.alerts-*`): only patterns that
 *   themselves start with `.` reach them, as with Elasticsearch's implicit hidden matching;
 * - `cluster:pattern` (cross-cluster search): files carry no cluster, so the cluster part is
 *   compared only when the event's index has one too (`remote:logs-x` from a CCS export);
 *   otherwise the local part decides. Unqualified patterns match the local part of any index;
 * - selectors (8.18+/9.x): `::data` is the default; `::failures` selects failure-store documents,
 *   which event files do not hold, so such entries match nothing;
 * - date math (`<logs-{now/d}>`) is not evaluated: such entries are literal and match nothing.
 */
import { compileGlob, type GlobSegment } from '../match/glob.ts';
import { dataStreamOfBackingIndex } from './backing-index.ts';

export type IndexMatcher = (index: string) => boolean;

/**
 * Kibana's default `securitySolution:defaultIndex`, which applies to rules that name no index
 * (e.g. rules on a data view).
 */
export const DEFAULT_SECURITY_INDEX_PATTERNS: readonly string[] = [
  'apm-*-transaction*',
  'auditbeat-*',
  'endgame-*',
  'filebeat-*',
  'logs-*',
  'packetbeat-*',
  'traces-apm*',
  'winlogbeat-*',
  '-*elastic-cloud-logs-*',
];

interface Entry {
  readonly exclude: boolean;
  /** Glob on the cluster alias, when the entry names one. */
  readonly cluster: ((name: string) => boolean) | undefined;
  readonly local: (name: string) => boolean;
  /** The entry starts with `.`, so it may reach hidden names. */
  readonly reachesHidden: boolean;
}

interface Candidate {
  readonly name: string;
  readonly hidden: boolean;
}

export function compileIndexPatterns(patterns: readonly string[]): IndexMatcher {
  const entries: Entry[] = [];
  let wildcardSeen = false;
  for (const text of patterns.flatMap((pattern) => pattern.split(','))) {
    const expression = text.trim();
    if (expression === '') continue;
    const exclude = expression.startsWith('-') && wildcardSeen;
    if (expression.includes('*')) wildcardSeen = true;
    const entry = compileEntry(exclude ? expression.slice(1) : expression, exclude);
    if (entry !== null) entries.push(entry);
  }
  return (index) => {
    const { cluster, candidates } = describeIndex(index);
    let selected = false;
    for (const entry of entries) {
      // An inclusion can only change an unselected name, an exclusion only a selected one.
      if (entry.exclude !== selected) continue;
      if (entryMatches(entry, cluster, candidates)) selected = !entry.exclude;
    }
    return selected;
  };
}

/** An entry, or null for one that can match no event (a leading `-`, `::failures`, date math). */
function compileEntry(expression: string, exclude: boolean): Entry | null {
  let body = expression;
  const selector = body.lastIndexOf('::');
  if (selector !== -1) {
    if (body.slice(selector + 2) !== 'data') return null;
    body = body.slice(0, selector);
  }
  if (body.startsWith('-') || body.startsWith('<')) return null;
  // Index names cannot contain ':', so the first one separates the cluster alias.
  const colon = body.indexOf(':');
  const cluster = colon === -1 ? undefined : wildcard(body.slice(0, colon));
  const local = colon === -1 ? body : body.slice(colon + 1);
  if (local === '') return null;
  return { exclude, cluster, local: wildcard(local), reachesHidden: local.startsWith('.') };
}

function entryMatches(entry: Entry, cluster: string | undefined, candidates: readonly Candidate[]): boolean {
  if (entry.cluster !== undefined && cluster !== undefined && !entry.cluster(cluster)) return false;
  return candidates.some((candidate) => (entry.reachesHidden || !candidate.hidden) && entry.local(candidate.name));
}

function describeIndex(index: string): { cluster: string | undefined; candidates: Candidate[] } {
  const colon = index.indexOf(':');
  const cluster = colon === -1 ? undefined : index.slice(0, colon);
  const local = colon === -1 ? index : index.slice(colon + 1);
  const candidates: Candidate[] = [{ name: local, hidden: local.startsWith('.') }];
  const dataStream = dataStreamOfBackingIndex(local);
  if (dataStream !== null) candidates.push({ name: dataStream, hidden: dataStream.startsWith('.') });
  return { cluster, candidates };
}

/** Index expressions know only `*`; `?` and backslashes are ordinary characters. */
function wildcard(pattern: string): (name: string) => boolean {
  const segments: GlobSegment[] = [];
  pattern.split('*').forEach((literal, index) => {
    if (index > 0) segments.push('any');
    if (literal !== '') segments.push({ literal });
  });
  return compileGlob(segments, { caseInsensitive: false });
}
