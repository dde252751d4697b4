import type { TimeSpan, TimeUnit } from './ast.ts';

/** Milliseconds per unit of the time units Elasticsearch accepts in `with maxspan=`. */
export const TIME_UNIT_MILLIS: Readonly<Record<TimeUnit, number>> = {
  nanos: 1e-6,
  micros: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

export function isTimeUnit(text: string): text is TimeUnit {
  return Object.hasOwn(TIME_UNIT_MILLIS, text);
}

export function timeSpan(value: number, unit: TimeUnit): TimeSpan {
  return { value, unit, millis: value * TIME_UNIT_MILLIS[unit] };
}
