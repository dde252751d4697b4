/**
 * `sample by k [q1] [q2] ...`: unordered. For each join-key combination, the first event (in event
 * order) matching each filter; a sample is emitted once every filter has an event for that key, one
 * sample per key (Elasticsearch's default `max_samples_per_key` = 1). The same event may fill two
 * filters. Samples come out in completion order. Not covered by the stored conformance data
 * (test_sample.toml was not copied): semantics follow the ES documentation.
 */
import type { CompiledFilter } from '../query/compiled.ts';
import type { EventDoc } from '../query/event.ts';
import type { KeyReader } from './join-keys.ts';
import type { EqlValue } from './values.ts';

export interface SampleClausePlan {
  readonly filter: CompiledFilter;
  readonly keys: KeyReader;
}

export interface SampleMatch {
  readonly events: readonly EventDoc[];
  readonly joinKeys: readonly EqlValue[];
}

export interface SampleState {
  push(event: EventDoc): SampleMatch[];
  flush(): SampleMatch[];
}

export function createSampleState(clauses: readonly SampleClausePlan[]): SampleState {
  const partial = new Map<string, { values: readonly EqlValue[]; events: (EventDoc | undefined)[] }>();
  const done = new Set<string>();
  return {
    push(event) {
      const out: SampleMatch[] = [];
      clauses.forEach((clause, index) => {
        if (!clause.filter.matches(event)) return;
        for (const key of clause.keys(event) ?? []) {
          if (done.has(key.id)) continue;
          let entry = partial.get(key.id);
          if (!entry) {
            entry = { values: key.values, events: new Array<EventDoc | undefined>(clauses.length).fill(undefined) };
            partial.set(key.id, entry);
          }
          entry.events[index] ??= event;
          if (entry.events.every((slot) => slot !== undefined)) {
            out.push({ events: entry.events as EventDoc[], joinKeys: entry.values });
            partial.delete(key.id);
            done.add(key.id);
          }
        }
      });
      return out;
    },
    flush() {
      partial.clear();
      return [];
    },
  };
}
