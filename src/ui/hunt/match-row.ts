/** A hunt match as one table row: the few fields a responder scans first, via the engine's field getter. */
import { compileFieldGetter } from '../../engine/fields/access.ts';
import type { HuntMatch } from '../scan-client.ts';
import { clipLine } from '../long-text.ts';

const GETTERS = {
  time: compileFieldGetter('@timestamp'),
  host: compileFieldGetter('host.name'),
  category: compileFieldGetter('event.category'),
  action: compileFieldGetter('event.action'),
  process: compileFieldGetter('process.name'),
  user: compileFieldGetter('user.name'),
};

export type MatchColumn = keyof typeof GETTERS;
export const MATCH_COLUMNS = Object.keys(GETTERS) as MatchColumn[];

/** The column's values, joined and clipped (a 2 MB value must not reach the table whole). */
export function matchCell(match: HuntMatch, column: MatchColumn): string {
  return clipLine(GETTERS[column](match.event).map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', '));
}
