/**
 * Query rules (KQL/Lucene, also saved_query with its query): one alert per matching event.
 * Each replayed execution pages through its window in time order and writes up to max_signals
 * alerts that do not exist yet (executions.ts), so an event an earlier run could not write is
 * written by a later run whose window still holds it.
 */
import { DocumentSet } from '../document-set.ts';
import { compareByTime, copyKey, textRef, type EventRef } from '../event-ref.ts';
import { selectPerExecution } from '../executions.ts';
import type { EventDetection } from '../detection.ts';
import type { RuleSchedule } from '../schedule.ts';
import { splitEvaluator, type RuleEvaluator, type RuleOutcome } from './evaluator.ts';

export function createEventQueryEvaluator(schedule: RuleSchedule): RuleEvaluator {
  const documents = new DocumentSet((ref: EventRef) => ({ ref }));
  return splitEvaluator({
    // Every matching event is kept: its copy key, and its text.
    read: (event, source, index) => copyKey(event, source, index),
    keepsEvent: () => true,
    addRead(key: string, source, index, time, text) {
      documents.add(textRef(text!, source, index, time, key));
    },
    // Every distinct matching document becomes one alert (flagged, not dropped, past max_signals).
    alertsSoFar: () => documents.size,
    async finish(): Promise<RuleOutcome> {
      const refs = documents.sorted((a, b) => compareByTime(a.ref, b.ref)).map((entry) => entry.ref);
      const duplicates = documents.duplicates;
      documents.clear();
      const selection = selectPerExecution(refs, (ref) => ref.time, schedule, compareByTime);
      const detections = refs.map(
        (ref, i): EventDetection => ({ kind: 'event', event: ref, time: ref.time, fate: selection.fates[i]!, createdAt: selection.createdAt[i]! }),
      );
      return { detections, executions: selection.executions, duplicates, messages: [] };
    },
  });
}
