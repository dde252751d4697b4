import { expect } from 'vitest';
import { compileFieldGetter } from '../../../src/engine/fields/access.ts';
import type { MatchExplanation } from '../../../src/engine/explain/explanation.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';

/** Every reported field is a path with a value in the event (explanation.ts leaves out missing ones). */
export function expectFieldsPresent(explanation: MatchExplanation, event: EventDoc): void {
  for (const field of explanation.fields) expect(compileFieldGetter(field)(event).length, `field ${field}`).toBeGreaterThan(0);
}

/** Counts property-test cases by outcome, so a test can show it was not vacuous. */
export class Tally {
  matched = 0;
  unmatched = 0;
  record(matched: boolean): void {
    if (matched) this.matched++;
    else this.unmatched++;
  }
}
