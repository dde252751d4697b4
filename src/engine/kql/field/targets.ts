/**
 * Which fields a query leaf reads: one named field, the fields whose names fit a pattern
 * (`process.*`), or every field (bare values, Lucene's default field `*`). Named fields get their
 * mapping and getter once, at compile time; patterns are expanded against each event's own fields,
 * where Kibana expands them against the data view. Approximation: the data view also lists
 * multi-fields (`process.name.text`); the schema cannot tell real ones from the suffixes it accepts
 * for any string field, so expansion leaves them out rather than invent case-insensitive matches.
 */
import { compileFieldGetter, type FieldGetter } from '../../fields/access.ts';
import type { FieldMapping, FieldSchema } from '../../fields/schema.ts';
import { keywordForm } from '../../fields/values.ts';
import { compileGlob, type GlobSegment } from '../../match/glob.ts';
import type { EventDoc } from '../../query/event.ts';
import { listLeafFields } from './document-fields.ts';
import { globTriggers, type Triggers } from '../../query/triggers.ts';
import { anyValuesTest, globOf, membershipOf } from './value-sets.ts';
import type { ValuesTest } from './value-tests.ts';

export type FieldSpec =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'pattern'; readonly segments: readonly GlobSegment[] }
  | { readonly kind: 'all' };

/** Where names resolve: the schema, and the nested path the query runs under (`""` at top level). */
export interface FieldScope {
  readonly schema: FieldSchema;
  readonly prefix: string;
}

/** Builds the values test for one field's mapping; null: that field can never match. */
export type MappingTest = (mapping: FieldMapping) => ValuesTest | null;
export type EventTest = (event: EventDoc) => boolean;

/** Per-pattern caches are dropped past this size so that events with ever-new keys cannot grow them unboundedly. */
const CACHE_LIMIT = 4096;

const NEVER: EventTest = () => false;

/** What a test on one named field is made of, so that an OR of tests on one field can read it once. */
interface NamedFieldTest {
  readonly scope: FieldScope;
  readonly name: string;
  readonly test: ValuesTest;
}

const namedFieldTests = new WeakMap<EventTest, NamedFieldTest>();

export function compileFieldTest(spec: FieldSpec, scope: FieldScope, build: MappingTest): EventTest {
  if (spec.kind === 'name') {
    const mapping = scope.schema.lookup(scope.prefix + spec.name);
    const test = build(mapping);
    if (test === null) return NEVER;
    const getter = getterFor(scope, spec.name);
    const limit = mapping.family === 'keyword' ? mapping.ignoreAbove : undefined;
    const eventTest: EventTest =
      limit === undefined
        ? (event) => test(getter(event))
        : // Keyword values longer than `ignore_above` are not indexed: no query sees them.
          (event) => test(getter(event).filter((v) => keywordForm(v).length <= limit));
    namedFieldTests.set(eventTest, { scope, name: spec.name, test });
    return eventTest;
  }
  const nameFits = spec.kind === 'all' ? () => true : compileGlob(spec.segments, { caseInsensitive: false });
  const candidates = new Map<string, readonly string[]>();
  const tests = new Map<string, EventTest>();
  const candidatesOf = (leaf: string): readonly string[] => {
    let names = candidates.get(leaf);
    if (names === undefined) {
      if (candidates.size > CACHE_LIMIT) candidates.clear();
      names = nameFits(leaf) ? [leaf] : [];
      candidates.set(leaf, names);
    }
    return names;
  };
  const testOf = (name: string): EventTest => {
    let test = tests.get(name);
    if (test === undefined) {
      if (tests.size > CACHE_LIMIT) tests.clear();
      test = compileFieldTest({ kind: 'name', name }, scope, build);
      tests.set(name, test);
    }
    return test;
  };
  return (event) => {
    for (const leaf of listLeafFields(event)) {
      for (const name of candidatesOf(leaf)) if (testOf(name)(event)) return true;
    }
    return false;
  };
}

/**
 * The triggers of a test from compileFieldTest (query/triggers.ts): a named top-level field whose
 * values test is a membership; null for anything else (patterns, nested scopes, other tests).
 */
export function fieldTestTriggers(test: EventTest): Triggers {
  if (test === NEVER) return [];
  const named = namedFieldTests.get(test);
  if (named === undefined || named.scope.prefix !== '') return null;
  const { sourceName } = named.scope.schema.lookup(named.name);
  const membership = membershipOf(named.test);
  if (membership !== undefined) return [[{ kind: 'keys', field: sourceName, reader: membership.reader, keys: membership.keys }]];
  const glob = globOf(named.test);
  return glob === undefined ? null : globTriggers(sourceName, [glob.segments], glob.caseInsensitive);
}

/**
 * A test that holds when any of `tests` holds. Tests on the same named field (same schema and scope)
 * become one test that reads the field once and ORs their values tests, so equality lists become
 * one set lookup (see value-sets.ts). The result is the same as trying each test in turn.
 */
export function anyEventTest(tests: readonly EventTest[]): EventTest {
  if (tests.length === 1) return tests[0]!;
  const groups = new Map<string, NamedFieldTest[]>();
  const parts: (EventTest | NamedFieldTest[])[] = [];
  for (const test of tests) {
    const named = namedFieldTests.get(test);
    if (named === undefined) {
      if (test !== NEVER) parts.push(test);
      continue;
    }
    const key = `${named.scope.prefix}\u0000${named.name}`;
    let group = groups.get(key);
    // Same name under another schema object: a group of its own (never happens within one query).
    if (group !== undefined && group[0]!.scope.schema !== named.scope.schema) group = undefined;
    if (group === undefined) {
      group = [];
      groups.set(key, group);
      parts.push(group);
    }
    group.push(named);
  }
  const merged = parts.map((part) => {
    if (!Array.isArray(part)) return part;
    const [first] = part;
    const test = anyValuesTest(part.map((named) => named.test));
    return compileFieldTest({ kind: 'name', name: first!.name }, first!.scope, () => test);
  });
  if (merged.length === 0) return NEVER;
  if (merged.length === 1) return merged[0]!;
  return (event) => merged.some((test) => test(event));
}

/** The getter for a name relative to the scope, reading the `_source` field behind multi-fields. */
function getterFor(scope: FieldScope, name: string): FieldGetter {
  const { sourceName } = scope.schema.lookup(scope.prefix + name);
  const relative = sourceName.startsWith(scope.prefix) ? sourceName.slice(scope.prefix.length) : name;
  return compileFieldGetter(relative);
}
