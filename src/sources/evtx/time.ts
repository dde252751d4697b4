/**
 * Windows times as Windows' own event XML writes them (EvtRender): FILETIME with all seven
 * fractional digits (`2019-03-18T16:57:37.9333240Z`), SYSTEMTIME with milliseconds.
 */
import { u16, u32 } from './bytes.ts';

/** Seconds from 1601-01-01 (the FILETIME epoch) to 1970-01-01. */
const EPOCH_DELTA_SECONDS = 11_644_473_600;
const TICKS_PER_SECOND = 10_000_000;

/**
 * A FILETIME (100 ns ticks since 1601, little-endian u64 at `at`) as ISO 8601 with 7 fractional
 * digits. Seconds and ticks are split without leaving exact integer range: 2^32 = 429 s +
 * 4,967,296 ticks.
 */
export function filetimeIso(bytes: Uint8Array, at: number): string {
  const low = u32(bytes, at);
  const high = u32(bytes, at + 4);
  const carry = high * 4_967_296 + low; // < 2^53 for any date before year 26,000
  const seconds = high * 429 + Math.floor(carry / TICKS_PER_SECOND);
  const ticks = carry % TICKS_PER_SECOND;
  return isoSeconds(seconds - EPOCH_DELTA_SECONDS, String(ticks).padStart(7, '0'));
}

/** The FILETIME as Unix milliseconds (for sorting and range checks). */
export function filetimeMillis(bytes: Uint8Array, at: number): number {
  const low = u32(bytes, at);
  const high = u32(bytes, at + 4);
  return (high * 0x1_0000_0000 + low) / 10_000 - EPOCH_DELTA_SECONDS * 1000;
}

/** A SYSTEMTIME (eight u16: year, month, weekday, day, hour, minute, second, ms) as ISO 8601 with milliseconds. */
export function systemtimeIso(bytes: Uint8Array, at: number): string {
  const year = u16(bytes, at);
  const parts = [u16(bytes, at + 2), u16(bytes, at + 6), u16(bytes, at + 8), u16(bytes, at + 10), u16(bytes, at + 12)];
  const [month, day, hour, minute, second] = parts.map((n) => String(n).padStart(2, '0'));
  const millis = String(u16(bytes, at + 14)).padStart(3, '0');
  return `${String(year).padStart(4, '0')}-${month}-${day}T${hour}:${minute}:${second}.${millis}Z`;
}

const DAY_SECONDS = 86_400;

/** Unix seconds as `YYYY-MM-DDTHH:MM:SS.<fraction>Z` (proleptic Gregorian, UTC). */
function isoSeconds(unixSeconds: number, fraction: string): string {
  const days = Math.floor(unixSeconds / DAY_SECONDS);
  const secondOfDay = unixSeconds - days * DAY_SECONDS;
  const { year, month, day } = civilFromDays(days);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  const second = secondOfDay % 60;
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${fraction}Z`;
}

/** Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm; exact for every integer day). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}
