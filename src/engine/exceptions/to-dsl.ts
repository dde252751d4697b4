/**
 * The Query DSL Kibana builds for an exception item (`build_exception_filter.ts` in the lists
 * plugin), so exceptions are evaluated by the same DSL compiler as rule filters:
 * - `match` → `match_phrase {field: value}`, `match_any` → a should of those, `exists` → `exists`,
 *   `wildcard` → `wildcard {field: value}` as typed: case-sensitive (no `case_insensitive`) and not
 *   escaped, so `\` escapes the next character (elastic/kibana#268397 warns about `\*`).
 * - `excluded` ("is not", "does not match", ...) wraps the clause in `bool.must_not`.
 * - `nested` → `nested {path: field, query}` with the sub-entries' fields prefixed by the path.
 * - Entries are ANDed (`bool.filter`); `os_types` turns an item into one conjunction per OS and per
 *   OS field (`host.os.type`, and `host.os.name.caseless` for older Endpoint data), ORed.
 * `list` entries have no DSL here: their values live in Kibana (see compile.ts).
 */
import type { ExceptionEntry } from './entries.ts';

type Dsl = Record<string, unknown>;

const OS_FIELDS = ['host.os.type', 'host.os.name.caseless'] as const;

/** The item's clauses, ORed by the caller (one per OS × OS field when `os_types` is set). */
export function itemClauses(entries: readonly ExceptionEntry[], osTypes: readonly string[]): Dsl[] {
  if (osTypes.length === 0) return [conjunction(entries.map((entry) => entryClause(entry, null)))];
  return OS_FIELDS.flatMap((osField) =>
    osTypes.map((os) => ({
      bool: { filter: [matchClause(osField, os), ...entries.map((entry) => entryClause(entry, null))] },
    })),
  );
}

function conjunction(clauses: Dsl[]): Dsl {
  return clauses.length === 1 ? clauses[0]! : { bool: { filter: clauses } };
}

function matchClause(field: string, value: string): Dsl {
  return { bool: { minimum_should_match: 1, should: [{ match_phrase: { [field]: value } }] } };
}

function entryClause(entry: ExceptionEntry, parent: string | null): Dsl {
  if (entry.type === 'nested') {
    return { nested: { path: entry.field, query: conjunction(entry.entries.map((child) => entryClause(child, entry.field))), score_mode: 'none' } };
  }
  const field = parent === null ? entry.field : `${parent}.${entry.field}`;
  let clause: Dsl;
  switch (entry.type) {
    case 'match':
      clause = matchClause(field, entry.value);
      break;
    case 'match_any':
      clause =
        entry.value.length === 1
          ? matchClause(field, entry.value[0]!)
          : { bool: { minimum_should_match: 1, should: entry.value.map((value) => matchClause(field, value)) } };
      break;
    case 'wildcard':
      clause = { bool: { filter: { wildcard: { [field]: entry.value } } } };
      break;
    case 'exists':
      clause = { bool: { minimum_should_match: 1, should: [{ exists: { field } }] } };
      break;
    case 'list':
      throw new Error('value list entries have no query DSL offline');
  }
  return entry.operator === 'excluded' ? { bool: { must_not: clause } } : clause;
}
