import { getOwn, hasOwnKey, isRecord } from '../json/own-record.ts';

/**
 * A value at a dotted path the way Kibana's lodash `get(path, _source)` finds it: the whole path
 * as one top-level key (`{"host.name": …}`) first, else one key per segment through nested
 * objects (`{host: {name: …}}`). Mixed splits (`{host: {"os.name": …}}`) and arrays on the way are
 * not searched; an array at the end is returned as is. Only own properties are read.
 */
export function getPath(source: unknown, path: string): unknown {
  if (!isRecord(source)) return undefined;
  if (hasOwnKey(source, path)) return source[path];
  let node: unknown = source;
  for (const segment of path.split('.')) {
    if (!isRecord(node)) return undefined;
    node = getOwn(node, segment);
  }
  return node;
}
