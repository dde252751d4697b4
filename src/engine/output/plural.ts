/**
 * Counts in sentences, the one way every summary writes them (`loupe` on stderr, the app, the
 * HTML report): digits grouped as in en-US, and the noun singular for exactly one.
 */

export function formatCount(count: number): string {
  // Integers grouped by hand: the first toLocaleString builds ICU's number formatter (~12 ms of a 0.2 s CLI start).
  if (!Number.isSafeInteger(count)) return count.toLocaleString('en-US');
  const digits = Math.abs(count).toString().replace(/\B(?=(\d{3})+$)/g, ',');
  return count < 0 ? `-${digits}` : digits;
}

/** `plural(1, 'event')` is "1 event", `plural(2, 'match', 'matches')` "2 matches". */
export function plural(count: number, noun: string, nounPlural = `${noun}s`): string {
  return `${formatCount(count)} ${count === 1 ? noun : nounPlural}`;
}
