/**
 * A field read the way Elasticsearch sees it through its mapping: the raw `_source` leaves are
 * coerced per field family before they are compared (a `long` field holding "5" is the number 5, a
 * keyword field holding 5 is the text "5"). Fields the schema does not know keep their JSON type, as
 * dynamic mapping would index them.
 */
import { compileFieldGetter, type FieldGetter } from '../fields/access.ts';
import type { FieldMapping, FieldSchema } from '../fields/schema.ts';
import { booleanForm, compareIp, dateForm, ipKey, keywordForm, numberForm, parseCidr, parseIp, cidrContains, type CidrBlock } from '../fields/values.ts';
import { foldCase } from '../match/case.ts';
import { compareValues, type EqlValue, type NumberKind } from './values.ts';

type Leaf = string | number | boolean;
export type Constant = string | number | boolean;

const INTEGER_TYPES = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);

type Family = 'int' | 'float' | 'keyword' | 'ip' | 'date' | 'boolean' | 'dynamic';

function familyOf(mapping: FieldMapping): Family {
  switch (mapping.family) {
    case 'number':
      return INTEGER_TYPES.has(mapping.esType) ? 'int' : 'float';
    case 'keyword':
    case 'text':
      // EQL compares text fields through their exact (keyword) sub-field.
      return mapping.known ? 'keyword' : 'dynamic';
    case 'ip':
    case 'date':
    case 'boolean':
      return mapping.family;
    default:
      return 'dynamic';
  }
}

export interface TypedField {
  readonly name: string;
  readonly values: FieldGetter;
  readonly numberKind: NumberKind;
  /** Whether a string constant equal to a value appears verbatim in the raw JSON (prefilter soundness). */
  readonly textual: boolean;
  /** The `_source` field `values` reads (a superset of them: before `ignore_above`); null inside a nested field. */
  readonly source: string | null;
  /** Keyword family: `equals` and `equalsAny` compare `keywordForm` of any leaf (folded when case-insensitive). */
  readonly keyword: boolean;
  /** The value a script sees for one leaf (null when the leaf cannot be indexed in this field). */
  scriptValue(leaf: Leaf): EqlValue;
  /** Term-query equality of one leaf with a constant. */
  equals(leaf: Leaf, constant: Constant, caseInsensitive: boolean): boolean;
  /**
   * `equals` with any of the constants (a `terms` query, EQL `in`), as one set lookup per leaf
   * (the constants coerced once, as `equals` coerces them); CIDR constants on ip fields are tried in turn.
   */
  equalsAny(constants: readonly Constant[], caseInsensitive: boolean): (leaf: Leaf) => boolean;
  /** Range-query ordering of one leaf against a constant; null when not comparable. */
  compare(leaf: Leaf, constant: Constant): number | null;
}

function numberFor(family: Family, leaf: Leaf): number | null {
  const number = numberForm(leaf);
  return number !== null && family === 'int' ? Math.trunc(number) : number;
}

function textEquals(left: string, right: string, caseInsensitive: boolean): boolean {
  return caseInsensitive ? foldCase(left) === foldCase(right) : left === right;
}

function orderOf(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a < b ? -1 : a > b ? 1 : 0;
}

function ipEquals(leaf: Leaf, constant: Constant): boolean {
  const address = parseIp(keywordForm(leaf));
  if (address === null) return false;
  const text = keywordForm(constant);
  // A term query on an ip field accepts CIDR notation.
  if (text.includes('/')) {
    const block = parseCidr(text);
    return block !== null && cidrContains(block, address);
  }
  const other = parseIp(text);
  return other !== null && compareIp(address, other) === 0;
}

/**
 * The constants' keys, without those that can never be equal (null, NaN): `has` on them is then
 * false, as `===` would be.
 */
function keySet<K>(constants: readonly Constant[], key: (constant: Constant) => K | null): Set<K | null> {
  const keys = new Set<K | null>();
  for (const constant of constants) {
    const value = key(constant);
    if (value !== null && !Number.isNaN(value)) keys.add(value);
  }
  return keys;
}

function ipEqualsAny(constants: readonly Constant[]): (leaf: Leaf) => boolean {
  const addresses = new Set<string>();
  const blocks: CidrBlock[] = [];
  for (const constant of constants) {
    const text = keywordForm(constant);
    if (text.includes('/')) {
      const block = parseCidr(text);
      if (block !== null) blocks.push(block);
    } else {
      const address = parseIp(text);
      if (address !== null) addresses.add(ipKey(address));
    }
  }
  return (leaf) => {
    const address = parseIp(keywordForm(leaf));
    return address !== null && (addresses.has(ipKey(address)) || blocks.some((block) => cidrContains(block, address)));
  };
}

