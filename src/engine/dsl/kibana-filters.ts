/**
 * A rule's `filters`: Kibana filter objects, turned into a query as Kibana's `buildQueryFromFilters`
 * does and ANDed with the rule query by the caller.
 * - `meta.disabled` (truthy) skips a filter; `meta.negate: true` puts it under must_not. A `negate`
 *   that is neither a boolean nor absent matches neither of Kibana's lists: the filter is dropped.
 * - The query is `query` when present (other top-level keys are then ignored); otherwise every key
 *   but `meta` and `$state` (legacy filters: `{"exists": {...}}`, `{"range": ...}`, `{"script": ...}`).
 * - Legacy `match` with `type: phrase` becomes `match_phrase` (Kibana's migrateFilter).
 * - Combined filters (`meta.type: combined`, `meta.params` sub-filters, `meta.relation` AND/OR).
 * Not emulated: Kibana wrapping a filter on a nested field into a `nested` query from the data view.
 */
import type { CompiledFilter } from '../query/compiled.ts';
import type { EventDoc } from '../query/event.ts';
import { allOf, anyOf, NO_REQUIREMENT } from '../query/requirements.ts';
import { compileDsl, type DslCompileOptions } from './compile.ts';
import { MATCH_ALL, type DslCompiled } from './context.ts';
import { DslError } from './errors.ts';
import { indexPath, isRecord, keyPath, own, type JsonRecord } from './json.ts';
import { appendAll } from '../append-all.ts';

export type KibanaFilterOptions = Omit<DslCompileOptions, 'path'>;

/** Nesting of combined filters deeper than this is rejected. */
const MAX_COMBINED_DEPTH = 20;

export function compileKibanaFilters(filters: readonly unknown[], options: KibanaFilterOptions = {}): CompiledFilter {
  const fields: string[] = [];
  const compiled = compileFilterList(filters, 'filters', options, fields, 0);
  return { matches: compiled.test, requires: compiled.requires, fields: [...new Set(fields)] };
}

function compileFilterList(
  filters: readonly unknown[],
  path: string,
  options: KibanaFilterOptions,
  fields: string[],
  depth: number,
): DslCompiled {
  const parts = filters.flatMap((filter, i) => {
    const part = compileFilter(filter, indexPath(path, i), options, fields, depth);
    return part === null ? [] : [part];
  });
  if (parts.length === 0) return MATCH_ALL;
  return { test: (event) => parts.every((part) => part.test(event)), requires: allOf(parts.map((part) => part.requires)) };
}

function compileFilter(filter: unknown, path: string, options: KibanaFilterOptions, fields: string[], depth: number): DslCompiled | null {
  if (!isRecord(filter)) throw new DslError(path, 'a filter must be an object');
  const meta = own(filter, 'meta');
  if (meta !== undefined && !isRecord(meta)) throw new DslError(keyPath(path, 'meta'), 'meta must be an object');
  if (isFilterSkipped(filter)) return null;
  const negate = meta === undefined ? undefined : own(meta, 'negate');
  const positive = isCombined(meta)
    ? compileCombined(meta, keyPath(path, 'meta'), options, fields, depth)
    : compileFilterQuery(filter, path, options, fields);
  if (negate !== true) return positive;
  return { test: (event: EventDoc) => !positive.test(event), requires: NO_REQUIREMENT };
}

/** Whether Kibana leaves a filter out: disabled, or a `negate` that is neither a boolean nor absent. */
export function isFilterSkipped(filter: unknown): boolean {
  const meta = isRecord(filter) ? own(filter, 'meta') : undefined;
  if (!isRecord(meta)) return false;
  const negate = own(meta, 'negate');
  return Boolean(own(meta, 'disabled')) || (negate !== undefined && typeof negate !== 'boolean');
}

function isCombined(meta: JsonRecord | undefined): meta is JsonRecord {
  return meta !== undefined && own(meta, 'type') === 'combined' && Array.isArray(own(meta, 'params'));
}

function compileCombined(meta: JsonRecord, path: string, options: KibanaFilterOptions, fields: string[], depth: number): DslCompiled {
  if (depth >= MAX_COMBINED_DEPTH) throw new DslError(path, `combined filters nested deeper than ${MAX_COMBINED_DEPTH} levels`);
  const params = own(meta, 'params') as readonly unknown[];
  const paramsPath = keyPath(path, 'params');
  if (own(meta, 'relation') === 'AND') return compileFilterList(params, paramsPath, options, fields, depth + 1);
  // OR: each sub-filter becomes its own filter list, so a disabled one is an empty list (match all), as in Kibana.
  const branches = params.map((param, i) => compileFilterList([param], `${paramsPath}[${i}]`, options, fields, depth + 1));
  return { test: (event) => branches.some((branch) => branch.test(event)), requires: anyOf(branches.map((b) => b.requires)) };
}

function compileFilterQuery(filter: JsonRecord, path: string, options: KibanaFilterOptions, fields: string[]): DslCompiled {
  const { query, queryPath } = filterQuery(filter, path);
  const compiled = compileDsl(query, { ...options, path: queryPath });
  appendAll(fields, compiled.fields);
  return { test: compiled.matches, requires: compiled.requires };
}

function filterQuery(filter: JsonRecord, path: string): { query: unknown; queryPath: string } {
  const query = own(filter, 'query');
  const legacyMatch = isRecord(query) ? own(query, 'match') : own(filter, 'match');
  const phrase = deprecatedMatchPhrase(legacyMatch);
  if (phrase !== null) return { query: phrase, queryPath: keyPath(path, query === undefined ? 'match' : 'query') };
  // Kibana's `filter.query || filter`: a falsy query falls back to the legacy top-level keys.
  if (query !== undefined && query !== null && query !== false && query !== '' && query !== 0) {
    return { query, queryPath: keyPath(path, 'query') };
  }
  // fromEntries defines own properties, so a `__proto__` key stays data.
  const legacy = Object.fromEntries(Object.entries(filter).filter(([key]) => key !== 'meta' && key !== '$state' && key !== 'query'));
  return { query: legacy, queryPath: path };
}

/** `{match: {field: {query, type: 'phrase', ...}}}` → `{match_phrase: {field: {query, ...}}}`. */
function deprecatedMatchPhrase(match: unknown): JsonRecord | null {
  if (!isRecord(match)) return null;
  const field = Object.keys(match)[0];
  if (field === undefined) return null;
  const params = match[field];
  if (!isRecord(params) || own(params, 'type') !== 'phrase') return null;
  const rest = Object.fromEntries(Object.entries(params).filter(([key]) => key !== 'type'));
  return { match_phrase: { [field]: rest } };
}
