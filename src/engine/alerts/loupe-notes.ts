import type { AlertNotes, SourceLocation } from './types.ts';

/** The Loupe-only extension of an alert document. Never a `kibana.*` field. */
export const LOUPE_FIELD = 'loupe';

/**
 * `loupe: {source?, sources?, kibana_limit_exceeded?, kibana_schedule_gap?}`:
 * where the alert's event(s) were read and Loupe's own flags. A nested object under one key so
 * it is easy to strip, and harmless when the document is indexed (the alerts index maps no
 * `loupe` field; Elasticsearch keeps it in `_source`). Undefined when there is nothing to say.
 */
export function loupeNotes(locations: readonly (SourceLocation | undefined)[], notes: AlertNotes | undefined): Record<string, unknown> | undefined {
  const known = locations.filter((location): location is SourceLocation => location !== undefined).map((location) => ({ file: location.file, line: location.line }));
  const out: Record<string, unknown> = {};
  if (known.length === 1 && locations.length === 1) out['source'] = known[0];
  else if (known.length > 0) out['sources'] = known;
  if (notes?.kibanaLimitExceeded !== undefined) out['kibana_limit_exceeded'] = notes.kibanaLimitExceeded;
  if (notes?.kibanaScheduleGap !== undefined) out['kibana_schedule_gap'] = notes.kibanaScheduleGap;
  return Object.keys(out).length === 0 ? undefined : out;
}
