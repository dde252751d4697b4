/**
 * Field types decide matching, as Elasticsearch mappings do. API contract (implementation in progress).
 */

/** How values of a field are compared. */
export type MatchFamily = 'keyword' | 'text' | 'ip' | 'date' | 'number' | 'boolean' | 'other';

export interface FieldMapping {
  /** The name as queried (`process.command_line.text`). */
  readonly name: string;
  /** Where the values live in `_source` (`process.command_line` for the `.text` multi-field). */
  readonly sourceName: string;
  /** The Elasticsearch type (`keyword`, `wildcard`, `match_only_text`, `ip`, `long`, ...). */
  readonly esType: string;
  readonly family: MatchFamily;
  /** `.caseless` subfields: keyword compared after lower-casing. */
  readonly caseless: boolean;
  /** Whether the type came from a schema (false: unknown field, defaulted to keyword). */
  readonly known: boolean;
}

export interface FieldSchema {
  lookup(name: string): FieldMapping;
}

/** ECS plus Elastic Defend's own fields; unknown fields are keyword. */
export declare const ECS_SCHEMA: FieldSchema;

/** A schema from explicit `name -> esType` mappings (test suites, user mappings), falling back to `fallback` (default: every field keyword). */
export declare function createSchema(types: Readonly<Record<string, string>>, fallback?: FieldSchema): FieldSchema;
