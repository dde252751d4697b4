/**
 * A monotonic clock for per-rule timings: `performance.now()` where the host has it (browsers,
 * Workers, Node), else `Date.now()`. The engine's type environment knows neither host.
 */
const performanceClock = (globalThis as { performance?: { now(): number } }).performance;

export function elapsedMillis(): number {
  return performanceClock ? performanceClock.now() : Date.now();
}
