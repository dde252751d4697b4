/**
 * Just enough Elasticsearch date math to validate rule schedules: `now`, `now-9m`, `now-7d/d`,
 * or an absolute date. Evaluating it against a clock belongs to the scanner.
 */
const RELATIVE = /^now([+-]\d+[yMwdhHms]|\/[yMwdhHms])*$/;
const FIXED_UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, H: 3600e3, d: 86400e3, w: 604800e3 };

export function isDateMath(text: string): boolean {
  return RELATIVE.test(text) || !Number.isNaN(Date.parse(text));
}

/** Milliseconds before "now" of `now-<n><unit>` for fixed-length units; undefined for anything else. */
export function millisBeforeNow(text: string): number | undefined {
  const match = /^now-(\d+)([smhHdw])$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * FIXED_UNITS[match[2]!]!;
}

/** A schedule interval: a positive whole number of seconds, minutes, hours or days (`5m`). */
export function isInterval(text: string): boolean {
  return /^[1-9]\d*[smhd]$/.test(text);
}
