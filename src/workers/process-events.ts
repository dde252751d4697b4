/**
 * Process events kept from the evidence for the alert detail's ancestry and children
 * (`process.entity_id`, `process.parent.entity_id`). Capped so a large case cannot fill memory or
 * storage with them: the first ones in file order are kept, the same with any number of workers.
 */
import { compileFieldGetter } from '../engine/fields/access.ts';
import type { EventDoc } from '../engine/query/event.ts';

export const MAX_PROCESS_EVENTS = 20_000;

const entityId = compileFieldGetter('process.entity_id');

export function isProcessEvent(event: EventDoc): boolean {
  return entityId(event).some((value) => typeof value === 'string' && value !== '');
}
