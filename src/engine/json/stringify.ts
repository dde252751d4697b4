/**
 * JSON text of event data at any depth. V8's `JSON.stringify` recurses and throws "Maximum call
 * stack size exceeded" from about 4,000 levels of nesting (`JSON.parse` reads far deeper), so one
 * hostile event would end a scan. `writeJson` walks with an explicit stack and gives exactly
 * `JSON.stringify`'s text for JSON data (what `JSON.parse` returns and the alert builders make:
 * objects, arrays, strings, finite numbers, booleans, null; `undefined` members left out, array
 * holes written as null, `toJSON` honoured).
 */

export interface JsonTextOptions {
  /** Object keys in canonical order (see `canonicalKeys`) instead of the object's own order. */
  readonly sortKeys?: boolean;
  /** `JSON.stringify`'s `space` as a string (e.g. two spaces); none writes compact text. */
  readonly indent?: string;
  /** With `indent`: containers at this depth or deeper are written compact (text stays JSON, and stays linear in size). */
  readonly indentDepth?: number;
}

/**
 * Levels of nesting laid out for reading (indented JSON in the HTML report, the alert view's tree);
 * deeper data is shown as compact JSON text, so display stays linear in the data's size.
 */
export const READABLE_DEPTH = 64;

/** `JSON.stringify(value)`: the native writer, and the iterative one where nesting is too deep for it. */
export function stringifyJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    // Too deep: V8 and WebKit throw RangeError, Firefox InternalError. A TypeError (a cycle, a
    // bigint) is no matter of depth.
    if (error instanceof TypeError) throw error;
    return writeJson(value) ?? 'undefined';
  }
}

interface Frame {
  readonly container: Record<string, unknown> | readonly unknown[];
  /** Null for arrays. */
  readonly keys: readonly string[] | null;
  readonly length: number;
  index: number;
  members: number;
  /** Line break and indentation before each member ('' when compact). */
  readonly memberBreak: string;
  /** Line break and indentation before the closing bracket ('' when compact). */
  readonly closeBreak: string;
}

/** Iterative `JSON.stringify(value, null, options.indent)`; undefined where it gives undefined. */
export function writeJson(value: unknown, options: JsonTextOptions = {}): string | undefined {
  const indent = options.indent ?? '';
  const indentDepth = options.indentDepth ?? Infinity;
  const keysOf = options.sortKeys ? canonicalKeys : Object.keys;
  const stack: Frame[] = [];
  let out = '';

  /** Writes a resolved value: a leaf's text, or a container's opening bracket (its members follow). */
  const write = (item: unknown): void => {
    if (typeof item !== 'object' || item === null) {
      out += leafText(item);
      return;
    }
    const depth = stack.length;
    const pretty = indent !== '' && depth < indentDepth;
    const isArray = Array.isArray(item);
    const keys = isArray ? null : keysOf(item);
    stack.push({
      container: item as Frame['container'],
      keys,
      length: keys === null ? (item as readonly unknown[]).length : keys.length,
      index: 0,
      members: 0,
      memberBreak: pretty ? `\n${indent.repeat(depth + 1)}` : '',
      closeBreak: pretty ? `\n${indent.repeat(depth)}` : '',
    });
    out += isArray ? '[' : '{';
  };

  const root = resolve(value, '');
  if (root === SKIP) return undefined;
  write(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index === frame.length) {
      stack.pop();
      out += `${frame.members > 0 ? frame.closeBreak : ''}${frame.keys === null ? ']' : '}'}`;
      continue;
    }
    const position = frame.index++;
    const key = frame.keys === null ? String(position) : frame.keys[position]!;
    let item = resolve((frame.container as Record<string, unknown>)[key], key);
    if (item === SKIP) {
      if (frame.keys !== null) continue;
      item = null;
    }
    out += `${frame.members++ > 0 ? ',' : ''}${frame.memberBreak}`;
    if (frame.keys !== null) out += `${JSON.stringify(key)}${frame.memberBreak === '' ? ':' : ': '}`;
    write(item);
  }
  return out;
}

const SKIP = Symbol('no JSON text');

/** The value `JSON.stringify` writes for a member: after `toJSON`; SKIP for undefined, functions and symbols. */
function resolve(value: unknown, key: string): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  return value === undefined || typeof value === 'function' || typeof value === 'symbol' ? SKIP : value;
}

function leafText(value: unknown): string {
  // Strings, numbers (non-finite ones as null), booleans, null; a bigint throws as JSON.stringify does.
  return JSON.stringify(value);
}

/**
 * Keys sorted by UTF-16 code units, with array-index keys ("0", "17", ...) first in numeric order:
 * the order of an object built from the sorted keys, which is what canonical JSON has always
 * written (ECMAScript lists an object's integer keys first, ascending).
 */
export function canonicalKeys(record: object): string[] {
  const keys = Object.keys(record).sort();
  const indexes = keys.filter(isArrayIndex);
  if (indexes.length === 0) return keys;
  indexes.sort((a, b) => Number(a) - Number(b));
  return [...indexes, ...keys.filter((key) => !isArrayIndex(key))];
}

const MAX_ARRAY_INDEX = 2 ** 32 - 2;

function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) <= MAX_ARRAY_INDEX;
}