/**
 * The values Elasticsearch indexed: keyword values longer than `ignore_above` are neither searchable
 * nor in doc values, and fields inside `nested` objects are invisible to EQL's plain queries.
 */
function indexedValues(mapping: FieldMapping): FieldGetter {
  if (mapping.nestedPath !== undefined) return () => [];
  const getter = compileFieldGetter(mapping.sourceName);
  const limit = mapping.ignoreAbove;
  if (limit === undefined || mapping.family !== 'keyword') return getter;
  const indexed = (leaf: string | number | boolean) => typeof leaf !== 'string' || leaf.length <= limit;
  return (event) => {
    const all = getter(event);
    for (let i = 0; i < all.length; i++) if (!indexed(all[i]!)) return all.filter(indexed);
    return all;
  };
}

export function typedField(name: string, schema: FieldSchema): TypedField {
  const mapping = schema.lookup(name);
  const family = familyOf(mapping);
  const values = indexedValues(mapping);
  return {
    name,
    values,
    numberKind: family === 'int' ? 'int' : family === 'float' ? 'float' : 'dynamic',
    textual: family === 'keyword' || family === 'dynamic',
    source: mapping.nestedPath === undefined ? mapping.sourceName : null,
    keyword: family === 'keyword',
    scriptValue(leaf) {
      switch (family) {
        case 'int':
        case 'float':
          return numberFor(family, leaf);
        case 'keyword':
        case 'ip':
          return keywordForm(leaf);
        case 'boolean':
          return booleanForm(leaf);
        default:
          return leaf;
      }
    },
    equals(leaf, constant, caseInsensitive) {
      switch (family) {
        case 'int':
        case 'float': {
          const number = numberFor(family, leaf);
          return number !== null && number === (typeof constant === 'boolean' ? null : numberForm(constant));
        }
        case 'keyword':
          return textEquals(keywordForm(leaf), keywordForm(constant), caseInsensitive);
        case 'ip':
          return ipEquals(leaf, constant);
        case 'date': {
          const time = dateForm(leaf);
          return time !== null && time === dateForm(constant);
        }
        case 'boolean': {
          const value = booleanForm(leaf);
          return value !== null && value === booleanForm(constant);
        }
        default:
          if (typeof leaf === 'string') return textEquals(leaf, keywordForm(constant), caseInsensitive);
          if (typeof leaf === 'number') return typeof constant !== 'boolean' && leaf === numberForm(constant);
          return leaf === booleanForm(constant);
      }
    },
    equalsAny(constants, caseInsensitive) {
      const text = (value: Leaf): string => (caseInsensitive ? foldCase(keywordForm(value)) : keywordForm(value));
      switch (family) {
        case 'int':
        case 'float': {
          const numbers = keySet(constants, (constant) => (typeof constant === 'boolean' ? null : numberForm(constant)));
          return (leaf) => numbers.has(numberFor(family, leaf));
        }
        case 'keyword': {
          const texts = keySet(constants, text);
          return (leaf) => texts.has(text(leaf));
        }
        case 'ip':
          return ipEqualsAny(constants);
        case 'date': {
          const times = keySet(constants, dateForm);
          return (leaf) => times.has(dateForm(leaf));
        }
        case 'boolean': {
          const booleans = keySet(constants, booleanForm);
          return (leaf) => booleans.has(booleanForm(leaf));
        }
        default: {
          // Dynamic fields compare by the leaf's own JSON type.
          const texts = keySet(constants, text);
          const numbers = keySet(constants, (constant) => (typeof constant === 'boolean' ? null : numberForm(constant)));
          const booleans = keySet(constants, booleanForm);
          return (leaf) => (typeof leaf === 'string' ? texts.has(text(leaf)) : typeof leaf === 'number' ? numbers.has(leaf) : booleans.has(leaf));
        }
      }
    },
    compare(leaf, constant) {
      switch (family) {
        case 'int':
        case 'float':
          return orderOf(numberFor(family, leaf), typeof constant === 'boolean' ? null : numberForm(constant));
        case 'keyword':
          return compareValues(keywordForm(leaf), keywordForm(constant));
        case 'ip': {
          const a = parseIp(keywordForm(leaf));
          const b = parseIp(keywordForm(constant));
          return a === null || b === null ? null : Math.sign(compareIp(a, b));
        }
        case 'date':
          return orderOf(dateForm(leaf), dateForm(constant));
        case 'boolean': {
          const a = booleanForm(leaf);
          const b = booleanForm(constant);
          return a === null || b === null ? null : Number(a) - Number(b);
        }
        default:
          if (typeof leaf === 'string') return compareValues(leaf, keywordForm(constant));
          return compareValues(leaf, constant);
      }
    },
  };
}
