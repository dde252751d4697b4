/** Binary searches and a merge over ascending lists of times (epoch ms). */

/** The first position in ascending `times` holding `time` or later. */
export function firstAtOrAfter(times: ArrayLike<number>, time: number): number {
  return search(times, (at) => at < time);
}

/** The first position in ascending `times` holding a time after `time`. */
export function firstAfter(times: ArrayLike<number>, time: number): number {
  return search(times, (at) => at <= time);
}

/** The first position where `before` stops holding (it holds for a prefix). */
function search(times: ArrayLike<number>, before: (time: number) => boolean): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(times[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Two ascending lists as one. */
export function mergeSorted(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++) out[k] = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
  return out;
}
