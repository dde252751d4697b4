/**
 * Field types decide matching, as Elasticsearch mappings do.
 *
 * Resolution of a queried name, first rule that applies:
 * 1. the schema lists the name: its type (a listed multi-field such as `process.command_line.text`
 *    reads its parent's values);
 * 2. the fallback schema knows it;
 * 3. a `.caseless` / `.keyword` / `.text` suffix: the parent's values as a keyword compared
 *    lower-cased / a keyword / analysed text (`.text` only under a known string field, as a real
 *    sub-object named `text` is plausible elsewhere);
 * 4. a leaf under a `flattened` field: a keyword over that path;
 * 5. otherwise unknown: keyword over its own path, `known: false`.
 */
import { ecsIgnoreAbove, ecsTypeOf } from './ecs-types.ts';
import { familyOf, isContainerType } from './families.ts';

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
  /** Keyword values longer than this many characters are not indexed, so queries never match them. */
  readonly ignoreAbove?: number;
  /** The enclosing `nested` field, if any: plain (non-nested) queries on such a field match nothing in ES. */
  readonly nestedPath?: string;
}

export interface FieldSchema {
  lookup(name: string): FieldMapping;
}

/** Where a schema's own types come from. */
interface TypeSource {
  typeOf(name: string): string | undefined;
  ignoreAbove(name: string, esType: string): number | undefined;
}

const MULTI_FIELD_SUFFIXES = ['caseless', 'keyword', 'text'] as const;

function parentName(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? undefined : name.slice(0, dot);
}

function unknownField(name: string): FieldMapping {
  return { name, sourceName: name, esType: 'keyword', family: 'keyword', caseless: false, known: false };
}

function buildSchema(source: TypeSource, fallback: FieldSchema | undefined): FieldSchema {
  const cache = new Map<string, FieldMapping>();
  const schema: FieldSchema = {
    lookup(name) {
      let mapping = cache.get(name);
      if (mapping === undefined) {
        mapping = resolve(name);
        cache.set(name, mapping);
      }
      return mapping;
    },
  };

  function resolve(name: string): FieldMapping {
    const own = source.typeOf(name);
    if (own !== undefined) return listedField(name, own);
    const fromFallback = fallback?.lookup(name);
    if (fromFallback?.known) return fromFallback;
    return bySuffix(name) ?? underFlattened(name) ?? fromFallback ?? unknownField(name);
  }

  function listedField(name: string, esType: string): FieldMapping {
    const parent = parentName(name);
    const parentType = parent === undefined ? undefined : source.typeOf(parent);
    // Only multi-fields can sit under a field that holds values.
    const isMultiField = parent !== undefined && parentType !== undefined && !isContainerType(parentType);
    const suffix = name.slice((parent?.length ?? -1) + 1);
    return withOptional(
      {
        name,
        sourceName: isMultiField ? schema.lookup(parent).sourceName : name,
        esType,
        family: familyOf(esType),
        caseless: isMultiField && suffix === 'caseless' && esType === 'keyword',
        known: true,
      },
      source.ignoreAbove(name, esType),
      nestedAncestor(name),
    );
  }

  function bySuffix(name: string): FieldMapping | undefined {
    const parent = parentName(name);
    if (parent === undefined) return undefined;
    const suffix = name.slice(parent.length + 1);
    if (!(MULTI_FIELD_SUFFIXES as readonly string[]).includes(suffix)) return undefined;
    const base = schema.lookup(parent);
    const stringParent = base.family === 'keyword' || base.family === 'text';
    if (suffix === 'text' && !(base.known && stringParent)) return undefined;
    if (suffix === 'keyword' && base.known && !stringParent) return undefined;
    const esType = suffix === 'text' ? 'text' : 'keyword';
    return withOptional(
      {
        name,
        sourceName: base.sourceName,
        esType,
        family: familyOf(esType),
        caseless: suffix === 'caseless',
        known: base.known,
      },
      undefined,
      base.nestedPath,
    );
  }

  function underFlattened(name: string): FieldMapping | undefined {
    for (let end = name.indexOf('.'); end !== -1; end = name.indexOf('.', end + 1)) {
      if (source.typeOf(name.slice(0, end)) === 'flattened') {
        return { name, sourceName: name, esType: 'flattened', family: 'keyword', caseless: false, known: true };
      }
    }
    return undefined;
  }

  function nestedAncestor(name: string): string | undefined {
    let found: string | undefined;
    for (let end = name.indexOf('.'); end !== -1; end = name.indexOf('.', end + 1)) {
      const ancestor = name.slice(0, end);
      if (source.typeOf(ancestor) === 'nested') found = ancestor;
    }
    return found;
  }

  return schema;
}

/** Adds the optional properties only when set, so mappings compare cleanly. */
function withOptional(mapping: FieldMapping, ignoreAbove: number | undefined, nestedPath: string | undefined): FieldMapping {
  return {
    ...mapping,
    ...(ignoreAbove === undefined ? {} : { ignoreAbove }),
    ...(nestedPath === undefined ? {} : { nestedPath }),
  };
}

/** ECS plus Elastic Defend's own fields; unknown fields are keyword. */
export const ECS_SCHEMA: FieldSchema = buildSchema({ typeOf: ecsTypeOf, ignoreAbove: ecsIgnoreAbove }, undefined);

/** A schema from explicit `name -> esType` mappings (test suites, user mappings), falling back to `fallback` (default: every field keyword). */
export function createSchema(types: Readonly<Record<string, string>>, fallback?: FieldSchema): FieldSchema {
  const table = new Map(Object.entries(types));
  return buildSchema({ typeOf: (name) => table.get(name), ignoreAbove: () => undefined }, fallback);
}
