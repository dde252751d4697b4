/**
 * Alert creation time (`now`) as both hosts accept it: an ISO 8601 date or date-time with an
 * explicit zone (`Z` or an offset). A bare local time is refused because it would depend on the
 * machine. Without one, a scan's `now` is the moment it starts.
 */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Epoch ms, or undefined when the text is not such a time. */
export function parseIsoTime(text: string): number | undefined {
  const time = ISO_WITH_ZONE.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(time) ? undefined : time;
}
