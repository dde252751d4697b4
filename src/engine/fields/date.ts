/**
 * Dates as Elasticsearch's default date format `strict_date_optional_time||epoch_millis` parses
 * them, to epoch milliseconds (the `date` type's resolution: sub-millisecond digits are dropped).
 *
 * - ISO 8601 (ES 8.x/9.x fast `Iso8601Parser`): `yyyy[-MM[-dd[THH[:mm[:ss[(.|,)fraction]]]]]]`
 *   plus a zone after the hour, minute, second or fraction: `Z`, `±HH`, `±HH:mm`, `±HHmm`,
 *   `±HH:mm:ss`, or `UTC`/`GMT`/`UT` (optionally followed by an offset). Exactly four year digits
 *   (a leading `-` for negative years); no zone means UTC. Named regions (`Europe/Paris`) are not
 *   supported (they need a time-zone database): they give null.
 * - epoch millis: `-?digits[.fraction]`. The ISO form is tried first, so a four-digit number such as
 *   `2024` (JSON number or string) is the year 2024, exactly as ES indexes it.
 */
import { remembered } from './recent.ts';

const ISO_DATE = /^(-?)(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(?:(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(.*))?)?)?)?$/;
const OFFSET = /^([+-])(\d{2})(?:(:?)(\d{2})(?:\3(\d{2}))?)?$/;
const NAMED_UTC = /^(?:UTC|GMT|UT)(?=$|[+-])/;
const EPOCH_MILLIS = /^-?\d{1,19}(?:\.\d{1,6})?$/;

const MS_PER_DAY = 86_400_000;
const MAX_OFFSET_SECONDS = 18 * 3600;

/** Parsed once per text lately seen: every rule reads an event's `@timestamp`. */
const parseText = remembered(parseDate);

export function dateForm(value: string | number | boolean): number | null {
  if (typeof value === 'boolean') return null;
  return typeof value === 'number' ? parseDate(String(value)) : parseText(value);
}

function parseDate(text: string): number | null {
  return parseIsoDate(text) ?? parseEpochMillis(text);
}

function parseIsoDate(text: string): number | null {
  const match = ISO_DATE.exec(text);
  if (match === null) return null;
  const [, sign, yearText, monthText, dayText, hourText, minuteText, secondText, fraction, zoneText] = match;
  const year = Number(yearText) * (sign === '-' ? -1 : 1);
  const month = monthText === undefined ? 1 : Number(monthText);
  const day = dayText === undefined ? 1 : Number(dayText);
  const hour = hourText === undefined ? 0 : Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetSeconds = 0;
  if (zoneText !== undefined && zoneText !== '') {
    // A zone needs an hour before it (`2024-01-01TZ` is invalid).
    if (hourText === undefined) return null;
    const parsed = parseZoneOffset(zoneText);
    if (parsed === null) return null;
    offsetSeconds = parsed;
  }
  const millis = fraction === undefined ? 0 : Math.floor(Number(fraction.padEnd(9, '0')) / 1e6);
  return (
    daysFromCivil(year, month, day) * MS_PER_DAY +
    ((hour * 60 + minute) * 60 + second - offsetSeconds) * 1000 +
    millis
  );
}

/** Seconds east of UTC, or null when the zone is not an offset this parser knows. */
function parseZoneOffset(zone: string): number | null {
  if (zone === 'Z') return 0;
  const named = NAMED_UTC.exec(zone);
  const offsetText = named === null ? zone : zone.slice(named[0].length);
  if (named !== null && offsetText === '') return 0;
  const match = OFFSET.exec(offsetText);
  if (match === null) return null;
  const [, sign, hours, , minutes, seconds] = match;
  const total = Number(hours) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
  if (Number(minutes ?? 0) > 59 || Number(seconds ?? 0) > 59 || total > MAX_OFFSET_SECONDS) return null;
  return sign === '-' ? -total : total;
}

function parseEpochMillis(text: string): number | null {
  if (!EPOCH_MILLIS.test(text)) return null;
  // An instant's epoch millis round toward negative infinity (Java's Instant.toEpochMilli).
  const millis = Math.floor(Number(text));
  return Number.isSafeInteger(millis) ? millis : null;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (Date.UTC maps years 0-99 to 19xx). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthIndex = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthIndex + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
