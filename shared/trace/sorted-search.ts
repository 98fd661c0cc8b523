/**
 * Binary searches over what the table keeps in order: plain sorted columns, and a row's event
 * indices in time order, searched by their times through the time column.
 */

type Sorted = Float64Array | Int32Array | Uint32Array;

/** First k whose sorted[k] is ≥ value. */
export function lowerBound(sorted: Sorted, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First k whose sorted[k] is > value. */
export function upperBound(sorted: Sorted, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First k whose event's time, times[indices[k]], is ≥ t: a row's indices are in time order. */
export function rowLowerBound(indices: Uint32Array, times: Float64Array, t: number): number {
  let lo = 0;
  let hi = indices.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[indices[mid] as number] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * rowLowerBound where the answer is known to be at least `from`, and likely near from + `stride`: a
 * row's bin edges are found in order, so each search gallops from the last edge by the last bin's
 * count, and its few probes stay near it in both arrays.
 */
export function rowLowerBoundFrom(indices: Uint32Array, times: Float64Array, t: number, from: number, stride: number): number {
  const n = indices.length;
  let lo = from;
  let hi = from;
  for (let step = Math.max(stride, 1); hi < n && (times[indices[hi] as number] as number) < t; step *= 2) {
    lo = hi + 1;
    hi = Math.min(hi + step, n);
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[indices[mid] as number] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First k (from `from` on) whose event's time, times[indices[k]], is > t. */
export function rowUpperBound(indices: Uint32Array, times: Float64Array, t: number, from = 0): number {
  let lo = from;
  let hi = indices.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[indices[mid] as number] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
