/**
 * Date values in queries, as Elasticsearch date fields read them (`strict_date_optional_time||epoch_millis`,
 * UTC: the detection engine sends `time_zone: Zulu`), with date math: `now`, `now-7d`, `now/d`,
 * `2024-01-01||+1M/d`. Units: y M w d h H m s. Rounding up (for `gt`/`lte` bounds and for the upper end
 * of an equality) moves to the last millisecond of the rounded unit, and fills the missing parts of a
 * partial date with their maximum (`2024-03` rounds up to 2024-03-31T23:59:59.999), as ES does.
 */

const ISO_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH_MILLIS = /^-?\d+(?:\.\d+)?$/;
const UNITS = 'yMwdhHms';

/** Epoch milliseconds of a date-math expression, or null if it is not one. */
export function resolveDateMath(text: string, now: number, roundUp: boolean): number | null {
  let base: number | null;
  let math: string;
  if (text.startsWith('now')) {
    base = now;
    math = text.slice(3);
  } else {
    const split = text.indexOf('||');
    base = parseDate(split < 0 ? text : text.slice(0, split), roundUp);
    math = split < 0 ? '' : text.slice(split + 2);
  }
  return base === null ? null : applyMath(base, math, roundUp);
}

function applyMath(base: number, math: string, roundUp: boolean): number | null {
  let time = base;
  let i = 0;
  while (i < math.length) {
    const op = math[i++];
    if (op === '/') {
      const unit = math[i++];
      if (unit === undefined || !UNITS.includes(unit)) return null;
      time = roundUp ? ceilTo(time, unit) : floorTo(time, unit);
      continue;
    }
    if (op !== '+' && op !== '-') return null;
    let digits = '';
    while (i < math.length && math[i]! >= '0' && math[i]! <= '9') digits += math[i++];
    const unit = math[i++];
    if (unit === undefined || !UNITS.includes(unit)) return null;
    const amount = (digits === '' ? 1 : Number(digits)) * (op === '-' ? -1 : 1);
    time = addUnits(time, amount, unit);
  }
  return Number.isFinite(time) ? time : null;
}

function addUnits(time: number, amount: number, unit: string): number {
  switch (unit) {
    case 'y':
      return addMonths(time, amount * 12);
    case 'M':
      return addMonths(time, amount);
    case 'w':
      return time + amount * 7 * 86_400_000;
    case 'd':
      return time + amount * 86_400_000;
    case 'h':
    case 'H':
      return time + amount * 3_600_000;
    case 'm':
      return time + amount * 60_000;
    default:
      return time + amount * 1000;
  }
}

/** Calendar months, clamping the day like java.time (Jan 31 + 1M = Feb 28/29). */
function addMonths(time: number, months: number): number {
  const date = new Date(time);
  const target = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(target / 12);
  const month = ((target % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  return Date.UTC(year, month, day) + (time - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function floorTo(time: number, unit: string): number {
  const d = new Date(time);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (unit) {
    case 'y':
      return Date.UTC(y, 0, 1);
    case 'M':
      return Date.UTC(y, mo, 1);
    case 'w':
      // ISO weeks start on Monday.
      return Date.UTC(y, mo, day - ((d.getUTCDay() + 6) % 7));
    case 'd':
      return Date.UTC(y, mo, day);
    case 'h':
    case 'H':
      return Date.UTC(y, mo, day, d.getUTCHours());
    case 'm':
      return Date.UTC(y, mo, day, d.getUTCHours(), d.getUTCMinutes());
    default:
      return Date.UTC(y, mo, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  }
}

function ceilTo(time: number, unit: string): number {
  const floor = floorTo(time, unit);
  const next = unit === 'y' || unit === 'M' ? addMonths(floor, unit === 'y' ? 12 : 1) : addUnits(floor, 1, unit);
  return next - 1;
}

function parseDate(text: string, roundUp: boolean): number | null {
  const match = ISO_DATE.exec(text);
  if (match === null) return EPOCH_MILLIS.test(text) ? Math.trunc(Number(text)) : null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const fill = (part: string | undefined, low: number, high: number): number =>
    part === undefined ? (roundUp ? high : low) : Number(part);
  const y = Number(year);
  const mo = fill(month, 1, 12) - 1;
  const d = fill(day, 1, daysInMonth(y, mo));
  const h = fill(hour, 0, 23);
  const mi = fill(minute, 0, 59);
  const s = fill(second, 0, 59);
  const ms = fraction === undefined ? (roundUp ? 999 : 0) : Number(fraction.padEnd(3, '0').slice(0, 3));
  if (mo > 11 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  const utc = Date.UTC(y, mo, d, h, mi, s, ms);
  return utc - zoneOffsetMillis(zone);
}

function zoneOffsetMillis(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
}
