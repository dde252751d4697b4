import { DEFEND_FIELD_SETS, DEFEND_REUSED_AT, DEFEND_TYPES } from './defend-types.ts';
import {
  ECS_IGNORE_ABOVE,
  ECS_IGNORE_ABOVE_DEFAULT,
  ECS_TYPE_NAMES,
  ECS_TYPE_TRIE,
  type EcsTypeTrie,
} from './ecs-types.generated.ts';

/** ECS and Elastic Defend field types by exact name (multi-fields included), or undefined. */
export function ecsTypeOf(name: string): string | undefined {
  return resolveReuse(name).type;
}

/**
 * The `ignore_above` of a keyword field (ECS default 1024, a few exceptions, some none); undefined
 * for other types. Defend's own keyword fields are assumed to follow the ECS default.
 */
export function ecsIgnoreAbove(name: string, esType: string): number | undefined {
  if (esType !== 'keyword') return undefined;
  const { canonical } = resolveReuse(name);
  if (!Object.hasOwn(ECS_IGNORE_ABOVE, canonical)) return ECS_IGNORE_ABOVE_DEFAULT;
  const limit = ECS_IGNORE_ABOVE[canonical]!;
  return limit === 0 ? undefined : limit;
}

let ecsTypes: Map<string, string> | undefined;

/** Flattens the generated trie once, on first use. */
function ecsTypeTable(): Map<string, string> {
  if (ecsTypes !== undefined) return ecsTypes;
  const table = new Map<string, string>();
  const pending: [string, EcsTypeTrie][] = [['', ECS_TYPE_TRIE]];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const [prefix, node] = item;
    for (const [segment, child] of Object.entries(node)) {
      const name = segment === '' ? prefix.slice(0, -1) : prefix + segment;
      if (typeof child === 'number') table.set(name, ECS_TYPE_NAMES[child] ?? 'keyword');
      else pending.push([`${name}.`, child]);
    }
  }
  for (const [name, type] of Object.entries(DEFEND_TYPES)) if (!table.has(name)) table.set(name, type);
  ecsTypes = table;
  return table;
}

/**
 * The type of a name after rewriting reused field-set prefixes (`Target.process.x` is typed as
 * `process.x`), with the canonical name it was found under.
 */
function resolveReuse(name: string): { readonly canonical: string; readonly type: string | undefined } {
  let current = name;
  // Each rewrite moves towards a canonical set; the bound only guards against a bad table.
  for (let step = 0; step <= DEFEND_REUSED_AT.length; step++) {
    const listed = ecsTypeTable().get(current);
    if (listed !== undefined) return { canonical: current, type: listed };
    const reuse = DEFEND_REUSED_AT.find(({ alias }) => current.startsWith(alias) || `${current}.` === alias);
    if (reuse === undefined) break;
    const rest = current.slice(reuse.alias.length);
    if ('set' in reuse) {
      const set = DEFEND_FIELD_SETS[reuse.set] ?? {};
      const type = rest === '' ? 'object' : Object.hasOwn(set, rest) ? set[rest] : undefined;
      return { canonical: `${reuse.alias}${rest}`, type };
    }
    current = rest === '' ? reuse.prefix.slice(0, -1) : reuse.prefix + rest;
  }
  return { canonical: current, type: undefined };
}
